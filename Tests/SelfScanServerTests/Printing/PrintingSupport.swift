import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanDevices
import SelfScanServer
import Synchronization
import Testing

/// A receipt printer the test scripts: paper present or not, paper running out during the next document (or
/// at its very end: the real-time status asked right after the transfer still says ready, the end of the
/// document is still printing from the printer's buffer), and every document it was sent.
final class ScriptedPrinter: ReceiptPrinterPort, Sendable {
    struct State {
        var paper = true
        var runsOutDuringNextDocument = false
        var runsOutAtEndOfNextDocument = false
        /// The end of the last document is still printing: the paper runs out when it is done.
        var tailPrinting = false
        var sent: [[UInt8]] = []
    }

    let state: Mutex<State>

    init(paper: Bool = true, runsOutDuringNextDocument: Bool = false, runsOutAtEndOfNextDocument: Bool = false) {
        state = Mutex(
            State(
                paper: paper, runsOutDuringNextDocument: runsOutDuringNextDocument,
                runsOutAtEndOfNextDocument: runsOutAtEndOfNextDocument))
    }

    var sent: [[UInt8]] { state.withLock { $0.sent } }
    func loadPaper() { state.withLock { $0.paper = true } }

    func describe() async -> PrinterDescription? {
        PrinterDescription(
            deviceID: "usb:1-5", usbID: "04b8:0e28", profileID: "epson-tm-t20iii", name: "TM-T20III",
            paperWidthMillimetres: 80, charactersPerLine: 48)
    }

    /// Real time: "ready" while the end of a document is still printing (the paper runs out just after).
    func status() async throws(PrinterError) -> PrinterStatus {
        state.withLock { state in
            if state.tailPrinting {
                state.tailPrinting = false
                state.paper = false
                return .ready
            }
            return state.paper ? .ready : PrinterStatus(paperOut: true)
        }
    }

    /// Once everything sent has printed (what `GS r 1` tells a USB printer).
    func statusAfterPrinting() async throws(PrinterError) -> PrinterStatus {
        state.withLock { state in
            if state.tailPrinting {
                state.tailPrinting = false
                state.paper = false
            }
            return state.paper ? .ready : PrinterStatus(paperOut: true)
        }
    }

    func send(_ bytes: [UInt8]) async throws(PrinterError) {
        state.withLock { state in
            state.sent.append(bytes)
            if state.runsOutDuringNextDocument {
                state.paper = false
                state.runsOutDuringNextDocument = false
            }
            if state.runsOutAtEndOfNextDocument {
                state.tailPrinting = true
                state.runsOutAtEndOfNextDocument = false
            }
        }
    }
}

/// Runs the print service over `printer` while `body` runs; `body` gets the service's events.
func withPrintService(
    _ daemon: Daemon, printer: ScriptedPrinter,
    _ body: (inout AsyncStream<PrintServiceEvent>.Iterator) async throws -> Void
) async throws {
    let (events, continuation) = AsyncStream.makeStream(of: PrintServiceEvent.self)
    let service = try ReceiptPrintService(
        daemon: daemon, printer: printer, pollInterval: .milliseconds(20), observer: { continuation.yield($0) })
    let task = Task { try await service.run() }
    defer { task.cancel() }
    var iterator = events.makeAsyncIterator()
    // The first status means the queue is switched on: baskets paid from now on are queued.
    _ = await iterator.next(matching: { if case .status = $0 { true } else { false } })
    try await body(&iterator)
    task.cancel()
    _ = await task.result
}

extension AsyncStream.Iterator {
    /// The next element `matching` (the test's time limit bounds the wait).
    mutating func next(matching: (Element) -> Bool) async -> Element? {
        while let event = await next() {
            if matching(event) { return event }
        }
        return nil
    }
}

/// Opens a loyalty session, scans three yogurts (3 pour 2) and milk, checks out (an auditor rescans when an audit is
/// drawn, as MoneyWorld.checkout does) and pays on the simulated terminal. Returns the session id.
func payDemoBasket(_ client: any TestClientProtocol) async throws -> String {
    let basket = try await scanDemoBasket(client)
    try await checkOutAndPay(client, basket, paymentID: "P-\(basket.id)")
    return basket.id
}

/// A loyalty session holding three yogurts (3 pour 2) and milk, not checked out yet.
struct DemoBasket {
    let id: String
    let shopper: HTTPFields
    let payloads: [String]
}

func scanDemoBasket(_ client: any TestClientProtocol) async throws -> DemoBasket {
    let opened = try await client.json(.post, "/v1/sessions", body: ["loyaltyCard": DemoCatalog.marieCard])
    let token = try #require(opened.body["token"] as? String)
    let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
    var shopper = HTTPFields()
    shopper[HTTPField.Name("X-Session-Token")!] = token  // a valid literal field name
    var payloads = [String]()
    for _ in 0..<3 { payloads.append(try DemoCodes.ean(DemoCatalog.yogurt)) }
    payloads.append(try DemoCodes.ean(DemoCatalog.milk))
    for payload in payloads {
        let scanned = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": payload], headers: shopper)
        #expect(scanned.status == .ok, "\(scanned.body)")
    }
    return DemoBasket(id: id, shopper: shopper, payloads: payloads)
}

/// Checks `basket` out (an auditor rescans it whole when the audit policy picks it) and pays it on the simulated
/// terminal.
func checkOutAndPay(_ client: any TestClientProtocol, _ basket: DemoBasket, paymentID: String) async throws {
    let id = basket.id
    var state = try await client.json(.post, "/v1/sessions/\(id)/checkout", headers: basket.shopper).body["state"] as? String
    if state == "auditRequired" {
        let auditor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "auditor")
        _ = try await client.json(.post, "/v1/staff/sessions/\(id)/audit", headers: auditor)
        for payload in basket.payloads {
            _ = try await client.json(.post, "/v1/staff/sessions/\(id)/audit/scans", body: ["payload": payload], headers: auditor)
        }
        state = try await client.json(.post, "/v1/staff/sessions/\(id)/audit/validate", headers: auditor).body["state"] as? String
        // An audit with differences waits for the shopper's acknowledgement; one without goes straight to
        // readyToPay (acknowledging it then answers no state).
        if state != "readyToPay" {
            state = try await client.json(.post, "/v1/sessions/\(id)/audit/acknowledge", headers: basket.shopper).body["state"] as? String
        }
    }
    #expect(state == "readyToPay")
    let paid = try await client.json(.post, "/v1/sessions/\(id)/payment", body: ["paymentID": paymentID], headers: basket.shopper)
    #expect((paid.body["payment"] as? [String: Any])?["outcome"] as? String == "approved", "\(paid.body)")
}

/// What the paper says, without the renderer's bold and size marks (our receipts switch them at line starts).
func paperText(_ bytes: [UInt8]) throws -> [String] {
    try EscPosTextRenderer.render(bytes).map { rendered in
        var line = Substring(rendered)
        while line.hasPrefix("**") || line.hasPrefix("[2x]") { line = line.dropFirst(line.hasPrefix("**") ? 2 : 4) }
        return String(line)
    }
}
