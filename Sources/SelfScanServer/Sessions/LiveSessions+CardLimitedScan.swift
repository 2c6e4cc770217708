import SelfScanCore

extension LiveSessions {
    /// A scan into a session from any input (typed or scanned on a page, a camera frame). A loyalty card among
    /// them is a card lookup: the same per-client limit as opening a session with a card, and the outcome
    /// (known or unknown card) counts toward it. One implementation for the session and camera routes.
    func scanLimitingCardLookups(
        session id: String, payload: String, symbology: AIMIdentifier?, client: String, daemon: Daemon
    ) async throws -> ScanResult {
        let isCard: Bool
        if case .loyaltyCard? = try? interpreter.interpret(payload, symbology: symbology) {
            isCard = true
            try await daemon.loyaltyLookups.checkAllowed(client: client, now: daemon.now())
        } else {
            isCard = false
        }
        let result: ScanResult
        do {
            result = try await scan(session: id, payload: payload, symbology: symbology)
        } catch where isCard && APIError(mapping: error).code == "unknownLoyaltyCard" {
            try await daemon.loyaltyLookups.record(known: false, client: client, now: daemon.now())
            throw error
        }
        if isCard { try await daemon.loyaltyLookups.record(known: true, client: client, now: daemon.now()) }
        return result
    }
}
