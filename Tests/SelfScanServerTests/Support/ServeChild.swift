import AsyncHTTPClient
import Dispatch
import Foundation
import SelfScanTestSupport
import NIOCore
import NIOHTTP1
import Synchronization

/// The real `selfscan serve` binary as a child process (optionally under a wrapper such as `umockdev-run`),
/// and the port it listens on (read from its log line `url=http://127.0.0.1:PORT`).
final class ServeChild: @unchecked Sendable {  // the child is driven from one test task only
    let process: ChildProcess
    let port: Int
    /// Started under a wrapper (e.g. `umockdev-run`), which does not pass signals on to the daemon.
    let wrapped: Bool
    /// Signalled once when the child has ended (its waiter thread reaped it).
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
        let command = wrapper + [Self.binary, "serve", "--config", config]
        let process = try ChildProcess(
            command[0], Array(command.dropFirst()), standardOutput: .discard, standardError: .pipe)
        self.process = process
        // Drain stderr on its own thread (so the child never blocks on a full pipe) and look for the port in it;
        // another thread waits for the exit. Each piece of output and the exit signal `changed`: the port is
        // read when the log grows.
        let log = ChildLog()
        let changed = DispatchSemaphore(value: 0)
        let exited = DispatchSemaphore(value: 0)
        let drained = DispatchSemaphore(value: 0)  // stderr reached its end: the log holds all the child wrote
        self.exited = exited
        if let errors = process.standardError {
            Thread.detachNewThread {
                while true {
                    let chunk = errors.availableData
                    if chunk.isEmpty { break }
                    log.append(chunk)
                    changed.signal()
                }
                drained.signal()
            }
        } else {
            drained.signal()
        }
        Thread.detachNewThread {
            process.wait()
            exited.signal()
            changed.signal()
        }
        var found: Int?
        let deadline = DispatchTime.now() + .seconds(30)
        while true {
            found = log.text.withLock { Self.port(in: $0) }
            if found != nil || changed.wait(timeout: deadline) == .timedOut { break }
            if !process.isRunning {
                // It ended: its last words may still be in the pipe (the exit can be seen before they are read).
                _ = drained.wait(timeout: .now() + .seconds(10))
                found = log.text.withLock { Self.port(in: $0) }
                break
            }
        }
        guard let found else {
            let text = log.text.withLock { String($0.suffix(4000)) }
            process.signal(SIGTERM)
            throw ServeChildError.noPort(text)
        }
        port = found
    }

    /// The port of the log line `url=http://127.0.0.1:PORT` once the whole number is in the log.
    private static func port(in text: String) -> Int? {
        guard let range = text.range(of: "url=http://127.0.0.1:") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return text[range.upperBound...].dropFirst(digits.count).first != nil ? Int(digits) : nil
    }

    func kill9() {
        process.signal(SIGKILL)
        process.wait()
    }

    /// SIGTERM to the daemon (through its wrapper's children when wrapped), then SIGKILL after 10 s.
    func terminate() {
        signalChildren(SIGTERM)
        process.signal(SIGTERM)
        if process.isRunning && exited.wait(timeout: .now() + .seconds(10)) == .timedOut {
            signalChildren(SIGKILL)
            process.signal(SIGKILL)
        }
        process.wait()
    }

    /// Signals the wrapper's children (the daemon) with `pkill -P`.
    private func signalChildren(_ signal: Int32) {
        guard wrapped else { return }
        _ = try? ChildProcess("/usr/bin/pkill", ["-\(signal)", "-P", String(process.pid)]).wait()
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
