import Foundation
import SelfScanCore
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// A payment terminal that speaks Caisse-AP over IP on a loopback TCP port, for `selfscan demo`,
/// `selfscan terminal-sim` and the tests: each debit or credit follows the next behaviour of its script
/// (then `approve`). It keeps a ledger of what it charged, so tests check that no charge lacks a record.
///
/// Blocking sockets on threads of its own (one per connection, as a terminal takes one transaction at a time).
public final class CaisseAPSimulator: Sendable {
    /// One operation the simulated terminal carried out on a card.
    public struct LedgerEntry: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case debit, credit, cancellation }
        public let kind: Kind
        public let minor: Int64
        public let currencyNumeric: String
        public let authorisation: String
    }

    private struct State {
        var script: [CaisseAPSimulatorBehaviour]
        /// Debits and credits of these amounts (minor units) always take this behaviour, before the script.
        var amountRules: [Int64: CaisseAPSimulatorBehaviour] = [:]
        var ledger: [LedgerEntry] = []
        /// The last debit that may still be cancelled.
        var lastDebit: Int?
        var requests = 0
        var sequence = 0
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    public let port: Int
    private let listener: Int32
    private let slowAnswer: Duration
    private let state: Mutex<State>

    /// Listens on `127.0.0.1:port` (0: a free port, see `port`).
    public init(
        port: Int = 0, script: [CaisseAPSimulatorBehaviour] = [], slowAnswer: Duration = .seconds(2)
    ) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SimulatorError("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else {
            close(descriptor)
            throw SimulatorError("cannot listen on 127.0.0.1:\(port): errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = descriptor
        self.slowAnswer = slowAnswer
        self.state = Mutex(State(script: script))
        DedicatedThread.start(name: "caisse-ap-sim") { [self] in acceptLoop() }
    }

    /// Stops listening (connections in progress finish).
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    public func setScript(_ script: [CaisseAPSimulatorBehaviour]) { state.withLock { $0.script = script } }

    /// What is left of the script.
    public var script: [CaisseAPSimulatorBehaviour] { state.withLock { $0.script } }

    /// Debits and credits of an amount in `rules` (minor units) always take its behaviour, whatever the script
    /// says (a demo or an end-to-end test picks the outcome by the basket's total).
    public func setAmountRules(_ rules: [Int64: CaisseAPSimulatorBehaviour]) { state.withLock { $0.amountRules = rules } }

    /// Every operation the simulated terminal carried out on a card, in order.
    public var ledger: [LedgerEntry] { state.withLock { $0.ledger } }

    /// How many whole requests arrived.
    public var requestCount: Int { state.withLock { $0.requests } }

    /// Returns once `count` whole requests have arrived (and been acted upon).
    public func waitForRequests(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.requests >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    // MARK: - Serving

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            DedicatedThread.start(name: "caisse-ap-sim-conn") { [self] in serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var request: CaisseAPMessage?
        while request == nil {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            buffer += chunk[0..<count]
            switch try? CaisseAPCodec.decode(buffer) {
            case .complete(let message)?
            where [CaisseAPTag.amount, CaisseAPTag.action, CaisseAPTag.currency].allSatisfy({ message[$0] != nil }):
                request = message
            case .complete?, .incomplete?: continue
            case nil: return
            }
        }
        guard let request else { return }
        let (behaviour, answer) = act(on: request)
        switch behaviour {
        case .timeoutBeforeApproval, .timeoutAfterApproval:
            // Hold the connection until the register gives up and closes it.
            while chunk.withUnsafeMutableBytes({ recv(connection, $0.baseAddress, $0.count, 0) }) > 0 {}
        case .disconnect:
            return
        case .cutMidAnswer:
            // The nastiest cut: right after the AE field, on a field boundary (the bytes parse cleanly).
            var cut = answer
            for tag in [CaisseAPTag.authorisation, CaisseAPTag.maskedPAN, CaisseAPTag.applicationID, CaisseAPTag.contract] {
                cut[tag] = nil
            }
            write(connection, (try? CaisseAPCodec.encode(cut)) ?? [])
        case .slow:
            Thread.sleep(forTimeInterval: Double(slowAnswer.components.seconds)
                + Double(slowAnswer.components.attoseconds) / 1e18)
            write(connection, (try? CaisseAPCodec.encode(answer)) ?? [])
        case .approve, .decline, .abandon:
            write(connection, (try? CaisseAPCodec.encode(answer)) ?? [])
        }
    }

    private func write(_ connection: Int32, _ bytes: [UInt8]) {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            written += count
        }
    }

    /// Carries out the request on the simulated card (the ledger changes before any answer leaves) and returns
    /// the answer to send.
    private func act(on request: CaisseAPMessage) -> (CaisseAPSimulatorBehaviour, CaisseAPMessage) {
        var answer = request
        let minor = request[CaisseAPTag.amount].flatMap(Int64.init) ?? 0
        let currency = request[CaisseAPTag.currency] ?? ""
        let action = request[CaisseAPTag.action] ?? ""
        let (behaviour, waiters) = state.withLock { state -> (CaisseAPSimulatorBehaviour, [CheckedContinuation<Void, Never>]) in
            state.requests += 1
            let behaviour: CaisseAPSimulatorBehaviour
            if action == CaisseAPAction.cancellation.rawValue {
                behaviour = .approve
                if let index = state.lastDebit, state.ledger[index].minor == minor {
                    state.sequence += 1
                    let authorisation = String(200_000 + state.sequence)
                    state.ledger.append(
                        LedgerEntry(kind: .cancellation, minor: minor, currencyNumeric: currency, authorisation: authorisation))
                    state.lastDebit = nil
                    answer[CaisseAPTag.result] = "10"
                    answer[CaisseAPTag.authorisation] = authorisation
                } else {
                    answer[CaisseAPTag.result] = "01"
                    answer[CaisseAPTag.failureReason] = "05"
                }
            } else {
                behaviour =
                    state.amountRules[minor] ?? (state.script.isEmpty ? .approve : state.script.removeFirst())
                switch behaviour {
                case .decline:
                    answer[CaisseAPTag.result] = "01"
                    answer[CaisseAPTag.failureReason] = "04"
                case .abandon:
                    answer[CaisseAPTag.result] = "01"
                    answer[CaisseAPTag.failureReason] = "11"
                case .timeoutBeforeApproval:
                    break
                case .approve, .slow, .timeoutAfterApproval, .disconnect, .cutMidAnswer:
                    state.sequence += 1
                    let authorisation = String(100_000 + state.sequence)
                    let kind: LedgerEntry.Kind = action == CaisseAPAction.credit.rawValue ? .credit : .debit
                    state.ledger.append(
                        LedgerEntry(kind: kind, minor: minor, currencyNumeric: currency, authorisation: authorisation))
                    state.lastDebit = kind == .debit ? state.ledger.count - 1 : state.lastDebit
                    answer[CaisseAPTag.result] = "10"
                    answer[CaisseAPTag.authorisation] = authorisation
                    answer[CaisseAPTag.maskedPAN] = "497010######4242"
                    answer[CaisseAPTag.applicationID] = "A0000000421010"
                    answer[CaisseAPTag.contract] = "4242424"
                    answer[CaisseAPTag.paymentMode] = "001"
                    answer[CaisseAPTag.readMode] = "2"
                }
            }
            let ready = state.waiters.filter { $0.count <= state.requests }.map(\.continuation)
            state.waiters.removeAll { $0.count <= state.requests }
            return (behaviour, ready)
        }
        for waiter in waiters { waiter.resume() }
        return (behaviour, answer)
    }
}

/// The simulator could not start.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
