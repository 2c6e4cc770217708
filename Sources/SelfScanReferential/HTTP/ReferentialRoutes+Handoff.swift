import Hummingbird
import SelfScanAPI

extension ReferentialRoutes {
    /// `POST /v1/sessions/{id}/claims`: a device takes over a session suspended for hand-off on another device.
    /// `201` with the log up to the suspension; `200` with `replayed: true` for the same device and nonce again.
    func claimHandoff(_ request: Request, _ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        let sessionID = try context.parameters.require("id")
        guard ProtocolIdentifiers.isValidKey(sessionID) else {
            throw APIError(.invalidRequest, "session id must be 1…128 printable characters")
        }
        let claim = try await decodeBody(HandoffClaimRequest.self, request)
        let answer = try await store.claimHandoff(session: sessionID, claim, by: device)
        return try json(answer, status: answer.replayed ? .ok : .created)
    }
}
