public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
public import SelfScanCore

/// The daemon's side of the `/v1` protocol over AsyncHTTPClient: one device token, one store.
public struct ReferentialClient: Sendable {
    public let baseURL: String
    let token: String
    let http: HTTPClient
    let timeout: TimeAmount
    /// Largest answer read (catalog snapshots stream in pages of this size at most).
    let maxResponseBytes: Int

    /// - Parameters:
    ///   - baseURL: e.g. `http://127.0.0.1:8090` (no trailing slash).
    ///   - token: the device bearer token from `selfscan referential issue-token`.
    public init(
        baseURL: String, token: String, http: HTTPClient = .shared, timeout: Duration = .seconds(15),
        maxResponseBytes: Int = 64 << 20
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.http = http
        let (seconds, attoseconds) = timeout.components
        self.timeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        self.maxResponseBytes = maxResponseBytes
    }

    // MARK: Catalog

    /// The changes since `version`, or nil when the referential answers 304 (nothing changed).
    public func catalogChanges(since version: CatalogVersionNumber) async throws(SyncError) -> CatalogChanges? {
        let (status, data) = try await send(
            "GET", "/v1/catalog/deltas?since=\(version.value)", headers: [("If-None-Match", version.etag)])
        if status == 304 { return nil }
        try Self.check(status: status, data: data)
        return try Self.parseCatalog(data)
    }

    /// The full catalog, downloaded in pages of `pageSize` and resumed after the last product received.
    public func catalogSnapshot(pageSize: Int = 5000) async throws(SyncError) -> CatalogChanges {
        var products: [CatalogProduct] = []
        var after: GTIN?
        var version: CatalogVersionNumber?
        while true {
            var path = "/v1/catalog/snapshot?limit=\(pageSize)"
            if let after { path += "&after=\(after.digits14)" }
            let (status, data) = try await send("GET", path)
            try Self.check(status: status, data: data)
            let page = try Self.parseCatalog(data)
            // The first page's version is the snapshot's: later pages may be newer, and the delta pulled
            // after the snapshot re-applies anything that changed meanwhile.
            if version == nil { version = page.version }
            products += page.upserts
            guard let last = page.upserts.last, page.upserts.count >= pageSize else { break }
            after = last.gtin
        }
        return CatalogChanges(
            isSnapshot: true, version: version ?? .empty, baseVersion: nil, upserts: products, removals: [])
    }

    // MARK: Ingest

    /// Posts a batch; the answer has one result per item, in order.
    public func ingest(_ batch: IngestBatch) async throws(SyncError) -> IngestResponse {
        let body: Data
        do { body = try ProtocolJSON.encoder().encode(batch) } catch {
            throw SyncError(.protocolViolation, context: "cannot encode batch: \(error)")
        }
        let (status, data) = try await send("POST", "/v1/ingest", body: body)
        try Self.check(status: status, data: data)
        let response: IngestResponse = try Self.decode(data)
        guard response.results.map(\.id) == batch.items.map(\.id) else {
            throw SyncError(.protocolViolation, context: "ingest answer does not match the batch's items")
        }
        return response
    }

    // MARK: Stock, click & collect, customers

    public func stock(gtin: GTIN) async throws(SyncError) -> StockAnswer {
        let (status, data) = try await send("GET", "/v1/stock/\(gtin.digits14)")
        try Self.check(status: status, data: data)
        return try Self.decode(data)
    }

    public func reserve(_ request: ReservationRequest) async throws(SyncError) -> Reservation {
        let body: Data
        do { body = try ProtocolJSON.encoder().encode(request) } catch {
            throw SyncError(.protocolViolation, context: "cannot encode reservation: \(error)")
        }
        let (status, data) = try await send("POST", "/v1/reservations", body: body)
        try Self.check(status: status, data: data)
        return try Self.decode(data)
    }

    /// The customer holding `card`, nil when the referential knows no such card.
    public func customer(card: String) async throws(SyncError) -> CustomerProfile? {
        let escaped = card.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? card
        let (status, data) = try await send("GET", "/v1/customers/\(escaped)")
        if status == 404 { return nil }
        try Self.check(status: status, data: data)
        return try Self.decode(data)
    }

    /// The catalog version the referential is at (also a cheap reachability probe).
    public func health() async throws(SyncError) -> CatalogVersionAnswer {
        let (status, data) = try await send("GET", "/v1/health")
        try Self.check(status: status, data: data)
        return try Self.decode(data)
    }

    // MARK: Transport

    func send(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: Data? = nil
    ) async throws(SyncError) -> (Int, Data) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/json, application/x-ndjson")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await http.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return (Int(response.status.code), Data(buffer.readableBytesView))
        } catch {
            throw SyncError(.transport, context: "\(method) \(path): \(error)")
        }
    }

    static func check(status: Int, data: Data) throws(SyncError) {
        guard !(200..<300).contains(status) else { return }
        let body = try? ProtocolJSON.decoder().decode(ProtocolErrorBody.self, from: data)
        throw SyncError(
            .server, status: status, protocolCode: body?.error.code,
            context: body?.error.message ?? String(decoding: data.prefix(200), as: UTF8.self))
    }

    static func decode<T: Decodable>(_ data: Data) throws(SyncError) -> T {
        do { return try ProtocolJSON.decoder().decode(T.self, from: data) } catch {
            throw SyncError(.protocolViolation, context: "cannot decode \(T.self): \(error)")
        }
    }

    static func parseCatalog(_ data: Data) throws(SyncError) -> CatalogChanges {
        do { return try CatalogLinesCodec().decode(data) } catch {
            throw SyncError(.protocolViolation, context: error.description)
        }
    }
}
