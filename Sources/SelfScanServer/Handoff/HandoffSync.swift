import Foundation
public import SelfScanAPI
public import SelfScanSync

/// How this daemon takes part in hand-offs through the referential: as the origin, push a suspension at once;
/// as the taker, claim it (with a bounded retry while the origin's suspension has not arrived: `notYetSynced`).
public struct HandoffSync: Sendable {
    let referential: any HandoffReferential
    /// Wakes the sync engine to push now, even while it backs off (`SyncEngine.pushNow`).
    let pushNow: @Sendable () -> Void
    /// Waits between attempts while the referential answers `notYetSynced`; then `HandoffError.notYetSynced`.
    let retryDelays: [Duration]
    let sleep: @Sendable (Duration) async throws -> Void

    /// - Parameter retryDelays: default 0.25 + 0.5 + 1 + 1.5 s (about 3 s in all), short enough for a shopper
    ///   at a kiosk.
    public init(
        referential: any HandoffReferential, pushNow: @escaping @Sendable () -> Void = {},
        retryDelays: [Duration] = [.milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(1500)],
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.referential = referential
        self.pushNow = pushNow
        self.retryDelays = retryDelays
        self.sleep = sleep
    }

    /// Claims the hand-off, retrying `notYetSynced` a bounded number of times; protocol failures become
    /// `HandoffError`s.
    func claim(session: String, _ request: HandoffClaimRequest) async throws(HandoffError) -> HandoffClaimAnswer {
        var attempt = 0
        while true {
            do {
                return try await referential.claimHandoff(session: session, request)
            } catch {
                switch error.protocolCode {
                case .notYetSynced?:
                    guard attempt < retryDelays.count else { throw .notYetSynced(session: session) }
                    do { try await sleep(retryDelays[attempt]) } catch { throw .notYetSynced(session: session) }
                    attempt += 1
                case .alreadyClaimed?: throw .claimedElsewhere(session: session)
                case .handoffSuperseded?: throw .superseded(session: session)
                default:
                    if error.isRetryable { throw .referentialUnavailable(reason: error.description) }
                    throw .referentialRefused(reason: error.description)
                }
            }
        }
    }
}
