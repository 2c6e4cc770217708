import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanCore
import SelfScanHTTP

/// Deltas as immutable chunks (docs/sync-protocol.md "Delta chunks"): the delta from one published version to
/// another never changes, so it has a stable URL, a strong ETag and `Cache-Control: public, immutable`; the
/// `since=` poll answers the same bytes (from the same cache) with a short-lived `no-cache` and a
/// `Content-Location` naming the chunk.
extension ReferentialRoutes {
    /// How long a shared cache may keep a chunk (a year: it never changes).
    static let chunkCacheControl = "public, max-age=31536000, immutable"
    /// A chunk holding a loyalty customer's record: the device may keep it, a shared cache (CDN, proxy) may not —
    /// an erasure must not leave the record servable from a cache the chain does not control (docs/privacy.md).
    /// A 304 says `private` too: without the body at hand the node cannot tell.
    static let personalChunkCacheControl = "private, max-age=31536000, immutable"

    func registerDeltaChunks(on router: Router<Context>) {
        router.on(ReferentialEndpoints.catalogDeltaChunk) { request, context in
            try await deltaChunk(request, context)
        }
        router.on(ReferentialEndpoints.metrics) { _, _ in try await metrics() }
    }

    /// `GET /v1/catalog/deltas?since=V`: 304 when the device is current, else the chunk V→current.
    func deltas(_ request: Request, selection: CatalogRecordSelection) async throws -> Response {
        guard let sinceText = request.uri.queryParameters.get("since") else {
            throw APIError(.invalidRequest, "since=<version> is required")
        }
        guard let since = CatalogVersion(queryText: sinceText) else {
            throw APIError(.invalidRequest, "since must be a catalog version (integer ≥ 0)")
        }
        // A version published while the chunk is built: build the chunk to the newer version (a few tries).
        for _ in 0..<3 {
            let current = try await store.currentCatalogVersion()
            guard since <= current else {
                throw APIError(
                    .unknownCatalogVersion, "version \(since.rawValue) is beyond the current version \(current.rawValue)")
            }
            if since == current || notModified(request, version: current) { return notModifiedResponse(current) }
            let key = DeltaChunkKey(from: since, to: current, selection: selection)
            do {
                let chunk = try await chunks.chunk(for: key) { [store, chunks] in try await Self.buildChunk(key, store: store, cache: chunks) }
                var headers = catalogHeaders(current)
                headers[.contentLocation] = Self.chunkPath(key)
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: chunk.body)))
            } catch is DeltaChunkMoved {
                continue
            }
        }
        throw APIError(.catalogVersionChanged, "the catalog kept moving while the delta was built: poll again")
    }

    /// `GET /v1/catalog/deltas/{from}/{to}`: one immutable chunk. Built while `to` is the current version;
    /// afterwards only a node that still holds it serves it (409 `catalogVersionChanged` elsewhere: poll again).
    func deltaChunk(_ request: Request, _ context: Context) async throws -> Response {
        guard let from = context.parameters.get("from").flatMap({ CatalogVersion(queryText: $0) }),
            let to = context.parameters.get("to").flatMap({ CatalogVersion(queryText: $0) }), from < to
        else { throw APIError(.invalidRequest, "a chunk is /v1/catalog/deltas/<from>/<to> with from < to") }
        let selection = recordSelection(request, context)
        if selection.includeSuggestions, let named = request.uri.queryParameters.get("store"),
            named != selection.storeID?.rawValue ?? named
        {
            throw APIError(.wrongStore, "this token may only read store \(selection.storeID?.rawValue ?? "")'s chunks")
        }
        let key = DeltaChunkKey(from: from, to: to, selection: selection)
        let etag = Self.chunkETag(key)
        if let tags = request.headers[.ifNoneMatch],
            tags.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag })
        {
            return Response(status: .notModified, headers: [.eTag: etag, .cacheControl: Self.personalChunkCacheControl])
        }
        let chunk: DeltaChunk
        if let held = await chunks.cached(key) {
            chunk = held
        } else {
            let current = try await store.currentCatalogVersion()
            guard to <= current else {
                throw APIError(.unknownCatalogVersion, "version \(to.rawValue) is beyond the current version \(current.rawValue)")
            }
            guard to == current else {
                throw APIError(.catalogVersionChanged, "the catalog moved past \(to.rawValue): poll since=\(from.rawValue) again")
            }
            do {
                chunk = try await chunks.chunk(for: key) { [store, chunks] in try await Self.buildChunk(key, store: store, cache: chunks) }
            } catch is DeltaChunkMoved {
                throw APIError(.catalogVersionChanged, "the catalog moved past \(to.rawValue): poll since=\(from.rawValue) again")
            }
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: ProtocolRoutes.jsonLinesContentType, .eTag: etag,
                .cacheControl: chunk.holdsPersonalData ? Self.personalChunkCacheControl : Self.chunkCacheControl,
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: chunk.body)))
    }

    /// Reads the records changed after `key.from` (one database read per range, shared by every store's chunk)
    /// and encodes them for the key's selection. Throws `DeltaChunkMoved`
    /// when the catalog is already past `key.to` (the chunk asked for can no longer be cut).
    static func buildChunk(
        _ key: DeltaChunkKey, store: any ReferentialStore, cache: DeltaChunkCache
    ) async throws -> DeltaChunk {
        let extract = try await cache.extract(for: DeltaRange(from: key.from, to: key.to)) {
            try await store.catalog(since: key.from)
        }
        guard extract.version == key.to else { throw DeltaChunkMoved(current: extract.version) }
        // Every header field comes from the database (publishedAt is the version's row), never the clock: two
        // nodes build byte-identical chunks.
        let header = CatalogFileHeader.delta(
            from: key.from, to: extract.version, currency: extract.currency, createdAt: extract.publishedAt)
        var encoder = CatalogLineEncoder(header: header)
        var data = try encoder.headerLine()
        var personal = false
        for record in extract.records where key.selection.admits(record) {
            if case .customer = record { personal = true }
            data.append(try encoder.line(for: record))
        }
        data.append(encoder.trailerLine().line)
        return DeltaChunk(key: key, body: data, holdsPersonalData: personal)
    }

    /// The chunk's stable URL path: everything that determines its bytes is in it, so a shared cache keyed by
    /// URL never hands one store's chunk to another.
    static func chunkPath(_ key: DeltaChunkKey) -> String {
        var path = "/v1/catalog/deltas/\(key.from.rawValue)/\(key.to.rawValue)"
        if key.selection.includeSuggestions {
            path += "?\(CatalogRecordSelection.queryName)=\(CatalogRecordSelection.suggestionsValue)"
            if let store = key.selection.storeID {
                path += "&store=" + (store.rawValue.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "")
            }
        }
        return path
    }

    /// RFC 3986 unreserved characters (kept as they are in the chunk URL's store).
    static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    /// A strong ETag naming the chunk (its bytes are fixed by from, to and selection).
    static func chunkETag(_ key: DeltaChunkKey) -> String {
        var tag = "d\(key.from.rawValue)-\(key.to.rawValue)"
        if key.selection.includeSuggestions {
            tag += "-s" + String(DeviceToken.hash(key.selection.storeID?.rawValue ?? "*").prefix(16))
        }
        return "\"\(tag)\""
    }

    /// `GET /v1/metrics`: this node's counters, Prometheus text format.
    func metrics() async throws -> Response {
        let chunk = await chunks.counters
        let position = positions.counters
        let text = """
            # HELP selfscan_referential_delta_chunk_hits_total Delta requests served from this node's chunk cache.
            # TYPE selfscan_referential_delta_chunk_hits_total counter
            selfscan_referential_delta_chunk_hits_total \(chunk.hits)
            # HELP selfscan_referential_delta_chunk_misses_total Delta chunks built from the database.
            # TYPE selfscan_referential_delta_chunk_misses_total counter
            selfscan_referential_delta_chunk_misses_total \(chunk.misses)
            # HELP selfscan_referential_delta_database_reads_total Delta records read from the database (one per version range).
            # TYPE selfscan_referential_delta_database_reads_total counter
            selfscan_referential_delta_database_reads_total \(chunk.databaseReads)
            # TYPE selfscan_referential_delta_chunk_evictions_total counter
            selfscan_referential_delta_chunk_evictions_total \(chunk.evictions)
            # TYPE selfscan_referential_delta_chunk_cache_bytes gauge
            selfscan_referential_delta_chunk_cache_bytes \(chunk.bytes)
            # TYPE selfscan_referential_delta_chunk_cache_entries gauge
            selfscan_referential_delta_chunk_cache_entries \(chunk.entries)
            # HELP selfscan_referential_catalog_position_writes_total Device catalog position rows written.
            # TYPE selfscan_referential_catalog_position_writes_total counter
            selfscan_referential_catalog_position_writes_total \(position.writes)
            # HELP selfscan_referential_catalog_position_unchanged_total Catalog polls that wrote no position row.
            # TYPE selfscan_referential_catalog_position_unchanged_total counter
            selfscan_referential_catalog_position_unchanged_total \(position.skipped)

            """
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
