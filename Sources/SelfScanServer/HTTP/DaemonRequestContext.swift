public import Foundation
public import Hummingbird
public import HummingbirdWebSocket
public import SelfScanAPI
import SelfScanSync

/// The request context of every route: WebSocket-capable (so `/v1/events` can upgrade), and reading and
/// writing JSON with the daemon's one configuration, `ProtocolJSON` (sorted keys, ISO 8601 dates such as
/// `2026-11-23T15:45:39Z`) — the same as hand-encoded answers, events and the sync protocol.
public struct DaemonRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
    }

    /// Request bodies: `ProtocolJSON.decoder()`.
    public var requestDecoder: JSONDecoder { ProtocolJSON.decoder() }
    /// `ResponseEncodable` answers: `ProtocolJSON.encoder()`.
    public var responseEncoder: JSONEncoder { ProtocolJSON.encoder() }
}
