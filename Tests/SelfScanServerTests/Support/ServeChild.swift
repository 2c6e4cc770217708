import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The real `selfscan serve` binary as a child process (optionally under a wrapper such as `umockdev-run`),
/// and the port it listens on (read from its log line `url=http://127.0.0.1:PORT`).
final class ServeChild: @unchecked Sendable {  // Process is used from one test task only
    let process = Process()
    let port: Int

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["SELFSCAN_BIN"] { return path }
        return packageRoot + "/.build/debug/selfscan"
    }

    static let packageRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Starts `[wrapper…] selfscan serve --config <config>` and waits (at most 30 s) for its listening port.
    init(config: String, wrapper: [String] = []) throws {
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
        try process.run()
        var text = ""
        var found: Int?
        let deadline = Date().addingTimeInterval(30)
        while found == nil, Date() < deadline, process.isRunning {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { continue }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: "url=http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if text[range.upperBound...].dropFirst(digits.count).first != nil { found = Int(digits) }
            }
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            throw ServeChildError.noPort(text)
        }
        port = found
        // Keep draining stderr so the child never blocks on a full pipe.
        errors.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func terminate() {
        process.terminate()
        process.waitUntilExit()
    }

    /// One HTTP call to the child; the JSON body parsed (empty when none).
    func call(
        _ method: HTTPMethod, _ path: String, body: [String: Any]? = nil, token: String? = nil
    ) async throws -> (Int, [String: Any]) {
        try await Self.call(method, port, path, body: body, token: token)
    }

    /// One HTTP call to a daemon on loopback `port`; the JSON body parsed (empty when none).
    static func call(
        _ method: HTTPMethod, _ port: Int, _ path: String, body: [String: Any]? = nil, token: String? = nil
    ) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "X-Session-Token", value: token) }
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
