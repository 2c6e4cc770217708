import Foundation
import Logging
import SelfScanAPI
import SelfScanCore
import SelfScanStorage
import SelfScanSync

/// Click & collect on the daemon: stock asked live from the referential (the catalog cache when it cannot be
/// reached), reservations and orders (an order taken offline waits in the outbox), and picking by scanning
/// in the fulfilment store. One per daemon; it keeps the picking progress of this daemon's staff.
actor ClickAndCollect {
    let daemon: Daemon
    /// The referential asked live, with a short timeout (`DaemonConfig.liveReferentialTimeout`: a handheld must not
    /// hang); nil when none is configured.
    let referential: ReferentialClient?
    /// Units scanned per order being picked here (a copy of the SQLite `picking_progress`, loaded once).
    private var picked: [UUID: Int64] = [:]
    /// Orders whose every unit is scanned but whose `picked` mark has not reached the referential yet.
    private var unconfirmed: Set<UUID> = []
    /// Where the progress is kept across restarts (nil without a database).
    private let progressStore: PickingProgressStore?
    private var progressLoaded = false
    /// The orders of the last list, so a scan does not need to ask the referential again.
    private var known: [UUID: Reservation] = [:]

    init(daemon: Daemon) {
        self.daemon = daemon
        progressStore = daemon.database.map(PickingProgressStore.init)
        referential = daemon.config.referential.map {
            ReferentialClient(baseURL: $0.url, token: $0.token ?? "", timeout: daemon.config.liveReferentialTimeout)
        }
    }

    var storeID: StoreID { StoreID(daemon.config.store) }

    // MARK: Stock

    /// Stock of the product `code` names, here and in the other stores.
    func stock(code: String?) async throws -> StockView {
        let (product, lookup) = try daemon.scannedProduct(code)
        var fallback = "no referential is configured"
        if let referential {
            if let gtin = product.gtins.first {
                do {
                    let answer = try await referential.stock(gtin: gtin)
                    return StockView(
                        productID: product.id.rawValue, gtin: gtin.digits14, name: product.name,
                        here: answer.thisStore.map { Int($0.quantity) },
                        otherStores: answer.otherStores.map {
                            .init(store: $0.storeID.rawValue, quantity: Int($0.quantity), name: $0.name)
                        },
                        source: .referential, catalogVersion: lookup.version.rawValue, catalogAgeSeconds: nil,
                        fallbackReason: nil)
                } catch {
                    fallback = error.code == .server ? "the referential refused: \(error.description)" : "referential unreachable"
                    daemon.logger.notice("stock from the cache", metadata: ["reason": "\(error)"])
                }
            } else {
                fallback = "the product has no GTIN to ask the referential"
            }
        }
        let levels = try lookup.stock(of: product.id)
        let age = try CatalogCache(database: lookup.database).state().map { Int64($0.age()) }
        return StockView(
            productID: product.id.rawValue, gtin: product.gtins.first?.digits14, name: product.name,
            here: levels.first { $0.storeID == storeID }.map { Int($0.quantity) },
            otherStores: levels.filter { $0.storeID != storeID }.map { .init(store: $0.storeID.rawValue, quantity: Int($0.quantity)) },
            source: .cache, catalogVersion: lookup.version.rawValue, catalogAgeSeconds: age, fallbackReason: fallback)
    }

    // MARK: Reserve

    /// Reserves (holds stock, needs the referential now) or orders (queued in the outbox when the referential
    /// cannot be reached). Idempotent by the client's `id`.
    func reserve(_ body: ReserveBody) async throws -> ReservationView {
        guard let id = UUID(uuidString: body.id) else { throw ClickAndCollectError.badRequest("id must be a UUID") }
        guard (1...10_000).contains(body.quantity) else { throw ClickAndCollectError.badRequest("quantity must be 1…10000") }
        guard !body.fulfilmentStoreID.isEmpty else { throw ClickAndCollectError.badRequest("fulfilmentStoreID is required") }
        let (product, _) = try daemon.scannedProduct(body.code)
        guard let gtin = product.gtins.first else { throw ClickAndCollectError.noGTIN(productID: product.id.rawValue) }
        let request = ReservationRequest(
            id: id, gtin: gtin, quantity: Int64(body.quantity), fulfilmentStoreID: StoreID(body.fulfilmentStoreID),
            // The card leaves this daemon (outbox, referential) only as its last four digits (docs/privacy.md).
            mode: body.mode, loyaltyCard: body.loyaltyCard.flatMap { $0.isEmpty ? nil : LoyaltyCardDisplay.masked($0) })
        var unreachable = "no referential is configured"
        if let referential {
            do {
                let answer = try await referential.reserve(request)
                return ReservationView(answer, product: product, mode: body.mode)
            } catch where error.code == .server {
                throw Self.refusal(error)
            } catch {
                unreachable = error.description
            }
        }
        guard body.mode == .order else { throw ClickAndCollectError.referentialUnreachable(unreachable) }
        try await queue(request)
        return ReservationView(queued: request, product: product)
    }

    /// Writes the order to the outbox (a replay of a queued order is already there: nothing to add).
    private func queue(_ request: ReservationRequest) async throws {
        guard let database = daemon.database else { throw SessionError.noCatalog }
        do {
            try await Outbox(database: database).enqueueGroupCommitted([try request.queuedOrderMessage()])
        } catch let error as StorageError where error.code == .constraint {
            return
        }
        daemon.logger.info("click & collect order queued", metadata: ["reservation": "\(request.id)"])
        if let sync = daemon.sync { Task { await sync.outboxChanged() } }
    }

    static func refusal(_ error: SyncError) -> ClickAndCollectError {
        switch error.protocolCode {
        case .insufficientStock: .insufficientStock(error.context)
        case .conflict: .reservationConflict(error.context)
        default: .referentialRefused(status: error.status ?? 502, error.context)
        }
    }

    // MARK: Picking

    /// The orders this store has to prepare, with the units scanned so far.
    func pickings() async throws -> [PickingView] {
        try loadProgress()
        guard let referential else { throw ClickAndCollectError.referentialUnreachable("no referential is configured") }
        let list: [Reservation]
        do { list = try await referential.reservations(fulfilmentStore: storeID) } catch where error.code == .server {
            throw Self.refusal(error)
        } catch {
            throw ClickAndCollectError.referentialUnreachable(error.description)
        }
        known = Dictionary(list.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let lookup = try daemon.database.flatMap { try CatalogCache(database: $0).lookup() }
        return try list.map { try view($0, lookup: lookup) }
    }

    /// One scan while picking `id`: counts a unit of the right product, refuses another product (`wrongItem`);
    /// the last unit marks the order picked at the referential.
    func scan(picking idText: String, code: String) async throws -> PickingView {
        guard let id = UUID(uuidString: idText) else { throw ClickAndCollectError.pickingNotFound(idText) }
        try loadProgress()
        if known[id] == nil { _ = try await pickings() }
        guard var reservation = known[id] else { throw ClickAndCollectError.pickingNotFound(idText) }
        let (scanned, lookup) = try daemon.scannedProduct(code)
        let expected = try lookup.product(gtin: reservation.gtin)
        guard scanned.gtins.contains(reservation.gtin) || (expected.map { $0.id == scanned.id } ?? false) else {
            throw ClickAndCollectError.wrongItem(expected: expected?.name ?? reservation.gtin.digits14, scanned: scanned.name)
        }
        let count = picked[id, default: 0]
        if count >= reservation.quantity || reservation.status == .picked {
            // A scan after the last unit only retries a `picked` mark that did not reach the referential.
            guard unconfirmed.contains(id) else { throw ClickAndCollectError.alreadyPicked(idText) }
        } else {
            picked[id] = count + 1
            if count + 1 == reservation.quantity { unconfirmed.insert(id) }
            try await saveProgress(id)  // durable before the answer, like a basket scan
        }
        if unconfirmed.contains(id), let referential {
            do {
                reservation = try await referential.markPicked(reservation: id)
                unconfirmed.remove(id)
                known[id] = reservation
                picked[id] = nil  // the referential's `picked` status says it all from now on
            } catch where error.code == .server {
                throw Self.refusal(error)
            } catch {
                daemon.logger.notice("picked mark not delivered", metadata: ["reservation": "\(id)", "error": "\(error)"])
            }
            if picked[id] == nil { try await saveProgress(id) }  // confirmed: forget the count
        }
        return try view(reservation, lookup: lookup)
    }

    /// Loads the progress kept by an earlier run of this daemon (once).
    private func loadProgress() throws {
        guard !progressLoaded, let progressStore else { return }
        for (id, progress) in try progressStore.all() {
            picked[id] = progress.picked
            if progress.awaitingReferential { unconfirmed.insert(id) }
        }
        progressLoaded = true
    }

    /// Writes (or clears) the progress of `id` as it is in memory now. Group-committed off the actor; writes are
    /// queued in call order with the values of the moment, so a later save of `id` always lands last.
    private func saveProgress(_ id: UUID) async throws {
        guard let progressStore else { return }
        if let count = picked[id] {
            try await progressStore.recordGroupCommitted(
                PickingProgress(picked: count, awaitingReferential: unconfirmed.contains(id)), reservation: id)
        } else {
            try await progressStore.clearGroupCommitted(reservation: id)
        }
    }

    private func view(_ reservation: Reservation, lookup: StoredCatalogLookup?) throws -> PickingView {
        let product = try lookup?.product(gtin: reservation.gtin)
        return PickingView(
            id: reservation.id.uuidString, gtin: reservation.gtin.digits14, productID: product?.id.rawValue,
            name: product?.name ?? reservation.gtin.digits14, quantity: Int(reservation.quantity),
            picked: Int(picked[reservation.id] ?? (reservation.status == .picked ? reservation.quantity : 0)),
            status: reservation.status.rawValue, awaitingReferential: unconfirmed.contains(reservation.id),
            requestingStoreID: reservation.requestingStoreID.rawValue, loyaltyCard: reservation.loyaltyCard,
            createdAt: reservation.createdAt)
    }
}
