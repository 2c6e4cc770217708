import Foundation
import SelfScanCore
#if canImport(Glibc)
    import Glibc
#endif

/// One Caisse-AP request and its answer over a raw TCP socket (Caisse-AP over IP: one connection per
/// transaction, the register connects to the terminal). Blocking POSIX calls on a thread of its own, never on
/// Swift's cooperative pool: a terminal waits minutes for the cardholder.
///
/// What the result says about the money (this is what the adapter maps to knowable outcomes):
/// - `notSent`: the connection failed or the request could not be written whole: the terminal cannot have
///   started a transaction.
/// - `answer`: a whole answer (it ends on a field boundary and `CaisseAPAnswer.isWhole` accepts it).
/// - `noAnswer`: the request was sent, and no whole answer came back (timeout, connection cut mid-answer,
///   malformed bytes): the terminal may have charged the card. The outcome is unknown.
enum CaisseAPExchange {
    enum Result: Sendable {
        case notSent(String)
        case answer(CaisseAPMessage)
        case noAnswer(String)
    }

    static func run(
        host: String, port: Int, request: [UInt8], connectTimeout: Duration, answerTimeout: Duration
    ) async -> Result {
        await DedicatedThread.run(name: "caisse-ap") {
            exchange(
                host: host, port: port, request: request, connectTimeout: connectTimeout, answerTimeout: answerTimeout)
        }
    }

    /// Connects and closes without writing anything (nothing can be charged): nil when the terminal accepts
    /// connections, else why not.
    static func probe(host: String, port: Int, timeout: Duration) async -> String? {
        await DedicatedThread.run(name: "caisse-ap-probe") { () -> String? in
            switch connect(host: host, port: port, timeoutMilliseconds: milliseconds(timeout)) {
            case .success(let descriptor):
                close(descriptor)
                return nil
            case .failure(let failure):
                return failure.message
            }
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    private static func exchange(
        host: String, port: Int, request: [UInt8], connectTimeout: Duration, answerTimeout: Duration
    ) -> Result {
        let socket: Int32
        switch connect(host: host, port: port, timeoutMilliseconds: milliseconds(connectTimeout)) {
        case .success(let descriptor): socket = descriptor
        case .failure(let reason): return .notSent(reason.message)
        }
        defer { close(socket) }
        var written = 0
        while written < request.count {
            let count = request[written...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 {
                // Part of a request is not a request the terminal can act on (it has no whole CB/CD).
                return written == 0 ? .notSent("write failed: errno \(errno)") : .noAnswer("write cut: errno \(errno)")
            }
            written += count
        }
        let deadline = ContinuousClock.now + answerTimeout
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return .noAnswer("no answer within \(answerTimeout)") }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(max(1, milliseconds(left))))
            if ready < 0 {
                if errno == EINTR { continue }
                return .noAnswer("poll failed: errno \(errno)")
            }
            if ready == 0 { continue }
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                return .noAnswer("connection error: errno \(errno)")
            }
            if count == 0 {
                return .noAnswer(buffer.isEmpty ? "connection closed before an answer" : "connection cut mid-answer")
            }
            buffer += chunk[0..<count]
            do {
                if case .complete(let message) = try CaisseAPCodec.decode(buffer), CaisseAPAnswer.isWhole(message) {
                    return .answer(message)
                }
            } catch {
                return .noAnswer("malformed answer: \(error)")
            }
        }
    }

    private struct ConnectFailure: Error { let message: String }

    private static func connect(host: String, port: Int, timeoutMilliseconds: Int) -> Swift.Result<Int32, ConnectFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(ConnectFailure(message: "cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address for \(host)"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard descriptor >= 0 else { continue }
            let flags = fcntl(descriptor, F_GETFL)
            _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
            var result = Glibc.connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen)
            if result != 0 && errno == EINPROGRESS {
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                if poll(&poller, 1, Int32(timeoutMilliseconds)) == 1 {
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
                    result = error == 0 ? 0 : -1
                    if error != 0 { lastError = "connect to \(host):\(port): \(String(cString: strerror(error)))" }
                } else {
                    lastError = "connect to \(host):\(port): timed out"
                }
            } else if result != 0 {
                lastError = "connect to \(host):\(port): \(String(cString: strerror(errno)))"
            }
            if result == 0 {
                _ = fcntl(descriptor, F_SETFL, flags)
                return .success(descriptor)
            }
            close(descriptor)
        }
        return .failure(ConnectFailure(message: lastError))
    }
}
