import Foundation
public import SelfScanAPI
public import SelfScanCore

/// E-receipts the loyalty customer fetches later (issue 18 #4): the daemon syncs each receipt (ingest kind
/// `receipt`: the JSON the kiosk displays and the e-receipt page shows, VAT breakdown and promotion lines
/// included) and the closed basket names the customer; both land in `customer_receipts`, whichever comes first.
extension SQLReferentialStore {
    static let receiptKind = IngestKind("receipt")

    /// The ingest hook: keeps the accepted receipts and the customers of the accepted closed baskets.
    static func recordReceipts(
        _ accepted: [PreparedIngestItem], identity: DeviceIdentity, in session: any SQLSession
    ) async throws {
        let store = identity.storeID.rawValue
        for entry in accepted.sorted(by: { $0.item.id < $1.item.id }) {
            if entry.item.kind == receiptKind, case .object(let fields) = entry.item.payload,
                case .string(let sessionID)? = fields["session"] ?? entry.item.orderingKey.map(JSONValue.string)
            {
                var issuedAt: String?
                if case .string(let text)? = fields["issuedAt"] { issuedAt = text }
                try await session.rows(
                    """
                    INSERT INTO customer_receipts (store_id, session_id, customer_id, receipt, issued_at)
                    VALUES (\(store), \(sessionID), NULL, \(entry.payloadText), \(issuedAt))
                    ON CONFLICT (store_id, session_id) DO UPDATE
                        SET receipt = excluded.receipt, issued_at = excluded.issued_at
                    """)
            } else if let basket = entry.basket, let customer = basket.customerID, !customer.isEmpty {
                try await session.rows(
                    """
                    INSERT INTO customer_receipts (store_id, session_id, customer_id, receipt, issued_at)
                    VALUES (\(store), \(basket.sessionID), \(customer), NULL, NULL)
                    ON CONFLICT (store_id, session_id) DO UPDATE SET customer_id = excluded.customer_id
                    """)
            }
        }
    }

    public func insertCustomerToken(hash: String, customer: CustomerID) async throws {
        try await backend.transaction { session in
            guard
                try await !session.rows(
                    """
                    SELECT 1 FROM catalog_records WHERE record_type = 'customer'
                        AND record_key = \(customer.rawValue) AND deleted = 0
                    """
                ).isEmpty
            else { throw ReferentialError(.unknownCustomer, "no customer \(customer.rawValue)") }
            try await session.rows(
                """
                INSERT INTO customer_tokens (token_hash, customer_id, issued_at)
                    VALUES (\(hash), \(customer.rawValue), \(ProtocolJSON.text(of: Date())))
                """)
        }
    }

    public func customer(forTokenHash hash: String) async throws -> CustomerID? {
        try await customer(forTokenHash: hash, now: Date())
    }

    /// A customer token opens the customer's routes for `CustomerTokenAnswer.lifetime` after its issue, then
    /// never again (the loyalty app asks for a new one): a token copied from a lost phone does not read the
    /// receipts forever. ISO 8601 texts of one format compare in time order.
    func customer(forTokenHash hash: String, now: Date) async throws -> CustomerID? {
        let oldest = ProtocolJSON.text(of: now.addingTimeInterval(-CustomerTokenAnswer.lifetime))
        return try await backend.query(
            "SELECT customer_id FROM customer_tokens WHERE token_hash = \(hash) AND issued_at > \(oldest)"
        ).first.map { CustomerID(try RowDecoding.text($0, 0)) }
    }

    public func receipts(customer: CustomerID) async throws -> [CustomerReceiptSummary] {
        try await backend.read { session in
            try await session.rows(
                """
                SELECT store_id, session_id, issued_at, receipt FROM customer_receipts
                WHERE customer_id = \(customer.rawValue) AND receipt IS NOT NULL
                    ORDER BY issued_at DESC, store_id, session_id
                """).map { row in
                var total: Money?
                if let document = RowDecoding.optionalText(row, 3),
                    let value = try? ProtocolJSON.decoder().decode(ReceiptTotal.self, from: Data(document.utf8))
                {
                    total = value.total
                }
                return CustomerReceiptSummary(
                    storeID: try RowDecoding.text(row, 0), sessionID: try RowDecoding.text(row, 1),
                    issuedAt: RowDecoding.optionalText(row, 2).flatMap(ProtocolJSON.date(from:)), total: total)
            }
        }
    }

    /// The receipt's JSON as the daemon synced it, when it belongs to `customer`.
    public func receipt(customer: CustomerID, store: StoreID, session sessionID: String) async throws -> String? {
        try await backend.read { session in
            try await session.rows(
                """
                SELECT receipt FROM customer_receipts
                WHERE store_id = \(store.rawValue) AND session_id = \(sessionID)
                    AND customer_id = \(customer.rawValue) AND receipt IS NOT NULL
                """).first.flatMap { RowDecoding.optionalText($0, 0) }
        }
    }

    /// Erasure: the customer's receipts and tokens go (the accounting keeps the baskets and payments).
    static func eraseReceipts(of customer: CustomerID, in session: any SQLSession) async throws -> Int {
        let receipts = try await session.rows(
            "DELETE FROM customer_receipts WHERE customer_id = \(customer.rawValue) RETURNING session_id").count
        try await session.rows("DELETE FROM customer_tokens WHERE customer_id = \(customer.rawValue)")
        return receipts
    }
}

/// The one field of a stored receipt a summary shows.
private struct ReceiptTotal: Decodable {
    let total: Money
}
