public import Foundation
#if canImport(Glibc)
public import Glibc
#endif

/// glibc 2.34+: closes every descriptor from `lowest` up in the child, after the actions before it (the dup2s).
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ lowest: Int32) -> Int32

/// `pipe2`, which Glibc's module only declares for `_GNU_SOURCE`.
@_silgen_name("pipe2")
private func makePipe(_ ends: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

/// A child process for tests, started with `posix_spawn`: the child keeps only its standard streams (every other
/// descriptor is closed in the child by `closefrom`), starts with no signal blocked, and the parent never walks
/// its own descriptor table. Foundation's `Process.run()` walks `/proc/self/fd` in the parent: it crashed once
/// (a bad `memcpy` inside it) while the parallel test process held ~1,400 descriptors, failing a CI run.
public final class ChildProcess: @unchecked Sendable {  // the wait status is guarded by `condition`
    /// Where a standard stream of the child goes.
    public enum Output: Sendable {
        /// The test process's own stream.
        case inherit
        /// `/dev/null`.
        case discard
        /// A pipe: the parent reads it through `standardOutput` / `standardError`.
        case pipe
        /// A file, created or truncated.
        case file(String)
        /// Standard error only: wherever standard output goes.
        case standardOutput
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    public let pid: pid_t
    /// The read end of the child's standard output when it is `.pipe`.
    public let standardOutput: FileHandle?
    /// The read end of the child's standard error when it is `.pipe`.
    public let standardError: FileHandle?

    private let condition = NSCondition()
    private var rawStatus: Int32?
    private var reaping = false

    /// Starts `executable` (a path, or a name looked up in `PATH`) with `arguments`; standard input is `/dev/null`.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        standardOutput: Output = .inherit, standardError: Output = .inherit
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        var parentEnds: [Int32] = [], childEnds: [Int32] = []
        func check(_ result: Int32, _ what: String) throws {
            guard result == 0 else {
                for fd in parentEnds + childEnds { close(fd) }
                throw SpawnError(description: "\(what): \(String(cString: strerror(result)))")
            }
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        func route(_ output: Output, to target: Int32) throws -> Int32? {
            switch output {
            case .inherit: return nil
            case .discard:
                try check(posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0), "addopen")
            case .file(let path):
                try check(posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644),
                          "addopen \(path)")
            case .standardOutput:
                try check(posix_spawn_file_actions_adddup2(&actions, 1, target), "adddup2")
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard makePipe(&ends, O_CLOEXEC) == 0 else { try check(errno, "pipe2"); return nil }
                parentEnds.append(ends[0])
                childEnds.append(ends[1])
                try check(posix_spawn_file_actions_adddup2(&actions, ends[1], target), "adddup2")
                return ends[0]
            }
            return nil
        }
        let outRead = try route(standardOutput, to: 1)
        let errRead = try route(standardError, to: 2)
        try check(addCloseFrom(&actions, 3), "addclosefrom")

        // No signal blocked in the child (the spawning thread may block some), and the usual ones at default.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGPIPE, SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, number)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { for pointer in envp ?? [] { free(pointer) } }
        var child: pid_t = 0
        let spawned = envp.map { envp in
            posix_spawnp(&child, executable, &actions, &attributes, argv, envp)
        } ?? posix_spawnp(&child, executable, &actions, &attributes, argv, environ)
        for fd in childEnds { close(fd) }
        childEnds = []
        try check(spawned, "posix_spawn \(executable)")
        pid = child
        self.standardOutput = outRead.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        self.standardError = errRead.map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
    }

    /// Waits for the child to end (any thread; it is reaped once): its exit code, or 128 + the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        condition.lock()
        defer { condition.unlock() }
        while rawStatus == nil {
            if reaping {
                condition.wait()
                continue
            }
            reaping = true
            condition.unlock()
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
            condition.lock()
            rawStatus = raw
            reaping = false
            condition.broadcast()
        }
        return Self.decode(rawStatus ?? 0)
    }

    /// Whether the child has not ended yet (reaps it when it has).
    public var isRunning: Bool {
        condition.lock()
        defer { condition.unlock() }
        if rawStatus != nil { return false }
        if reaping { return true }  // another thread is in `wait()`: the child had not ended when it looked
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return true }
        rawStatus = raw
        condition.broadcast()
        return false
    }

    /// Sends `signal` to the child unless it was already reaped (its pid may then belong to another process).
    public func signal(_ number: Int32) {
        condition.lock()
        defer { condition.unlock() }
        if rawStatus == nil { kill(pid, number) }
    }

    static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7F
        return signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
    }

    /// Runs to the end; both outputs captured (through files, so neither can fill a pipe and stall the child).
    /// `mergeErrors`: standard error goes into the same capture as standard output (`stderr` is then empty).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, mergeErrors: Bool = false
    ) throws -> (status: Int32, stdout: Data, stderr: Data) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("stdout").path, err = directory.appendingPathComponent("stderr").path
        let child = try ChildProcess(
            executable, arguments, environment: environment, standardOutput: .file(out),
            standardError: mergeErrors ? .standardOutput : .file(err))
        let status = child.wait()
        let stdout = FileManager.default.contents(atPath: out) ?? Data()
        let stderr = mergeErrors ? Data() : FileManager.default.contents(atPath: err) ?? Data()
        return (status, stdout, stderr)
    }
}
