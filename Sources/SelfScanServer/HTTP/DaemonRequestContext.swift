public import Foundation
public import Hummingbird
public import HummingbirdWebSocket
public import SelfScanAPI
public import NIOCore
import SelfScanSync

/// The request context of every route: WebSocket-capable (so `/v1/events` can upgrade), and reading and
/// writing JSON with the daemon's one configuration, `ProtocolJSON` (sorted keys, ISO 8601 dates such as
/// `2026-11-23T15:45:39Z`) — the same as hand-encoded answers, events and the sync protocol.
public struct DaemonRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// The client's IP address (`nil` for a Unix socket): the "device" of per-client rate limits.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
    }

    /// The key of per-client limits: the client's IP address (one for every page on this machine).
    var clientKey: String { remoteAddress?.ipAddress ?? "local" }
    /// The request came from this machine (127.0.0.0/8, ::1, or no socket address: in-process tests).
    var isLoopbackClient: Bool {
        guard let address = remoteAddress?.ipAddress else { return true }
        return address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }

    /// The largest request body (1 MiB): larger ones are refused `413 bodyTooLarge`.
    public static let maxBodyBytes = 1 << 20
    public var maxUploadSize: Int { Self.maxBodyBytes }

    /// Request bodies: `ProtocolJSON.decoder()` (the process's one configured decoder, not a new one per request).
    public var requestDecoder: JSONDecoder { ProtocolJSON.sharedDecoder }
    /// `ResponseEncodable` answers: `ProtocolJSON.encoder()` (likewise shared).
    public var responseEncoder: JSONEncoder { ProtocolJSON.sharedEncoder }
}
