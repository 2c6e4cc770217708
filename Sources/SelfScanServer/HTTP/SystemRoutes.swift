public import Foundation
public import Hummingbird
public import SelfScanAPI
import SelfScanStorage
public import SelfScanSync

/// `GET /v1/health`, `GET /v1/status`, `GET /v1/keys`.
public struct SystemRoutes: Sendable {
    let daemon: Daemon

    struct Health: ResponseEncodable {
        let status: String
    }

    public struct Status: ResponseEncodable, Decodable, Sendable {
        public struct Payment: Codable, Sendable {
            public let terminal: String
        }
        public struct Signing: Codable, Sendable {
            public let signingKeyID: String?
            public let trustedKeyIDs: [String]
        }
        public let store: String
        public let device: String
        public let role: String
        public let startedAt: Int64
        public let uptimeSeconds: Int64
        public let eventSubscribers: Int
        public let payment: Payment
        public let signing: Signing
        /// The local catalog cache: version and age in seconds (`null` before the first catalog).
        public let catalog: Catalog?
        /// Sync with the referential (`null` when none is configured: offline-only).
        public let sync: SyncStatus?
        public let outboxDepth: Int?
    }

    public struct Catalog: Codable, Sendable {
        public let version: Int64
        public let ageSeconds: Int64
        public let appliedAt: Date
    }

    struct Keys: ResponseEncodable {
        let store: String
        let signingKeyID: String?
        let keys: [SigningKeyring.PublicKeyEntry]
    }

    func register(on group: RouterGroup<DaemonRequestContext>) {
        group.get("health") { _, _ in Health(status: "ok") }
        group.get("status") { _, _ in
            let keyring = daemon.passes.keyring
            let state = try daemon.database.flatMap { try CatalogCache(database: $0).state() }
            let outbox = try daemon.database.map { try Outbox(database: $0).status() }
            return Status(
                store: daemon.config.store, device: daemon.config.device, role: daemon.config.role.rawValue,
                startedAt: daemon.startedAt, uptimeSeconds: daemon.now() - daemon.startedAt,
                eventSubscribers: await daemon.events.subscriberCount,
                payment: .init(terminal: daemon.config.payment.terminal.rawValue),
                signing: .init(signingKeyID: keyring.signingKeyID, trustedKeyIDs: keyring.publicKeys.map(\.keyID)),
                catalog: state.map {
                    Catalog(version: $0.version.rawValue, ageSeconds: Int64($0.age()), appliedAt: $0.appliedAt)
                },
                sync: daemon.sync?.status, outboxDepth: outbox?.depth)
        }
        group.get("sync") { _, _ in
            guard let sync = daemon.sync else {
                throw APIError(.notFound, code: "noReferential", "no referential is configured: this device is offline-only")
            }
            return try sync.status.encodedResponse()
        }
        group.post("sync/pull") { _, _ in
            guard let sync = daemon.sync else {
                throw APIError(.notFound, code: "noReferential", "no referential is configured: this device is offline-only")
            }
            await sync.requestCatalogPull()
            return Response(status: .accepted)
        }
        group.get("keys") { _, _ in
            Keys(
                store: daemon.config.store, signingKeyID: daemon.passes.keyring.signingKeyID,
                keys: daemon.passes.keyring.publicKeys)
        }
    }
}
