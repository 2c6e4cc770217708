public import Foundation
public import Hummingbird
import SelfScanHTTP
public import SelfScanAPI
import SelfScanStorage
public import SelfScanSync

/// `GET /v1/health`, `GET /v1/status`, `GET /v1/keys`.
public struct SystemRoutes: Sendable {
    let daemon: Daemon
    public typealias Status = DaemonStatus
    public typealias Catalog = DaemonCatalogState

    struct Health: ResponseEncodable {
        let status: String
    }



    struct Keys: ResponseEncodable {
        let store: String
        let signingKeyID: String?
        let keys: [SigningKeyring.PublicKeyEntry]
    }

    func register(on group: Router<DaemonRequestContext>) {
        group.on(DaemonEndpoints.health) { _, _ in Health(status: "ok") }
        group.on(DaemonEndpoints.status) { _, _ in
            let keyring = daemon.passes.keyring
            let state = try daemon.database.flatMap { try CatalogCache(database: $0).state() }
            let outbox = try daemon.database.map { try Outbox(database: $0).status() }
            return Status(
                store: daemon.config.store, device: daemon.config.device, role: daemon.config.role.rawValue,
                startedAt: Date(unixSeconds: daemon.startedAt), uptimeSeconds: daemon.now() - daemon.startedAt,
                eventSubscribers: await daemon.events.subscriberCount,
                payment: .init(terminal: daemon.config.payment.terminal.rawValue),
                signing: .init(signingKeyID: keyring.signingKeyID, trustedKeyIDs: keyring.publicKeys.map(\.keyID)),
                catalog: state.map {
                    Catalog(version: $0.version.rawValue, ageSeconds: Int64($0.age()), appliedAt: $0.appliedAt)
                },
                sync: daemon.sync.map { sync in outbox.map { sync.status.withCurrentOutbox($0) } ?? sync.status },
                outboxDepth: outbox?.depth, timeZone: daemon.config.timeZone)
        }
        group.on(DaemonEndpoints.sync) { _, _ in
            guard let status = try daemon.currentSyncStatus() else {
                throw APIError(.notFound, code: "noReferential", "no referential is configured: this device is offline-only")
            }
            return try status.encodedResponse()
        }
        group.on(DaemonEndpoints.syncPull) { _, _ in
            guard let sync = daemon.sync else {
                throw APIError(.notFound, code: "noReferential", "no referential is configured: this device is offline-only")
            }
            await sync.requestCatalogPull()
            return Response(status: .accepted)
        }
        group.on(DaemonEndpoints.keys) { _, _ in
            Keys(
                store: daemon.config.store, signingKeyID: daemon.passes.keyring.signingKeyID,
                keys: daemon.passes.keyring.publicKeys)
        }
    }
}
