import Foundation
import Glibc
import Synchronization

/// One `selfscan` process per data directory. Two daemons on one SQLite file would each keep their own
/// copy of the live sessions and derive the same event ids for different scans (the second one's scans
/// are then refused), so the second one must not start: an exclusive `flock` on `<dataDir>/selfscan.lock`,
/// held until the process exits (the kernel releases it on exit, kill -9 included — no stale lock).
/// Within one process (tests re-opening a directory) the lock is taken once and kept.
enum DataDirectoryLock {
    /// Paths locked by this process → their descriptors (kept open for the process's life).
    private static let held = Mutex<[String: Int32]>([:])

    static func acquire(directory: String) throws(ConfigError) {
        let path = directory + "/selfscan.lock"
        let failure: ConfigError? = held.withLock { held in
            if held[path] != nil { return nil }
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
            guard fd >= 0 else {
                return ConfigError(.badValue, path: "dataDir", "cannot open '\(path)': \(String(cString: strerror(errno)))")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                var buffer = [UInt8](repeating: 0, count: 32)
                let count = pread(fd, &buffer, buffer.count, 0)
                close(fd)
                guard code == EWOULDBLOCK else {
                    return ConfigError(.badValue, path: "dataDir", "cannot lock '\(path)': \(String(cString: strerror(code)))")
                }
                let owner = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                return ConfigError(
                    .dataDirectoryInUse, path: "dataDir",
                    "'\(directory)' is in use by another selfscan process\(owner.isEmpty ? "" : " (pid \(owner))"): "
                        + "stop it first, or give this daemon its own dataDir")
            }
            let pid = Array("\(getpid())\n".utf8)
            _ = ftruncate(fd, 0)
            _ = pwrite(fd, pid, pid.count, 0)
            held[path] = fd
            return nil
        }
        if let failure { throw failure }
    }
}
