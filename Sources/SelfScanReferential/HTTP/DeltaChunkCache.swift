import Foundation
import SelfScanAPI
import SelfScanCore

/// What determines a delta chunk's bytes: the versions it spans and the record selection it was cut for.
struct DeltaChunkKey: Hashable, Sendable {
    let from: CatalogVersion
    let to: CatalogVersion
    let selection: CatalogRecordSelection

    /// The store only matters when suggestions are included (they are the only per-store records).
    init(from: CatalogVersion, to: CatalogVersion, selection: CatalogRecordSelection) {
        self.from = from
        self.to = to
        self.selection = selection.includeSuggestions ? selection : CatalogRecordSelection(includeSuggestions: false, storeID: nil)
    }
}

/// The versions a database extract spans (shared by every store's chunk of the same range).
struct DeltaRange: Hashable, Sendable {
    let from: CatalogVersion
    let to: CatalogVersion
}

/// One built delta chunk: the catalog-format body of every record changed in `(from, to]`, immutable.
struct DeltaChunk: Sendable {
    let key: DeltaChunkKey
    let body: Data
    /// A loyalty customer's record is in it (pseudonymous: card hashes, tier, offers): no shared cache may keep it.
    var holdsPersonalData = false
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
///
/// A chunk holding a loyalty customer's record is kept at most `personalDataLifetime` (an erasure on another node,
/// or from the command line, must not be undone by this node's memory for long), and is dropped at once when this
/// node erases a customer (`forgetPersonalData`).
actor DeltaChunkCache {
    private struct Entry {
        let chunk: DeltaChunk
        var lastUse: UInt64
        let keptAt: ContinuousClock.Instant
    }

    /// At most this many body bytes are kept (a chunk larger than the bound is served but not kept).
    let byteLimit: Int
    private var entries: [DeltaChunkKey: Entry] = [:]
    /// The last few database extracts (records changed in a range), so each store's chunk of the same range
    /// (stores differ only by their suggestions) costs an encoding, not a database read.
    private var extracts: [(range: DeltaRange, extract: CatalogExtract, keptAt: ContinuousClock.Instant)] = []
    private var reading: [DeltaRange: Task<CatalogExtract, any Error>] = [:]
    /// How many extracts are kept, and the most records an extract may hold to be kept.
    let extractLimit: Int
    let extractRecordLimit: Int
    private var building: [DeltaChunkKey: Task<DeltaChunk, any Error>] = [:]
    private var bytes = 0
    private var clock: UInt64 = 0
    private(set) var counters = DeltaChunkCounters()

    /// How long a chunk or extract holding a customer's record is served from memory.
    let personalDataLifetime: Duration

    init(
        byteLimit: Int = 64 << 20, extractLimit: Int = 4, extractRecordLimit: Int = 50_000,
        personalDataLifetime: Duration = .seconds(300)
    ) {
        self.byteLimit = byteLimit
        self.extractLimit = extractLimit
        self.extractRecordLimit = extractRecordLimit
        self.personalDataLifetime = personalDataLifetime
    }

    /// Drops every chunk and extract holding a customer's record (after an erasure on this node): the next
    /// request reads the database again.
    func forgetPersonalData() {
        for (key, entry) in entries where entry.chunk.holdsPersonalData { drop(key) }
        extracts.removeAll { $0.extract.holdsPersonalData }
    }

    /// The entry of `key`, unless it holds personal data older than `personalDataLifetime` (then dropped).
    private func liveEntry(_ key: DeltaChunkKey) -> Entry? {
        guard let entry = entries[key] else { return nil }
        if entry.chunk.holdsPersonalData, ContinuousClock.now - entry.keptAt > personalDataLifetime {
            drop(key)
            return nil
        }
        return entry
    }

    private func drop(_ key: DeltaChunkKey) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        bytes -= entry.chunk.body.count
        counters.bytes = bytes
        counters.entries = entries.count
    }

    /// The records changed in `range`, from memory or read once by `read` (concurrent callers share one read).
    func extract(
        for range: DeltaRange, read: @escaping @Sendable () async throws -> CatalogExtract
    ) async throws -> CatalogExtract {
        extracts.removeAll { $0.extract.holdsPersonalData && ContinuousClock.now - $0.keptAt > personalDataLifetime }
        if let held = extracts.first(where: { $0.range == range }) { return held.extract }
        if let pending = reading[range] { return try await pending.value }
        counters.databaseReads += 1
        let task = Task { try await read() }
        reading[range] = task
        defer { reading[range] = nil }
        let extract = try await task.value
        // Kept only when it is the range asked (not a later version) and small (a delta from an old `since` can
        // be most of the catalog: it is read for the one chunk and not kept).
        if extract.version == range.to, extract.records.count <= extractRecordLimit,
            !extracts.contains(where: { $0.range == range })
        {
            extracts.append((range, extract, ContinuousClock.now))
            if extracts.count > extractLimit { extracts.removeFirst() }
        }
        return extract
    }

    /// The chunk for `key`, from memory or built once by `build` (concurrent callers share one build).
    func chunk(
        for key: DeltaChunkKey, build: @escaping @Sendable () async throws -> DeltaChunk
    ) async throws -> DeltaChunk {
        clock += 1
        if var entry = liveEntry(key) {
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
        guard var entry = liveEntry(key) else { return nil }
        entry.lastUse = clock
        entries[key] = entry
        counters.hits += 1
        return entry.chunk
    }

    private func keep(_ chunk: DeltaChunk) {
        guard chunk.body.count <= byteLimit, entries[chunk.key] == nil else { return }
        entries[chunk.key] = Entry(chunk: chunk, lastUse: clock, keptAt: ContinuousClock.now)
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

extension CatalogExtract {
    /// A loyalty customer's record is among the records.
    var holdsPersonalData: Bool {
        records.contains { if case .customer = $0 { true } else { false } }
    }
}

/// What the chunk cache did since the node started (exposed on `/v1/metrics`).
struct DeltaChunkCounters: Sendable {
    /// Requests answered from memory or from a build already under way.
    var hits = 0
    /// Requests that built a chunk (encoded it from an extract).
    var misses = 0
    /// Database reads of a delta's records (one per range, shared by every store's chunk of that range).
    var databaseReads = 0
    var evictions = 0
    var bytes = 0
    var entries = 0
}
