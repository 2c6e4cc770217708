import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

/// The session a device's own scanner feeds: scans from attached scanners go into it; a new one opens on
/// the first scan after the previous one ended.
struct DeviceSession: Codable, Sendable {
    let device: String
    let session: SessionView?
    /// The session token, so the kiosk page on this (loopback) device can follow the scanner's session.
    let token: String?
}

extension LiveSessions {
    /// The device's current session, if it has one still open (after a restart: the latest one in storage).
    func currentDeviceSession() throws -> BasketSession? {
        if let id = boundSession, let session = try? load(id), !session.state.isTerminal, session.state != .paid {
            return session
        }
        let live = try baskets.sessions(limit: 50)
            .filter { $0.deviceID == deviceID }
            .filter { summary in SessionState(rawValue: summary.state).map { !$0.isTerminal && $0 != .paid } ?? false }
            .sorted { $0.updatedAt > $1.updatedAt }
        guard let latest = live.first else { return nil }
        boundSession = latest.id
        return try load(latest.id)
    }

    func deviceSessionView() throws -> SessionView? {
        guard let session = try currentDeviceSession() else { return nil }
        return try view(session, context: try context())
    }

    /// One scan from an attached scanner: a hand-off code resumes its session here, a loyalty card opens a
    /// session (or identifies the customer), anything else goes into the device's session (opened if none).
    func scanFromDevice(_ event: ScanEvent) async throws -> ScanResult? {
        guard let text = event.text else {
            metrics.decodeErrors.increment()
            _ = try interpreter.interpret(event.payload, symbology: event.symbology)  // throws the precise error
            throw CodeError.invalidUTF8(offset: 0)
        }
        let current = try currentDeviceSession()
        if case .basketHandoff = try? interpreter.interpret(text, symbology: event.symbology) {
            let view = try await resume(handoffCode: text)
            boundSession = try Self.sessionID(view.id)
            return ScanResult(action: "resumed", session: view)
        }
        guard let current else {
            if case .loyaltyCard(let card) = try interpreter.interpret(text, symbology: event.symbology) {
                let view = try await open(loyaltyCard: card)
                boundSession = try Self.sessionID(view.id)
                return ScanResult(action: "opened", session: view)
            }
            let view = try await open(loyaltyCard: nil)
            boundSession = try Self.sessionID(view.id)
            return try await scan(session: view.id, payload: text, symbology: event.symbology)
        }
        return try await scan(session: current.id.uuidString, payload: text, symbology: event.symbology)
    }
}
