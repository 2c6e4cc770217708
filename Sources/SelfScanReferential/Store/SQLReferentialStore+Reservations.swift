public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// Click & collect: reservations (hold stock in a store), orders (for pickup, stock untouched) and picking by
/// the fulfilment store. A reservation id is the device's idempotency key: a replay answers the first answer.
extension SQLReferentialStore {
    public func reserve(_ request: ReservationRequest, for requester: StoreID) async throws -> Reservation {
        let now = ProtocolJSON.text(of: Date())
        return try await backend.transaction { session in
            try await Self.reserve(request, for: requester, now: now, in: session)
        }
    }

    /// Records `request` inside the caller's transaction (also used by ingest for orders queued offline).
    static func reserve(
        _ request: ReservationRequest, for requester: StoreID, now: String, in session: any SQLSession
    ) async throws -> Reservation {
        // Only the card's last four digits are kept and echoed (docs/privacy.md); older daemons sent it whole.
        var request = request
        request.loyaltyCard = request.loyaltyCard.map(LoyaltyCardDisplay.masked)
        let requestText = String(decoding: try ProtocolJSON.encoder().encode(request), as: UTF8.self)
        if let replay = try await replay(request, requestText: requestText, requester: requester, in: session) {
            return replay
        }
        guard let product = try await product(gtin: request.gtin, in: session) else {
            throw ReferentialError(.unknownProduct, request.gtin.digits14)
        }
        guard try await !session.rows("SELECT 1 FROM stores WHERE id = \(request.fulfilmentStoreID.rawValue)").isEmpty
        else { throw ReferentialError(.unknownStore, request.fulfilmentStoreID.rawValue) }
        let status: ReservationStatus = request.mode == .reserve ? .reserved : .ordered
        let inserted = try await session.rows(
            """
            INSERT INTO reservations (id, request, requesting_store, status, created_at)
                VALUES (\(request.id.uuidString), \(requestText), \(requester.rawValue), \(status.rawValue), \(now))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """)
        guard inserted.count == 1 else {
            // A concurrent request with the same id won the race: answer as its replay.
            guard let replay = try await replay(request, requestText: requestText, requester: requester, in: session)
            else { throw ReferentialError(.corruptRow, "reservation \(request.id) vanished") }
            return replay
        }
        try await session.rows(
            """
            INSERT INTO reservation_fulfilment (reservation_id, fulfilment_store, arrival)
            VALUES (\(request.id.uuidString), \(request.fulfilmentStoreID.rawValue),
                (SELECT COALESCE(MAX(arrival), 0) + 1 FROM reservation_fulfilment))
            """)
        if request.mode == .reserve {
            let levels = try await stockLevels(of: product.id, in: session)
            let onHand = levels.first { $0.storeID == request.fulfilmentStoreID }?.quantity ?? 0
            guard onHand >= request.quantity else {
                throw ReferentialError(
                    .insufficientStock, "\(request.gtin) ×\(request.quantity) at \(request.fulfilmentStoreID): \(onHand) on hand")
            }
            let level = StockLevel(
                productID: product.id, storeID: request.fulfilmentStoreID, quantity: onHand - request.quantity)
            try await publish([try StoredRecord(.stock(level))], note: "reservation \(request.id)", in: session)
        }
        return Reservation(
            id: request.id, gtin: request.gtin, quantity: request.quantity, requestingStoreID: requester,
            fulfilmentStoreID: request.fulfilmentStoreID, status: status, createdAt: try RowDecoding.date(now),
            replayed: false, loyaltyCard: request.loyaltyCard)
    }

    /// The stored answer for a reservation id seen before; a conflict when it was made with other values.
    static func replay(
        _ request: ReservationRequest, requestText: String, requester: StoreID, in session: any SQLSession
    ) async throws -> Reservation? {
        guard let row = try await session.rows(
            """
            SELECT request, requesting_store, status, created_at FROM reservations WHERE id = \(request.id.uuidString)
            """
        ).first else { return nil }
        guard try RowDecoding.text(row, 0) == requestText, try RowDecoding.text(row, 1) == requester.rawValue else {
            throw ReferentialError(.conflictingReservation, "reservation \(request.id) was made with other values")
        }
        var answer = try reservation(row)
        answer.replayed = true
        return answer
    }

    /// In the order they arrived (ties, possible under concurrent PostgreSQL writers, by id).
    public func reservations(fulfilmentStore store: StoreID, statuses: [ReservationStatus]) async throws -> [Reservation] {
        guard !statuses.isEmpty else { return [] }
        return try await backend.read { session in
            try await session.rows(
                """
                SELECT r.request, r.requesting_store, r.status, r.created_at FROM reservation_fulfilment f
                JOIN reservations r ON r.id = f.reservation_id
                WHERE f.fulfilment_store = \(store.rawValue) AND r.status IN \(list: statuses.map(\.rawValue))
                ORDER BY f.arrival, r.id
                """
            ).map(Self.reservation)
        }
    }

    public func markPicked(_ id: UUID, by store: StoreID) async throws -> Reservation {
        let now = ProtocolJSON.text(of: Date())
        return try await backend.transaction { session in
            guard let row = try await session.rows(
                """
                SELECT r.request, r.requesting_store, r.status, r.created_at, f.fulfilment_store FROM reservations r
                JOIN reservation_fulfilment f ON f.reservation_id = r.id WHERE r.id = \(id.uuidString)
                """).first else { throw ReferentialError(.unknownReservation, id.uuidString) }
            guard try RowDecoding.text(row, 4) == store.rawValue else {
                throw ReferentialError(.wrongStore, "reservation \(id) is prepared by another store")
            }
            var answer = try Self.reservation(row)
            guard answer.status != .picked else { return answer }
            try await session.rows("UPDATE reservations SET status = \("picked") WHERE id = \(id.uuidString)")
            try await session.rows(
                "UPDATE reservation_fulfilment SET picked_at = \(now) WHERE reservation_id = \(id.uuidString)")
            answer.status = .picked
            return answer
        }
    }

    /// A reservation from `request, requesting_store, status, created_at` (the request as first posted).
    static func reservation(_ row: [SQLValue]) throws -> Reservation {
        let request: ReservationRequest
        do {
            request = try ProtocolJSON.decoder().decode(ReservationRequest.self, from: Data(try RowDecoding.text(row, 0).utf8))
        } catch let error as ReferentialError { throw error } catch { throw RowDecoding.corrupt("reservation request") }
        guard let status = ReservationStatus(rawValue: try RowDecoding.text(row, 2)) else {
            throw RowDecoding.corrupt("reservation status")
        }
        return Reservation(
            id: request.id, gtin: request.gtin, quantity: request.quantity,
            requestingStoreID: StoreID(try RowDecoding.text(row, 1)), fulfilmentStoreID: request.fulfilmentStoreID,
            status: status, createdAt: try RowDecoding.date(try RowDecoding.text(row, 3)), replayed: false,
            loyaltyCard: request.loyaltyCard)
    }
}
