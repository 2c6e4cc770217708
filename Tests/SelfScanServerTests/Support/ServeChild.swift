import AsyncHTTPClient
import Dispatch
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// The real `selfscan serve` binary as a child process (optionally under a wrapper such as `umockdev-run`),
/// and the port it listens on (read from its log line `url=http://127.0.0.1:PORT`).
final class ServeChild: @unchecked Sendable {  // Process is used from one test task only
    let process = Process()
    let port: Int
    /// Started under a wrapper (e.g. `umockdev-run`), which does not pass signals on to the daemon.
    let wrapped: Bool
    /// Signalled once by the process's termination handler (set before it starts).
    private let exited: DispatchSemaphore

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SELFSCAN_BIN"] { return path }
        return packageRoot + "/.build/debug/selfscan"
    }

    static let packageRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Starts `[wrapper…] selfscan serve --config <config>` and waits (at most 30 s) for its listening port.
    init(config: String, wrapper: [String] = []) throws {
        wrapped = !wrapper.isEmpty
        if let tool = wrapper.first {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = Array(wrapper.dropFirst()) + [Self.binary, "serve", "--config", config]
        } else {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["serve", "--config", config]
        }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        // Drain stderr on its own (so the child never blocks on a full pipe) and look for the port in it.
        // Each piece of output and the child's exit signal `changed`: the port is read when the log grows.
        let log = ChildLog()
        let changed = DispatchSemaphore(value: 0)
        let exited = DispatchSemaphore(value: 0)
        self.exited = exited
        errors.fileHandleForReading.readabilityHandler = { handle in
            log.append(handle.availableData)
            changed.signal()
        }
        process.terminationHandler = { _ in
            exited.signal()
            changed.signal()
        }
        try process.run()
        var found: Int?
        let deadline = DispatchTime.now() + .seconds(30)
        while true {
            found = log.text.withLock { text -> Int? in
                guard let range = text.range(of: "url=http://127.0.0.1:") else { return nil }
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                return text[range.upperBound...].dropFirst(digits.count).first != nil ? Int(digits) : nil
            }
            if found != nil || !process.isRunning || changed.wait(timeout: deadline) == .timedOut { break }
        }
        guard let found else {
            let text = log.text.withLock { String($0.suffix(4000)) }
            if process.isRunning { process.terminate() }
            throw ServeChildError.noPort(text)
        }
        port = found
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM to the daemon (through its wrapper's children when wrapped), then SIGKILL after 10 s.
    func terminate() {
        signalChildren(SIGTERM)
        process.terminate()
        if process.isRunning && exited.wait(timeout: .now() + .seconds(10)) == .timedOut {
            signalChildren(SIGKILL)
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// Signals the wrapper's children (the daemon) with `pkill -P`.
    private func signalChildren(_ signal: Int32) {
        guard wrapped else { return }
        let pkill = Process()
        pkill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        pkill.arguments = ["-\(signal)", "-P", String(process.processIdentifier)]
        try? pkill.run()
        pkill.waitUntilExit()
    }

    /// One HTTP call to the child; the JSON body parsed (empty when none).
    func call(
        _ method: HTTPMethod, _ path: String, body: [String: Any]? = nil, token: String? = nil, staff: String? = nil
    ) async throws -> (Int, [String: Any]) {
        try await Self.call(method, port, path, body: body, token: token, staff: staff)
    }

    /// One HTTP call to a daemon on loopback `port` (with a shopper session token and/or a staff bearer
    /// token); the JSON body parsed (empty when none).
    static func call(
        _ method: HTTPMethod, _ port: Int, _ path: String, body: [String: Any]? = nil, token: String? = nil,
        staff: String? = nil
    ) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "X-Session-Token", value: token) }
        if let staff { request.headers.add(name: "Authorization", value: "Bearer \(staff)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        return (Int(response.status.code), json)
    }
}

enum ServeChildError: Error { case noPort(String) }

/// The child's stderr so far (its last 64 KiB).
final class ChildLog: Sendable {
    let text = Mutex("")

    func append(_ data: Data) {
        text.withLock {
            $0 += String(decoding: data, as: UTF8.self)
            if $0.utf8.count > 1 << 16 { $0 = String($0.suffix(1 << 15)) }
        }
    }
}
