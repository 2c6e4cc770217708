import Hummingbird

extension Daemon {
    /// The session id of the path (`{id}`), once the caller showed that session's own token or a staff token
    /// (attendant or above): who may read a session's receipt, e-receipt link, camera frames and suggestion.
    func authorisedSessionID(_ request: Request, _ context: DaemonRequestContext) async throws -> String {
        let id = try context.parameters.require("id")
        if request.bearerToken != nil {
            _ = try await staff.authorise(token: request.bearerToken, requiring: .attendant, now: now())
        } else {
            try sessionTokens.check(request.sessionToken, sessionID: id)
        }
        return id
    }
}
