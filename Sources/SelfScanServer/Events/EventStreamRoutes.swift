import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanHTTP
import HummingbirdWebSocket

/// `GET /v1/events` (WebSocket): live events as JSON text messages (see `DaemonEvent`).
/// A shopper page subscribes with `?session=<id>&token=<session token>` and gets that session's events;
/// staff pages and the console use `?staff=<staff token>` and get every event. `&since=<seq>` first replays
/// the kept events after that `seq` (or sends one `resync` event when they are gone): subscribe, fetch the
/// state, and reconnect with `since` after a drop, and nothing is missed.
struct EventStreamRoutes {
    let daemon: Daemon

    func register(on router: Router<DaemonRequestContext>) {
        router.ws(RouterPath(DaemonEndpoints.events.path)) { request, _ in
            let filter = try await filter(for: request)
            _ = try since(request)
            if let session = filter.session,
                await daemon.events.subscriberCount(session: session) >= EventHub.maxSubscriptionsPerSession
            {
                return .dontUpgrade
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let filter = try await filter(for: context.request)
            let (events, lastSequence) = await daemon.events.subscription(filter, since: try since(context.request))
            // The handshake: once this message arrives the client is subscribed, so it can read the state
            // (GET …) and apply every later event on top — no "surely subscribed" wait anywhere.
            try await outbound.write(
                .text(Self.subscribedMessage(lastSequence: lastSequence, session: filter.session, at: Date())))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Drain what the client sends (nothing is expected); returns when it closes.
                    for try await _ in inbound {}
                }
                group.addTask {
                    for await event in events {
                        try await outbound.write(.text(event.json))
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
        }
    }

    /// `{"at":…,"data":{"lastSeq":N},"session":…,"type":"subscribed"}`: the first message of every stream, in
    /// the same envelope as the events (`EventEnvelope.subscribed`). It has no `seq` of its own (it is not an
    /// event of the log): `lastSeq` is the `seq` of the last event published before the subscription; every
    /// event after it follows (replayed ones first with `since`).
    static func subscribedMessage(lastSequence: Int, session: String?, at: Date) throws -> String {
        try EventEnvelope.subscribed(lastSequence: lastSequence, session: session, at: at).text()
    }

    /// `?since=<seq>`: an integer, or absent.
    private func since(_ request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters.get("since") else { return nil }
        guard let value = Int(text) else { throw APIError.badRequest("since must be an event seq (an integer), not '\(text)'") }
        return value
    }

    private func filter(for request: Request) async throws -> EventHub.Filter {
        if let staffToken = request.uri.queryParameters.get("staff") {
            _ = try await daemon.staff.authorise(token: staffToken, requiring: .attendant, now: daemon.now())
            return EventHub.Filter(session: nil)
        }
        guard let session = request.uri.queryParameters.get("session") else {
            throw APIError.badRequest("give ?session=<id>&token=<session token>, or ?staff=<staff token>")
        }
        try daemon.sessionTokens.check(request.uri.queryParameters.get("token"), sessionID: session)
        return EventHub.Filter(session: session)
    }
}
