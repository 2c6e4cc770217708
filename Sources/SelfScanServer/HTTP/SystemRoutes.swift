import Foundation
import Hummingbird

/// `GET /v1/health`, `GET /v1/status`, `GET /v1/keys`.
struct SystemRoutes {
    let daemon: Daemon

    struct Health: ResponseEncodable {
        let status: String
    }

    struct Status: ResponseEncodable {
        struct Payment: Codable {
            let terminal: String
        }
        struct Signing: Codable {
            let signingKeyID: String?
            let trustedKeyIDs: [String]
        }
        let store: String
        let device: String
        let role: String
        let startedAt: Int64
        let uptimeSeconds: Int64
        let eventSubscribers: Int
        let payment: Payment
        let signing: Signing
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
            return Status(
                store: daemon.config.store, device: daemon.config.device, role: daemon.config.role.rawValue,
                startedAt: daemon.startedAt, uptimeSeconds: daemon.now() - daemon.startedAt,
                eventSubscribers: await daemon.events.subscriberCount,
                payment: .init(terminal: daemon.config.payment.terminal.rawValue),
                signing: .init(signingKeyID: keyring.signingKeyID, trustedKeyIDs: keyring.publicKeys.map(\.keyID)))
        }
        group.get("keys") { _, _ in
            Keys(
                store: daemon.config.store, signingKeyID: daemon.passes.keyring.signingKeyID,
                keys: daemon.passes.keyring.publicKeys)
        }
    }
}
