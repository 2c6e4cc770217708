import Foundation
import Glibc

/// One HTTP/1.1 exchange over a plain loopback socket, with every byte chosen by the test: a forged `Host`,
/// an `Origin`, a `text/plain` body, a raw `%00` in the path — what a browser or an attacker sends, which
/// HTTP client libraries normalise away. Reads the status line and headers (and the body when the server
/// closes or says its length); a `101` answer is returned as soon as its headers are in.
struct RawHTTPAnswer {
    let status: Int
    let headers: [String: String]
    let body: String
}

enum RawHTTPError: Error { case unreadable(sent: String, received: String) }

enum RawHTTP {
    /// Runs the exchange on a thread of its own: blocking socket calls on the (2-thread) cooperative pool
    /// would starve the very server under test.
    static func send(port: Int, _ head: String, body: [UInt8] = []) async throws -> RawHTTPAnswer {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try exchange(port: port, head, body: body) })
            }
            thread.start()
        }
    }

    private static func exchange(port: Int, _ head: String, body: [UInt8]) throws -> RawHTTPAnswer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let bytes = Array(head.replacingOccurrences(of: "\n", with: "\r\n").utf8) + body
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a server that answers 413 and closes mid-upload must not SIGPIPE the test process.
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { break }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
            if let answer = parse(received, complete: false) { return answer }
        }
        guard let answer = parse(received, complete: true) else {
            throw RawHTTPError.unreadable(sent: String(decoding: bytes.prefix(300), as: UTF8.self), received: String(decoding: received.prefix(300), as: UTF8.self))
        }
        return answer
    }

    /// The answer once its headers (and, with a length, its body) are in; `complete` = the server closed.
    private static func parse(_ bytes: [UInt8], complete: Bool) -> RawHTTPAnswer? {
        // Bytes, not `String`: "\r\n" is one Character in Swift, which would hide the blank line.
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4,
            let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == separator })
        else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n").map(String.init)
        let bodyBytes = Array(bytes[(end + 4)...])
        let lines = head.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        guard let statusLine = lines.first, statusLine.split(separator: " ").count >= 2,
            let status = Int(statusLine.split(separator: " ")[1])
        else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = String(decoding: bodyBytes, as: UTF8.self)
        if status == 101 { return RawHTTPAnswer(status: status, headers: headers, body: "") }
        if let length = headers["content-length"].flatMap(Int.init), bodyBytes.count >= length || complete {
            return RawHTTPAnswer(status: status, headers: headers, body: body)
        }
        return complete ? RawHTTPAnswer(status: status, headers: headers, body: body) : nil
    }

    /// The `error.code` of a JSON error body.
    static func code(_ answer: RawHTTPAnswer) -> String? {
        let object = (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any]
        return (object?["error"] as? [String: Any])?["code"] as? String
    }
}
