import SelfScanAPI
import SelfScanCore
import Synchronization

/// This node's memory of the catalog version each device was last recorded at, so a poll that repeats the
/// same `since` (every 304 poll of an up-to-date device) writes nothing: the position row is written only when
/// the device's version changes (once per device and version on each node). The row's `seen_at` therefore
/// tells when the device reached that version, not when it last polled.
final class CatalogPositionMemory: Sendable {
    /// Beyond this many devices the memory is emptied (a bound, not an LRU: a refill costs one write each).
    let capacity: Int
    private let versions = Mutex<[DeviceIdentity: CatalogVersion]>([:])
    private let counts = Mutex<(writes: Int, skipped: Int)>((0, 0))

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// Whether `version` is already what this node recorded for `device` (counted as a skipped write).
    func isRecorded(_ device: DeviceIdentity, at version: CatalogVersion) -> Bool {
        let known = versions.withLock { $0[device] } == version
        if known { counts.withLock { $0.skipped += 1 } }
        return known
    }

    /// Remembers that `device`'s position row now says `version`.
    func recorded(_ device: DeviceIdentity, at version: CatalogVersion) {
        versions.withLock { versions in
            if versions.count >= capacity { versions.removeAll(keepingCapacity: true) }
            versions[device] = version
        }
        counts.withLock { $0.writes += 1 }
    }

    /// Position rows written and polls that wrote none, since the node started.
    var counters: (writes: Int, skipped: Int) { counts.withLock { $0 } }
}
