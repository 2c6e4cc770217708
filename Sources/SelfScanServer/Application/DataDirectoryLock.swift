import Foundation
import Glibc
import Synchronization
import SystemPackage

/// One `selfscan` process per data directory. Two daemons on one SQLite file would each keep their own
/// copy of the live sessions and derive the same event ids for different scans (the second one's scans
/// are then refused), so the second one must not start: an exclusive `flock` on `<dataDir>/selfscan.lock`,
/// held until the process exits (the kernel releases it on exit, kill -9 included — no stale lock).
/// Within one process (tests re-opening a directory) the lock is taken once and kept.
enum DataDirectoryLock {
    /// Paths locked by this process → their descriptors (kept open for the process's life).
    private static let held = Mutex<[String: FileDescriptor]>([:])

    static func acquire(directory: String) throws(ConfigError) {
        let path = directory + "/selfscan.lock"
        let failure: ConfigError? = held.withLock { held in
            if held[path] != nil { return nil }
            let file: FileDescriptor
            do {
                file = try FileDescriptor.open(
                    FilePath(path), .readWrite, options: [.create, .closeOnExec],
                    permissions: [.ownerReadWrite, .groupRead])
            } catch {
                return ConfigError(.badValue, path: "dataDir", "cannot open '\(path)': \(error)")
            }
            // `flock` (not swift-system's OFD lock): the lock other selfscan releases and tools check.
            guard flock(file.rawValue, LOCK_EX | LOCK_NB) == 0 else {
                let code = Errno(rawValue: errno)
                var buffer = [UInt8](repeating: 0, count: 32)
                let count = (try? buffer.withUnsafeMutableBytes { try file.read(fromAbsoluteOffset: 0, into: $0) }) ?? 0
                try? file.close()
                guard code == .wouldBlock else {
                    return ConfigError(.badValue, path: "dataDir", "cannot lock '\(path)': \(code)")
                }
                let owner = String(decoding: buffer.prefix(count), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                return ConfigError(
                    .dataDirectoryInUse, path: "dataDir",
                    "'\(directory)' is in use by another selfscan process\(owner.isEmpty ? "" : " (pid \(owner))"): "
                        + "stop it first, or give this daemon its own dataDir")
            }
            _ = try? file.resize(to: 0)
            _ = try? file.writeAll(toAbsoluteOffset: 0, Array("\(getpid())\n".utf8))
            held[path] = file
            return nil
        }
        if let failure { throw failure }
    }
}
