import Foundation
import SelfScanServer
import SelfScanStorage

/// `selfscan devices --config <daemon config>`: the payment terminal that daemon is configured with, its state
/// (a Caisse-AP terminal is probed: a TCP connection, nothing written, nothing charged) and the payment intents
/// left open in its data directory (an unknown outcome that blocks the kiosk until a supervisor resolves it).
enum PaymentTerminalListing {
    struct Row: Encodable {
        let kind: String
        let terminal: String
        let address: String?
        let state: String
        let openIntents: Int?
        let detail: String?
    }

    static func row(config: DaemonConfig) async -> Row {
        var address: String?
        var state = "configured"
        var detail: String?
        switch config.payment.terminal {
        case .caisseAP:
            if let settings = config.payment.caisseAP {
                address = "\(settings.host):\(settings.port)"
                let problem = await CaisseAPTerminal.probe(host: settings.host, port: settings.port)
                state = problem == nil ? "reachable" : "unreachable"
                detail = problem
            } else {
                state = "unknown"
            }
        case .simulated:
            state = "simulated"
        case .none:
            state = "none"
        }
        var open: Int?
        let databasePath = "\(config.dataDirectory)/selfscan.sqlite"
        if FileManager.default.fileExists(atPath: databasePath) {
            do {
                open = try PaymentIntentStore.openIntents(readOnlyDatabaseAt: databasePath).count
            } catch {
                detail = [detail, "open intents unknown: \(error)"].compactMap { $0 }.joined(separator: "; ")
            }
        }
        if let open, open > 0 {
            detail = [detail, "\(open) payment intent(s) of unknown outcome: resolve them (GET /v1/staff/payment-intents)"]
                .compactMap { $0 }.joined(separator: "; ")
        }
        return Row(
            kind: "paymentTerminal", terminal: config.payment.terminal.rawValue, address: address, state: state,
            openIntents: open, detail: detail)
    }

    static func print(_ row: Row, json: Bool) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            Swift.print(String(decoding: try encoder.encode(row), as: UTF8.self))
            return
        }
        let intents = row.openIntents.map { "open intents \($0)" } ?? "open intents unknown"
        let parts = ["payment terminal", row.terminal, row.address ?? "-", row.state, intents] + [row.detail].compactMap { $0 }
        Swift.print(parts.joined(separator: "  "))
    }
}
