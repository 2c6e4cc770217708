import Foundation
import Hummingbird
import SelfScanHTTP
import SelfScanAPI
import SelfScanCore

/// The `/v1` routes. Each handler checks its input, asks the store, and answers JSON or JSON Lines.
struct ReferentialRoutes {
    typealias Context = ReferentialRequestContext
    let store: any ReferentialStore
    /// Products per page when a snapshot is streamed whole.
    let snapshotPageSize: Int
    /// This node's recently built delta chunks (one per router: a node).
    let chunks = DeltaChunkCache()
    /// This node's memory of the catalog version each device was last recorded at.
    let positions = CatalogPositionMemory()

    func register(on router: Router<Context>) {
        router.on(ReferentialEndpoints.health) { _, _ in try await health() }
        router.on(ReferentialEndpoints.catalogVersion) { _, _ in
            try json(CatalogVersionAnswer(version: try await store.currentCatalogVersion()))
        }
        router.on(ReferentialEndpoints.catalogSnapshot) { request, context in
            try await recordCatalogPosition(request, context, snapshot: true)
            return try await snapshot(request, selection: recordSelection(request, context))
        }
        router.on(ReferentialEndpoints.catalogDeltas) { request, context in
            try await recordCatalogPosition(request, context, snapshot: false)
            return try await deltas(request, selection: recordSelection(request, context))
        }
        router.on(ReferentialEndpoints.ownStore) { _, context in try await ownStore(context) }
        router.on(ReferentialEndpoints.ingest) { request, context in try await ingest(request, context) }
        router.on(ReferentialEndpoints.stock) { _, context in try await stock(context) }
        router.on(ReferentialEndpoints.reserve) { request, context in try await reserve(request, context) }
        router.on(ReferentialEndpoints.reservations) { request, context in try await reservations(request, context) }
        router.on(ReferentialEndpoints.markPicked) { _, context in try await markPicked(context) }
        router.on(ReferentialEndpoints.customer) { _, context in try await customer(context) }
        router.on(ReferentialEndpoints.claimSession) { request, context in try await claimHandoff(request, context) }
        router.on(ReferentialEndpoints.exits) { request, context in try await exits(request, context) }
        router.on(ReferentialEndpoints.spendCoupon) { request, context in try await spendCoupon(request, context) }
        router.on(ReferentialEndpoints.auditFlags) { _, context in try await auditFlags(context) }
        registerPrivacy(on: router)
        registerDeltaChunks(on: router)
        registerSuggestionsAndReceipts(on: router)
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

    /// The live catalog as one catalog-format snapshot. `after=<n>&version=<v>` resumes a cut download: the
    /// answer then holds the records after the n-th and the trailer (whose hash covers the whole file, so the
    /// client's decoder, fed the first part and then this one, verifies the whole), provided the catalog is
    /// still at `v` (else 409 `catalogVersionChanged`).
    func snapshot(_ request: Request, selection: CatalogRecordSelection) async throws -> Response {
        let query = request.uri.queryParameters
        var resume: (after: Int, version: CatalogVersion)?
        if let afterText = query.get("after") {
            guard let after = Int(afterText), after >= 0, let versionText = query.get("version"),
                let version = CatalogVersion(queryText: versionText)
            else { throw APIError(.invalidRequest, "resume with after=<record count>&version=<catalog version>") }
            resume = (after, version)
        }
        let current = try await store.currentCatalogVersion()
        if resume == nil, notModified(request, version: current) { return notModifiedResponse(current) }
        // Streamed page by page (`snapshotPageSize` records, each page one short read): memory holds one page and
        // one 64 KiB buffer, never the catalog.
        let first = try await store.catalogSnapshotPage(after: nil, limit: snapshotPageSize)
        if let resume, resume.version != first.version {
            throw APIError(.catalogVersionChanged, "the catalog moved from \(resume.version.rawValue) to \(first.version.rawValue): restart")
        }
        let header = CatalogFileHeader.snapshot(version: first.version, currency: first.currency, createdAt: first.publishedAt)
        let skip = resume?.after ?? 0
        let store = self.store
        let pageSize = snapshotPageSize
        let body = ResponseBody { writer in
            var encoder = CatalogLineEncoder(header: header)
            var buffer = Data()
            let headerLine = try encoder.headerLine()
            if skip == 0 { buffer.append(headerLine) }
            var index = 0
            var page = first
            while true {
                for record in page.records where selection.admits(record) {
                    let line = try encoder.line(for: record)
                    defer { index += 1 }
                    guard index >= skip else { continue }
                    buffer.append(line)
                    if buffer.count >= 64 * 1024 {
                        try await writer.write(ByteBuffer(bytes: buffer))
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                guard let next = page.next else { break }
                page = try await store.catalogSnapshotPage(after: next, limit: pageSize)
                // A version published mid-download: the body is cut (no trailer), the client resumes with
                // after=&version= and gets 409 catalogVersionChanged, then restarts on the new version.
                guard page.version == first.version else {
                    throw ReferentialError(.unknownCatalogVersion, "the catalog moved during the snapshot")
                }
            }
            buffer.append(encoder.trailerLine().line)
            try await writer.write(ByteBuffer(bytes: buffer))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: catalogHeaders(first.version), body: body)
    }

    func notModified(_ request: Request, version: CatalogVersion) -> Bool {
        guard let tags = request.headers[.ifNoneMatch] else { return false }
        return tags.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == version.etag }
    }

    func notModifiedResponse(_ version: CatalogVersion) -> Response {
        Response(status: .notModified, headers: [.eTag: version.etag])
    }

    func catalogHeaders(_ version: CatalogVersion) -> HTTPFields {
        [.contentType: ProtocolRoutes.jsonLinesContentType, .eTag: version.etag, .cacheControl: "no-cache"]
    }

    // MARK: Ingest

    func ingest(_ request: Request, _ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        let batch = try await decodeIngestBody(request)
        let storeID = device.storeID.rawValue
        guard batch.storeID == storeID else {
            throw APIError(.wrongStore, "this token may only post for store \(device.storeID)")
        }
        guard batch.count <= IngestBatch.maxItems else {
            throw APIError(.payloadTooLarge, "at most \(IngestBatch.maxItems) items per batch")
        }
        // One item for another store is refused alone: it never holds back the rest of the batch.
        let own = batch.items.filter { $0.item.storeID == storeID }
        var ownResults = try await store.ingest(
            DecodedIngestBatch(storeID: storeID, items: own), from: device, tokenHash: context.tokenHash
        ).makeIterator()
        let answers = batch.items.map { entry in
            let item = entry.item
            guard item.storeID == storeID, let result = ownResults.next() else {
                return IngestItemResult(
                    id: item.id, outcome: .rejected, reason: .wrongStore,
                    detail: "this token may only post for store \(device.storeID)")
            }
            return result
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: IngestAnswerWriter.encode(IngestResponse(results: answers)))))
    }

    // MARK: Stock, click & collect, customers

    func stock(_ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        let text = try context.parameters.require("gtin")
        let gtin: GTIN
        do { gtin = try GTIN(text) } catch { throw APIError(.invalidRequest, "not a GTIN: \(text)") }
        guard let (productID, levels) = try await store.stock(gtin: gtin) else {
            throw APIError(.notFound, "no product holds GTIN \(gtin.digits14)")
        }
        return try json(
            StockAnswer(
                gtin: gtin, productID: productID, thisStore: levels.first { $0.storeID == device.storeID },
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

    /// `?fulfilmentStore=ID&status=reserved,ordered`: only the token's own store (default: what is still to pick).
    func reservations(_ request: Request, _ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        let query = request.uri.queryParameters
        let fulfilment = query.get("fulfilmentStore").map { StoreID($0) } ?? device.storeID
        guard fulfilment == device.storeID else {
            throw APIError(.wrongStore, "this token may only list the reservations of store \(device.storeID)")
        }
        var statuses = ReservationStatus.toPick
        if let text = query.get("status") {
            statuses = try text.split(separator: ",").map { part in
                guard let status = ReservationStatus(rawValue: String(part)) else {
                    throw APIError(.invalidRequest, "status must list reserved, ordered or picked")
                }
                return status
            }
        }
        return try json(ReservationList(reservations: try await store.reservations(fulfilmentStore: fulfilment, statuses: statuses)))
    }

    func markPicked(_ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        let text = try context.parameters.require("id")
        guard let id = UUID(uuidString: text) else { throw APIError(.invalidRequest, "not a reservation id: \(text)") }
        return try json(try await store.markPicked(id, by: device.storeID))
    }

    func customer(_ context: Context) async throws -> Response {
        _ = try context.requireDevice()
        let card = try context.parameters.require("card")
        guard let answer = try await store.customer(card: card) else {
            throw APIError(.notFound, "no customer holds card \(card)")
        }
        return try json(answer)
    }

    // MARK: Encoding

    func decodeBody<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        try decode(T.self, from: try await collectBody(request))
    }

    /// The ingest body read straight from its bytes (`DecodedIngestBatch.fast`), or by `JSONDecoder` when the
    /// fast reader leaves it (an escape in a string, a fraction, a rare kind…): same items, same errors.
    func decodeIngestBody(_ request: Request) async throws -> DecodedIngestBatch {
        let buffer = try await collectBody(request)
        if let batch = buffer.withUnsafeReadableBytes({ DecodedIngestBatch.fast($0) }) { return batch }
        return try decode(DecodedIngestBatch.self, from: buffer)
    }

    func collectBody(_ request: Request) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > ProtocolRoutes.maxBodyBytes {
            throw APIError(.payloadTooLarge, "body of \(length) bytes exceeds \(ProtocolRoutes.maxBodyBytes)")
        }
        var request = request
        return try await request.collectBody(upTo: ProtocolRoutes.maxBodyBytes)
    }

    func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try ProtocolJSON.sharedDecoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError(.malformedJSON, "body is not a valid \(T.self): \(error)")
        }
    }

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try ProtocolJSON.sharedEncoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
