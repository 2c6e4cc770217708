import Foundation
import SelfScanAPI
import SelfScanCore

/// What determines a delta chunk's bytes: the versions it spans and the record selection it was cut for.
struct DeltaChunkKey: Hashable, Sendable {
    let from: CatalogVersion
    let to: CatalogVersion
    let selection: CatalogRecordSelection
}

/// One built delta chunk: the catalog-format body of every record changed in `(from, to]`, immutable.
struct DeltaChunk: Sendable {
    let key: DeltaChunkKey
    let body: Data
}

/// A version was published while a chunk was being built: the extract is of a later version than asked.
struct DeltaChunkMoved: Error {
    let current: CatalogVersion
}

/// This node's memory of recently built delta chunks, least recently used first out, bounded in bytes.
///
/// N devices behind by the same version cost one database read: the first request builds the chunk, requests
/// arriving while it is being built wait for that same build (single flight), later ones are served from memory.
/// Each referential node keeps its own cache; the bodies are identical across nodes because everything in them
/// (records, `createdAt` = the version's `published_at`) comes from the database.
actor DeltaChunkCache {
    private struct Entry {
        let chunk: DeltaChunk
        var lastUse: UInt64
    }

    /// At most this many body bytes are kept (a chunk larger than the bound is served but not kept).
    let byteLimit: Int
    private var entries: [DeltaChunkKey: Entry] = [:]
    private var building: [DeltaChunkKey: Task<DeltaChunk, any Error>] = [:]
    private var bytes = 0
    private var clock: UInt64 = 0
    private(set) var counters = DeltaChunkCounters()

    init(byteLimit: Int = 64 << 20) {
        self.byteLimit = byteLimit
    }

    /// The chunk for `key`, from memory or built once by `build` (concurrent callers share one build).
    func chunk(
        for key: DeltaChunkKey, build: @escaping @Sendable () async throws -> DeltaChunk
    ) async throws -> DeltaChunk {
        clock += 1
        if var entry = entries[key] {
            entry.lastUse = clock
            entries[key] = entry
            counters.hits += 1
            return entry.chunk
        }
        if let pending = building[key] {
            counters.hits += 1
            return try await pending.value
        }
        counters.misses += 1
        let task = Task { try await build() }
        building[key] = task
        defer { building[key] = nil }
        let chunk = try await task.value
        keep(chunk)
        return chunk
    }

    /// The chunk for `key` if this node holds it (no build).
    func cached(_ key: DeltaChunkKey) -> DeltaChunk? {
        clock += 1
        guard var entry = entries[key] else { return nil }
        entry.lastUse = clock
        entries[key] = entry
        counters.hits += 1
        return entry.chunk
    }

    private func keep(_ chunk: DeltaChunk) {
        guard chunk.body.count <= byteLimit, entries[chunk.key] == nil else { return }
        entries[chunk.key] = Entry(chunk: chunk, lastUse: clock)
        bytes += chunk.body.count
        while bytes > byteLimit, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
            bytes -= oldest.value.chunk.body.count
            counters.evictions += 1
        }
        counters.bytes = bytes
        counters.entries = entries.count
    }
}

/// What the chunk cache did since the node started (exposed on `/v1/metrics`).
struct DeltaChunkCounters: Sendable {
    /// Requests answered from memory or from a build already under way.
    var hits = 0
    /// Requests that built a chunk from the database.
    var misses = 0
    var evictions = 0
    var bytes = 0
    var entries = 0
}
