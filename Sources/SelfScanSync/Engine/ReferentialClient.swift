public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
public import SelfScanAPI
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

    /// The changes since `version` as a verified delta, or nil when the referential answers 304 (current).
    public func catalogDelta(since version: CatalogVersion) async throws(SyncError) -> CatalogDownload? {
        let (status, data) = try await send(
            ReferentialEndpoints.catalogDeltas, query: "since=\(version.rawValue)&\(CatalogRecordSelection.queryName)=\(CatalogRecordSelection.suggestionsValue)", headers: [("If-None-Match", version.etag)])
        if status == 304 { return nil }
        try Self.check(status: status, data: data)
        var decoder = CatalogLineDecoder()
        let download = try Self.feed(data, into: &decoder, header: nil, records: [])
        return try Self.finish(decoder, download)
    }

    /// The full catalog as a verified snapshot. A download cut midway resumes after the last complete record
    /// (`after=<n>&version=<v>`, up to `resumeAttempts` times); the referential answers 409
    /// `catalogVersionChanged` when the catalog moved on meanwhile, and the download restarts.
    public func catalogSnapshot(resumeAttempts: Int = 3) async throws(SyncError) -> CatalogDownload {
        var restarts = 0
        var decoder = CatalogLineDecoder()
        var partial: (header: CatalogFileHeader?, records: [CatalogRecord]) = (nil, [])
        var cuts = 0
        while true {
            var path = ReferentialEndpoints.catalogSnapshot.url()
                + "?\(CatalogRecordSelection.queryName)=\(CatalogRecordSelection.suggestionsValue)"
            if let header = partial.header {
                path += "&after=\(partial.records.count)&version=\(header.catalogVersion.rawValue)"
            }
            let (status, data, cut) = try await exchange("GET", path)
            if status == 409, restarts < resumeAttempts {
                // The catalog moved on while we were resuming: start again from the top.
                restarts += 1
                decoder = CatalogLineDecoder()
                partial = (nil, [])
                continue
            }
            try Self.check(status: status, data: data)
            partial = try Self.feed(data, into: &decoder, header: partial.header, records: partial.records)
            if decoder.isFinished { return try Self.finish(decoder, partial) }
            guard cuts < resumeAttempts else {
                throw cut ?? SyncError(.transport, context: "catalog snapshot cut after \(partial.records.count) records")
            }
            cuts += 1
        }
    }

    /// Feeds the complete lines of `data` to the decoder; a last line without its newline (a cut body) is
    /// dropped so that a resume starts after the last complete record.
    static func feed(
        _ data: Data, into decoder: inout CatalogLineDecoder, header: CatalogFileHeader?, records: [CatalogRecord]
    ) throws(SyncError) -> (header: CatalogFileHeader?, records: [CatalogRecord]) {
        var header = header
        var records = records
        var start = data.startIndex
        while let newline = data[start...].firstIndex(of: 0x0A) {
            let line = data[start..<newline]
            start = data.index(after: newline)
            do {
                switch try decoder.decode(line: Data(line)) {
                case .header(let value): header = value
                case .record(let record): records.append(record)
                case .trailer: return (header, records)
                }
            } catch {
                throw SyncError(.protocolViolation, context: "catalog stream: \(error)")
            }
        }
        return (header, records)
    }

    static func finish(
        _ decoder: CatalogLineDecoder, _ partial: (header: CatalogFileHeader?, records: [CatalogRecord])
    ) throws(SyncError) -> CatalogDownload {
        do { try decoder.finish() } catch {
            throw SyncError(.transport, context: "catalog stream cut: \(error)")
        }
        guard let header = partial.header else { throw SyncError(.protocolViolation, context: "catalog stream has no header") }
        return CatalogDownload(header: header, records: partial.records)
    }

    // MARK: Ingest

    /// Posts a batch; the answer has one result per item, in order.
    public func ingest(_ batch: IngestBatch) async throws(SyncError) -> IngestResponse {
        try await ingest(Self.body(of: batch))
    }

    /// A batch written as the body `ingest` posts, with its items' ids (to check the answer against).
    public struct EncodedIngestBatch: Sendable {
        public let body: Data
        public let ids: [String]
    }

    /// `batch` as `ingest` sends it: written once, postable again as is (a retry, or a benchmark that writes its
    /// bodies before the clock starts, as pgbench parses its script before its run).
    public static func body(of batch: IngestBatch) throws(SyncError) -> EncodedIngestBatch {
        do {
            let body = try IngestBatchWriter.encode(batch) ?? ProtocolJSON.encoder().encode(batch)
            return EncodedIngestBatch(body: body, ids: batch.items.map(\.id))
        } catch {
            throw SyncError(.protocolViolation, context: "cannot encode batch: \(error)")
        }
    }

    /// Posts a written batch; the answer has one result per item, in order.
    public func ingest(_ batch: EncodedIngestBatch) async throws(SyncError) -> IngestResponse {
        let (status, data) = try await send(ReferentialEndpoints.ingest, body: batch.body)
        try Self.check(status: status, data: data)
        let response: IngestResponse
        if let read = IngestAnswerReader.read(data) { response = read } else { response = try Self.decode(data) }
        guard response.results.map(\.id) == batch.ids else {
            throw SyncError(.protocolViolation, context: "ingest answer does not match the batch's items")
        }
        return response
    }

    // MARK: Stock, click & collect, customers

    public func stock(gtin: GTIN) async throws(SyncError) -> StockAnswer {
        let (status, data) = try await send(ReferentialEndpoints.stock, gtin.digits14)
        try Self.check(status: status, data: data)
        return try Self.decode(data)
    }

    public func reserve(_ request: ReservationRequest) async throws(SyncError) -> Reservation {
        let body: Data
        do { body = try ProtocolJSON.encoder().encode(request) } catch {
            throw SyncError(.protocolViolation, context: "cannot encode reservation: \(error)")
        }
        let (status, data) = try await send(ReferentialEndpoints.reserve, body: body)
        try Self.check(status: status, data: data)
        return try Self.decode(data)
    }

    /// The reservations `store` has to prepare (by default those still `reserved` or `ordered`), oldest first.
    public func reservations(
        fulfilmentStore store: StoreID, statuses: [ReservationStatus] = ReservationStatus.toPick
    ) async throws(SyncError) -> [Reservation] {
        let escaped = store.rawValue.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? store.rawValue
        let status = statuses.map(\.rawValue).joined(separator: ",")
        let (code, data) = try await send(ReferentialEndpoints.reservations, query: "fulfilmentStore=\(escaped)&status=\(status)")
        try Self.check(status: code, data: data)
        let list: ReservationList = try Self.decode(data)
        return list.reservations
    }

    /// Marks a reservation prepared (idempotent: marking it again answers the same).
    public func markPicked(reservation id: UUID) async throws(SyncError) -> Reservation {
        let (status, data) = try await send(ReferentialEndpoints.markPicked, id.uuidString)
        try Self.check(status: status, data: data)
        return try Self.decode(data)
    }

    /// The customer holding `card`, nil when the referential knows no such card.
    public func customer(card: String) async throws(SyncError) -> CustomerAnswer? {
        let (status, data) = try await send(ReferentialEndpoints.customer, card)
        if status == 404 { return nil }
        try Self.check(status: status, data: data)
        return try Self.decode(data)
    }

    /// The catalog version the referential is at (also a cheap reachability probe).
    public func health() async throws(SyncError) -> CatalogVersionAnswer {
        let (status, data) = try await send(ReferentialEndpoints.health)
        try Self.check(status: status, data: data)
        return try Self.decode(data)
    }

    // MARK: Transport

    /// One call of a contract endpoint: its path filled with `parameters` (percent-encoded), plus `query`.
    func send(
        _ endpoint: Endpoint, _ parameters: String..., query: String? = nil, headers: [(String, String)] = [],
        body: Data? = nil
    ) async throws(SyncError) -> (Int, Data) {
        var path = endpoint.url(parameters)
        if let query { path += "?" + query }
        return try await send(endpoint.method.rawValue, path, headers: headers, body: body)
    }

    func send(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: Data? = nil
    ) async throws(SyncError) -> (Int, Data) {
        let (status, data, cut) = try await exchange(method, path, headers: headers, body: body)
        if let cut { throw cut }
        return (status, data)
    }

    /// One request. A body cut after the status arrived is returned as far as it came, with the error.
    func exchange(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: Data? = nil
    ) async throws(SyncError) -> (status: Int, data: Data, cut: SyncError?) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/json, application/x-ndjson")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        do { response = try await http.execute(request, timeout: timeout) } catch {
            throw SyncError(.transport, context: "\(method) \(path): \(error)")
        }
        var data = Data()
        do {
            for try await chunk in response.body {
                data.append(contentsOf: chunk.readableBytesView)
                guard data.count <= maxResponseBytes else {
                    throw SyncError(.protocolViolation, context: "answer larger than \(maxResponseBytes) bytes")
                }
            }
        } catch let error as SyncError {
            throw error
        } catch {
            return (Int(response.status.code), data, SyncError(.transport, context: "\(method) \(path) cut: \(error)"))
        }
        return (Int(response.status.code), data, nil)
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
}
