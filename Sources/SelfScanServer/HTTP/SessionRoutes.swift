import Foundation
import Hummingbird
import SelfScanHTTP
import SelfScanAPI
import SelfScanCore
import SelfScanSync

/// Shopper routes under `/v1/sessions`: each call on a session needs that session's token (or a staff
/// token). See docs/api.md.
struct SessionRoutes {
    let daemon: Daemon
    let sessions: LiveSessions
    /// Session opens per client address (`sessionOpensPerClient` in any 10 minutes; none when 0).
    var openLimiter: ClientWindowLimiter?

    struct OpenRequest: Decodable {
        let loyaltyCard: String?
    }

    struct Opened: ResponseEncodable {
        let token: String
        let session: SessionView
    }

    struct ScanRequest: Decodable {
        let payload: String
        /// AIM symbology identifier (`]E0`…), when the scanner reports one.
        let symbology: String?
    }

    struct QuantityRequest: Decodable {
        let quantity: Int
    }

    struct PaymentRequestBody: Decodable {
        /// Client-generated idempotency key: retry with the same id, never a new one, after a network error.
        /// Absent: the daemon makes one (and a retry is then a new payment attempt).
        let paymentID: String?
        /// A partial amount; absent = everything due.
        let amount: Money?
    }

    struct ResumeRequest: Decodable {
        let code: String
    }

    func register(on group: Router<DaemonRequestContext>) {
        group.on(DaemonEndpoints.openSession) { request, context in
            // The device itself (the kiosk's own page, on loopback) is not limited; the store network is.
            if let openLimiter, daemon.config.limitsLoopbackClients || !context.isLoopbackClient {
                try await openLimiter.admit(client: context.clientKey, now: daemon.now())
            }
            let body = try await decodeOptional(OpenRequest.self, request, context) ?? OpenRequest(loyaltyCard: nil)
            let card = body.loyaltyCard?.isEmpty == true ? nil : body.loyaltyCard
            let view: SessionView
            if let card {
                // Card enumeration: unknown cards are rate limited per client (429 tooManyCardLookups).
                try await daemon.loyaltyLookups.checkAllowed(client: context.clientKey, now: daemon.now())
                do {
                    view = try await sessions.open(loyaltyCard: card)
                } catch where APIError(mapping: error).code == "unknownLoyaltyCard" {
                    try await daemon.loyaltyLookups.record(known: false, client: context.clientKey, now: daemon.now())
                    throw error
                }
                try await daemon.loyaltyLookups.record(known: true, client: context.clientKey, now: daemon.now())
            } else {
                view = try await sessions.open(loyaltyCard: nil)
            }
            return EditedResponse(
                status: .created, response: Opened(token: daemon.sessionTokens.token(for: view.id), session: view))
        }
        group.on(DaemonEndpoints.device) { _, _ in
            let view = try await sessions.deviceSessionView()
            return try DeviceSession(
                device: daemon.config.device, session: view,
                token: view.map { daemon.sessionTokens.token(for: $0.id) }
            ).encodedResponse()
        }
        group.on(DaemonEndpoints.resumeSession) { request, context in
            let body = try await request.decode(as: ResumeRequest.self, context: context)
            let view = try await sessions.resume(handoffCode: body.code)
            return Opened(token: daemon.sessionTokens.token(for: view.id), session: view)
        }
        group.on(DaemonEndpoints.session) { request, context in
            let id = try await authorise(request, context)
            return try await sessions.view(of: id)
        }
        group.on(DaemonEndpoints.scan) { request, context in
            let id = try await authorise(request, context)
            let body = try await request.decode(as: ScanRequest.self, context: context)
            try ScanPayloadLimit.check(body.payload)
            let symbology = try body.symbology.map { text in
                guard let aim = AIMIdentifier(text) else {
                    throw APIError.badRequest("'\(text)' is not an AIM symbology identifier like ]E0")
                }
                return aim
            }
            let result = try await sessions.scanLimitingCardLookups(
                session: id, payload: body.payload, symbology: symbology, client: context.clientKey, daemon: daemon)
            return try result.encodedResponse()
        }
        group.on(DaemonEndpoints.changeLine) { request, context in
            let id = try await authorise(request, context)
            let body = try await request.decode(as: QuantityRequest.self, context: context)
            return try await sessions.changeQuantity(
                session: id, line: try context.parameters.require("line"), quantity: body.quantity)
        }
        group.on(DaemonEndpoints.removeLine) { request, context in
            let id = try await authorise(request, context)
            return try await sessions.voidLine(session: id, line: try context.parameters.require("line"), staffID: nil)
        }
        group.on(DaemonEndpoints.checkout) { request, context in
            try await sessions.requestCheckout(session: try await authorise(request, context))
        }
        group.on(DaemonEndpoints.resumeScanning) { request, context in
            try await sessions.resumeScanning(session: try await authorise(request, context))
        }
        group.on(DaemonEndpoints.cancelCheckout) { request, context in
            try await sessions.resumeScanning(session: try await authorise(request, context))
        }
        group.on(DaemonEndpoints.acknowledgeAudit) { request, context in
            try await sessions.acknowledgeAudit(session: try await authorise(request, context))
        }
        group.on(DaemonEndpoints.suspend) { request, context in
            try await sessions.suspendForHandoff(session: try await authorise(request, context)).encodedResponse()
        }
        group.on(DaemonEndpoints.callForHelp) { request, context in
            let id = try await authorise(request, context)
            try await sessions.callForHelp(session: id)
            return Response(status: .accepted)
        }
        group.on(DaemonEndpoints.pay) { request, context in
            let id = try await authorise(request, context)
            let body = try await request.decode(as: PaymentRequestBody.self, context: context)
            return try await sessions.pay(
                session: id, paymentID: body.paymentID ?? UUID().uuidString, amount: body.amount)
                .encodedResponse()
        }
        group.on(DaemonEndpoints.exitPass) { request, context in
            try await sessions.exitPass(session: try await authorise(request, context)).encodedResponse()
        }
        group.on(DaemonEndpoints.receipt) { request, context in
            let receipt = try await sessions.receipt(session: try await authorise(request, context))
            if request.uri.queryParameters.get("format") == "text" {
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; charset=utf-8"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: receipt.text)))
            }
            return try receipt.response(from: request, context: context)
        }
    }

    /// The session id of the path, once the caller showed its session token or a staff token.
    private func authorise(_ request: Request, _ context: DaemonRequestContext) async throws -> String {
        try await daemon.authorisedSessionID(request, context)
    }
}

/// Decodes a JSON body when there is one (an empty body is `nil`).
func decodeOptional<T: Decodable>(
    _ type: T.Type, _ request: Request, _ context: DaemonRequestContext
) async throws -> T? {
    var request = request
    let buffer = try await request.collectBody(upTo: 64 * 1024)
    guard buffer.readableBytes > 0 else { return nil }
    do {
        return try ProtocolJSON.decoder().decode(T.self, from: Data(buffer: buffer))
    } catch {
        throw APIError.badRequest("the JSON body is not a \(T.self): \(error)")
    }
}

/// Codable answers encoded with the daemon's one JSON configuration (`ProtocolJSON`: sorted keys, ISO 8601).
struct EncodedJSON: ResponseGenerator {
    let data: Data
    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension ScanResult {
    /// `{"action":…,"session":…}` (sorted keys, as `ProtocolJSON` writes it), reusing the session's bytes when
    /// the event hub already encoded them.
    func encodedResponse() throws -> EncodedJSON {
        guard let encodedSession else { return EncodedJSON(data: try ProtocolJSON.encoder().encode(self)) }
        var json = ProtocolJSONWriter(capacity: encodedSession.count + 64)
        json.beginObject()
        json.key("action")
        json.string(action)
        json.key("session")
        var data = json.data
        data.append(encodedSession)
        data.append(UInt8(ascii: "}"))
        return EncodedJSON(data: data)
    }
}

extension Encodable {
    func encodedResponse() throws -> EncodedJSON {
        EncodedJSON(data: try ProtocolJSON.encoder().encode(self))
    }
}
