import Foundation
public import SelfScanAPI

/// What a daemon needs from the referential to take over a session handed off by another device.
/// `ReferentialClient` is one; tests may script one.
public protocol HandoffReferential: Sendable {
    /// Claims the hand-off and returns the session's event log up to the suspension.
    /// - Throws: `SyncError` — `.server` with `protocolCode` `notYetSynced` (404, retry soon), `alreadyClaimed`
    ///   or `handoffSuperseded` (409, final); `.transport` when the referential cannot be reached.
    func claimHandoff(session sessionID: String, _ request: HandoffClaimRequest) async throws(SyncError) -> HandoffClaimAnswer
}

extension ReferentialClient: HandoffReferential {
    public func claimHandoff(
        session sessionID: String, _ request: HandoffClaimRequest
    ) async throws(SyncError) -> HandoffClaimAnswer {
        let body: Data
        do { body = try ProtocolJSON.encoder().encode(request) } catch {
            throw SyncError(.protocolViolation, context: "cannot encode claim: \(error)")
        }
        let (status, data) = try await send(ReferentialEndpoints.claimSession, sessionID, body: body)
        try Self.check(status: status, data: data)
        let answer: HandoffClaimAnswer = try Self.decode(data)
        guard answer.sessionID == sessionID, answer.suspendSequence == request.suspendSequence else {
            throw SyncError(.protocolViolation, context: "claim answer is for another session or suspension")
        }
        return answer
    }
}
