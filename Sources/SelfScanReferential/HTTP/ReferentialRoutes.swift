import Foundation
import Hummingbird
import SelfScanCore
import SelfScanSync

/// The `/v1` routes. Each handler checks its input, asks the store, and answers JSON or JSON Lines.
struct ReferentialRoutes {
    typealias Context = ReferentialRequestContext
    let store: any ReferentialStore
    /// Products per page when a snapshot is streamed whole.
    let snapshotPageSize: Int

    func register(on router: Router<Context>) {
        router.get("/v1/health") { _, _ in try await health() }
        router.get("/v1/catalog/version") { _, _ in
            try json(CatalogVersionAnswer(version: try await store.currentCatalogVersion()))
        }
        router.get("/v1/catalog/snapshot") { request, _ in try await snapshot(request) }
        router.get("/v1/catalog/deltas") { request, _ in try await deltas(request) }
        router.get("/v1/stores/self") { _, context in try await ownStore(context) }
        router.post("/v1/ingest") { request, context in try await ingest(request, context) }
        router.get("/v1/stock/:gtin") { _, context in try await stock(context) }
        router.post("/v1/reservations") { request, context in try await reserve(request, context) }
        router.get("/v1/customers/:card") { _, context in try await customer(context) }
    }

    func health() async throws -> Response {
        try json(CatalogVersionAnswer(version: try await store.currentCatalogVersion()))
    }

    func ownStore(_ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        guard let record = try await store.store(device.storeID) else {
            throw APIError(.notFound, "store \(device.storeID) is not known")
        }
        return try json(record)
    }

    // MARK: Catalog

    func snapshot(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let after: GTIN? = try query.get("after").map { text in
            do { return try GTIN(String(text)) } catch { throw APIError(.invalidRequest, "after must be a GTIN") }
        }
        let limit: Int? = try query.get("limit").map { text in
            guard let value = Int(text), value > 0 else { throw APIError(.invalidRequest, "limit must be > 0") }
            return value
        }
        let current = try await store.currentCatalogVersion()
        if notModified(request, version: current) { return notModifiedResponse(current) }
        let pageSize = min(limit ?? snapshotPageSize, snapshotPageSize)
        let first = try await store.snapshotPage(after: after, limit: pageSize)
        let store = self.store
        let body = ResponseBody { writer in
            let codec = CatalogLinesCodec()
            var buffer = Data()
            buffer.append(try codec.encode(.header(version: first.version, baseVersion: nil)))
            var page = first.products
            var sent = 0
            var last = after
            while true {
                for product in page {
                    buffer.append(try codec.encode(.product(product)))
                    sent += 1
                    last = product.gtin
                    if buffer.count >= 64 * 1024 {
                        try await writer.write(ByteBuffer(bytes: buffer))
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                let reachedLimit = limit.map { sent >= $0 } ?? false
                if page.count < pageSize || reachedLimit {
                    let complete = page.count < pageSize
                    buffer.append(try codec.encode(.end(count: sent, complete: complete, next: complete ? nil : last)))
                    break
                }
                page = try await store.snapshotPage(after: last, limit: min(pageSize, (limit ?? .max) - sent)).products
            }
            try await writer.write(ByteBuffer(bytes: buffer))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: catalogHeaders(first.version), body: body)
    }

    func deltas(_ request: Request) async throws -> Response {
        guard let sinceText = request.uri.queryParameters.get("since") else {
            throw APIError(.invalidRequest, "since=<version> is required")
        }
        let since: CatalogVersionNumber
        do { since = try CatalogVersionNumber(text: String(sinceText)) } catch {
            throw APIError(.invalidRequest, error.description)
        }
        let current = try await store.currentCatalogVersion()
        guard since <= current else {
            throw APIError(.unknownCatalogVersion, "version \(since) is beyond the current version \(current)")
        }
        if notModified(request, version: current) { return notModifiedResponse(current) }
        let changes = try await store.changes(since: since)
        let codec = CatalogLinesCodec()
        var data = try codec.encode(.header(version: changes.version, baseVersion: since))
        for product in changes.upserts { data.append(try codec.encode(.product(product))) }
        for gtin in changes.removals { data.append(try codec.encode(.removed(gtin))) }
        data.append(try codec.encode(.end(count: changes.upserts.count + changes.removals.count, complete: true, next: nil)))
        return Response(
            status: .ok, headers: catalogHeaders(changes.version), body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    func notModified(_ request: Request, version: CatalogVersionNumber) -> Bool {
        guard let tags = request.headers[.ifNoneMatch] else { return false }
        return tags.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == version.etag }
    }

    func notModifiedResponse(_ version: CatalogVersionNumber) -> Response {
        Response(status: .notModified, headers: [.eTag: version.etag])
    }

    func catalogHeaders(_ version: CatalogVersionNumber) -> HTTPFields {
        [.contentType: ProtocolRoutes.jsonLinesContentType, .eTag: version.etag, .cacheControl: "no-cache"]
    }

    // MARK: Ingest

    func ingest(_ request: Request, _ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        let batch = try await decodeBody(IngestBatch.self, request)
        guard batch.storeID == device.storeID, batch.items.allSatisfy({ $0.storeID == device.storeID }) else {
            throw APIError(.wrongStore, "this token may only post for store \(device.storeID)")
        }
        guard batch.items.count <= IngestBatch.maxItems else {
            throw APIError(.payloadTooLarge, "at most \(IngestBatch.maxItems) items per batch")
        }
        let results = try await store.ingest(batch.items, from: device)
        return try json(IngestResponse(results: results))
    }

    // MARK: Stock, click & collect, customers

    func stock(_ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        let text = try context.parameters.require("gtin")
        let gtin: GTIN
        do { gtin = try GTIN(text) } catch { throw APIError(.invalidRequest, "not a GTIN: \(text)") }
        let levels = try await store.stock(gtin: gtin)
        return try json(
            StockAnswer(
                gtin: gtin, thisStore: levels.first { $0.storeID == device.storeID },
                otherStores: levels.filter { $0.storeID != device.storeID }))
    }

    func reserve(_ request: Request, _ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        let reservation = try await decodeBody(ReservationRequest.self, request)
        guard reservation.quantity > 0, reservation.quantity <= 10_000 else {
            throw APIError(.invalidRequest, "quantity must be 1…10000")
        }
        let answer = try await store.reserve(reservation, for: device.storeID)
        return try json(answer, status: answer.replayed ? .ok : .created)
    }

    func customer(_ context: Context) async throws -> Response {
        _ = try context.requireDevice()
        let card = try context.parameters.require("card")
        guard let profile = try await store.customer(card: card) else {
            throw APIError(.notFound, "no customer holds card \(card)")
        }
        return try json(profile)
    }

    // MARK: Encoding

    func decodeBody<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > ProtocolRoutes.maxBodyBytes {
            throw APIError(.payloadTooLarge, "body of \(length) bytes exceeds \(ProtocolRoutes.maxBodyBytes)")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: ProtocolRoutes.maxBodyBytes)
        do {
            return try ProtocolJSON.decoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError(.malformedJSON, "body is not a valid \(T.self): \(error)")
        }
    }

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try ProtocolJSON.encoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
