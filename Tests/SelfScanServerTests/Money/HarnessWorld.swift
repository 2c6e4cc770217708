import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanCore
import SelfScanDemo
import SelfScanServer
import SelfScanStorage
import Testing

/// A shopper session the harness opened, on one selling node.
struct HarnessSession {
    let node: Int
    let id: String
    let headers: HTTPFields
    /// Client payment ids sent for this session (reused by other sessions as collisions).
    var paymentIDs: [String] = []
    /// Exit passes the gate accepted for this basket (must stay ≤ 1).
    var gateExits = 0
}

/// What a run did, printed at the end (and copied into docs/money-harness.md after a long run).
struct HarnessCounts: CustomStringConvertible {
    var steps = 0
    var sessions = 0
    var scans = 0
    var hostileScans = 0
    var payAttempts = 0
    var refundAttempts = 0
    var voids = 0
    var gateExits = 0
    var gateRefusals = 0
    var restarts = 0
    var outages = 0
    var pushes = 0
    var charges = 0
    var refunds = 0
    var approvedMinor: Int64 = 0
    var refundedMinor: Int64 = 0

    var description: String {
        "steps=\(steps) sessions=\(sessions) scans=\(scans) hostileScans=\(hostileScans) payAttempts=\(payAttempts) "
            + "charges=\(charges) refundAttempts=\(refundAttempts) refunds=\(refunds) voids=\(voids) "
            + "gateExits=\(gateExits) gateRefusals=\(gateRefusals) restarts=\(restarts) outages=\(outages) "
            + "pushes=\(pushes) approvedMinor=\(approvedMinor) refundedMinor=\(refundedMinor)"
    }
}

/// A 5xx the harness saw: allowed only where the terminal's answer can be lost (payment, refund, void).
struct HarnessServerError: CustomStringConvertible {
    let step: Int
    let action: String
    let path: String
    let status: Int
    let body: String
    var description: String { "step \(step) \(action) \(path) → \(status) \(body)" }
}

/// The money state of one selling node, read from its database and its terminal.
struct NodeMoney {
    var approvedMinor: Int64 = 0
    var refundedMinor: Int64 = 0
    /// Approved and refunded records as `(SESSION, outcome, minor)`, to compare with the referential.
    var records: [String] = []
    var charges = 0
    var terminalRefundMinor: Int64 = 0
    var unrecordedCharges = 0
    var openChargeIntents = 0
}

enum HarnessInvariants {
    /// The per-node money invariants, checked after every step (`final`: after the reconciliation, when no
    /// intent may be open and every charge must be recorded).
    static func check(
        _ node: HarnessNode, sessions: [HarnessSession], nodeIndex: Int, step: Int, seed: UInt64, final: Bool = false
    ) async throws -> NodeMoney {
        let context = "seed \(seed) step \(step) \(node.name)"
        let database = try #require(try node.daemon.database)
        let payments = PaymentStore(database: database)
        var money = NodeMoney()
        var approvalsByTransaction: [String: Int] = [:]
        let all = Dictionary(grouping: try payments.allPayments(), by: { $0.sessionID.uuidString.uppercased() })
        for session in sessions where session.node == nodeIndex {
            let records = all[session.id.uppercased()] ?? []
            var approved: Int64 = 0
            var refunded: Int64 = 0
            var lineRefunds: [String: Int] = [:]
            for record in records {
                switch record.outcome {
                case .approved:
                    approved += record.amount.minor
                    approvalsByTransaction[record.terminalTransactionID ?? "none", default: 0] += 1
                    money.records.append("\(session.id.uppercased()) approved \(record.amount.minor)")
                case .refunded:
                    refunded += record.amount.minor
                    money.records.append("\(session.id.uppercased()) refunded \(record.amount.minor)")
                    if let range = record.idempotencyKey.range(of: ":line:") {
                        lineRefunds[record.idempotencyKey[range.upperBound...].uppercased(), default: 0] += 1
                    }
                default: break
                }
            }
            #expect(refunded <= approved, "\(context): session \(session.id) refunded \(refunded) > paid \(approved)")
            for (line, count) in lineRefunds {
                #expect(count == 1, "\(context): line \(line) of \(session.id) refunded \(count) times")
            }
            #expect(session.gateExits <= 1, "\(context): basket \(session.id) left \(session.gateExits) times")
            money.approvedMinor += approved
            money.refundedMinor += refunded
        }
        guard let terminal = node.terminal else { return money }
        let charges = await terminal.approvedCharges
        let chargeIDs = Set(charges.map(\.terminalTransactionID))
        money.charges = charges.count
        money.terminalRefundMinor = await terminal.refunds.reduce(0) { $0 + $1.amount.minor }
        for charge in charges {
            let count = approvalsByTransaction[charge.terminalTransactionID] ?? 0
            #expect(count <= 1, "\(context): terminal approval \(charge.terminalTransactionID) recorded \(count) times")
            if count == 0 { money.unrecordedCharges += 1 }
        }
        for (transaction, _) in approvalsByTransaction {
            #expect(chargeIDs.contains(transaction), "\(context): approved record \(transaction) was never charged")
        }
        money.openChargeIntents = try PaymentIntentStore(database: database).openIntents().filter { $0.kind == .charge }.count
        // A charge not (yet) recorded is only allowed while its intent is open (the answer was lost).
        #expect(
            money.unrecordedCharges <= money.openChargeIntents,
            "\(context): \(money.unrecordedCharges) approvals without a record, \(money.openChargeIntents) open intents")
        #expect(money.refundedMinor <= money.terminalRefundMinor, "\(context): refund records without a terminal refund")
        if final {
            #expect(money.unrecordedCharges == 0, "\(context): approvals never recorded")
            #expect(money.openChargeIntents == 0, "\(context): intents still open after start-up reconciliation")
            #expect(money.refundedMinor == money.terminalRefundMinor, "\(context): terminal refunds not all recorded")
        }
        return money
    }
}
