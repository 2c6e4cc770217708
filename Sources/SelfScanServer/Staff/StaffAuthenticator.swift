import Crypto
import Foundation
import SelfScanCore
public import SelfScanAPI

/// A logged-in staff member: what a staff token stands for.
public struct StaffLogin: Sendable, Hashable, Codable {
    public let token: String
    public let staffID: String
    public let name: String
    public let role: StaffRole
    /// Unix seconds.
    public let expiresAt: Int64
}

/// A lockout that just started (for the staff alert and the log).
public struct StaffLoginLockout: Sendable, Hashable {
    /// `badge` or `client`.
    public let scope: String
    /// The badge as typed, or the client's address.
    public let subject: String
    public let until: Int64
}

/// Staff login with badge + PIN and a role, and the bearer tokens it hands out. Tokens are random, held in
/// memory only (a restart logs staff out) and expire after `lifetimeSeconds`.
///
/// Brute force: failures are counted per badge (5 in a row lock it) and per client device (10 in a row, any
/// badge, lock that client); a lockout lasts 30 s and doubles with each further failure up to an hour, and is
/// answered `429 staffLoginLocked` with `Retry-After` — even for the right PIN. `onLockout` raises a staff alert.
public actor StaffAuthenticator {
    public static let badgePolicy = AttemptThrottle.Policy(threshold: 5)
    public static let clientPolicy = AttemptThrottle.Policy(threshold: 10)

    private let members: [DaemonConfig.StaffMember]
    private let lifetimeSeconds: Int64
    private var logins: [String: StaffLogin] = [:]
    private var badgeThrottle: AttemptThrottle
    private var clientThrottle: AttemptThrottle
    private var onLockout: @Sendable (StaffLoginLockout) async -> Void = { _ in }
    /// Spent on unknown badges so that they take as long as a wrong PIN (made on first use).
    private var decoy: PINHash?

    public init(
        members: [DaemonConfig.StaffMember], lifetimeSeconds: Int64 = 8 * 3600,
        badgePolicy: AttemptThrottle.Policy = StaffAuthenticator.badgePolicy,
        clientPolicy: AttemptThrottle.Policy = StaffAuthenticator.clientPolicy
    ) {
        self.members = members
        self.lifetimeSeconds = lifetimeSeconds
        badgeThrottle = AttemptThrottle(policy: badgePolicy)
        clientThrottle = AttemptThrottle(policy: clientPolicy)
    }

    /// Called when a lockout starts (the daemon raises a staff alert).
    public func setLockoutHandler(_ handler: @escaping @Sendable (StaffLoginLockout) async -> Void) {
        onLockout = handler
    }

    /// Legacy: `printf '%s' '<id>:<pin>' | sha256sum` (the old `pinSHA256`; new configs hold `pinHash`).
    public static func pinHash(staffID: String, pin: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data("\(staffID):\(pin)".utf8)))
    }

    /// Checks badge and PIN, and that the member holds `role`; returns a new token. `client` is the caller's
    /// device (its address): the second throttle key. `role` nil: the highest role the staff member holds (the
    /// handheld no longer asks for it by hand).
    public func login(
        badge: String, pin: String, role requested: StaffRole?, client: String = "local", now: Int64
    ) async throws(APIError) -> StaffLogin {
        let badgeKey = "badge:\(badge)"
        let clientKey = "client:\(client)"
        let waits = [badgeThrottle.lockRemaining(badgeKey, now: now), clientThrottle.lockRemaining(clientKey, now: now)]
        if let wait = waits.compactMap({ $0 }).max() { throw Self.locked(wait) }
        let member = members.first(where: { $0.badge == badge })
        guard let member, Self.verify(pin: pin, member: member) else {
            if member == nil {
                let decoy = self.decoy ?? PINHash.make(pin: "decoy")
                self.decoy = decoy
                _ = decoy.matches(pin: pin)
            }
            var lockouts: [StaffLoginLockout] = []
            if case .lockedOut(let until) = badgeThrottle.recordFailure(badgeKey, now: now) {
                lockouts.append(StaffLoginLockout(scope: "badge", subject: badge, until: until))
            }
            if case .lockedOut(let until) = clientThrottle.recordFailure(clientKey, now: now) {
                lockouts.append(StaffLoginLockout(scope: "client", subject: client, until: until))
            }
            for lockout in lockouts { await onLockout(lockout) }
            if let until = lockouts.map(\.until).max() { throw Self.locked(until - now) }
            throw APIError(.unauthorized, code: "badCredentials", "unknown badge or wrong PIN")
        }
        badgeThrottle.recordSuccess(badgeKey)
        clientThrottle.recordSuccess(clientKey)
        let role = requested ?? member.roles.max() ?? .attendant
        guard member.roles.contains(where: { $0.allows(role) }) else {
            throw APIError(.forbidden, code: "roleNotGranted", "\(member.id) may not log in as \(role.rawValue)")
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let login = StaffLogin(
            token: "st_" + Base64URL.encode(bytes), staffID: member.id, name: member.name, role: role,
            expiresAt: now + lifetimeSeconds)
        logins[login.token] = login
        return login
    }

    /// The login behind a bearer token, if it exists, has not expired and its role allows `required`.
    public func authorise(token: String?, requiring required: StaffRole, now: Int64) throws(APIError) -> StaffLogin {
        guard let token, !token.isEmpty else { throw APIError.missingStaffToken }
        guard let login = logins[token], login.expiresAt > now else { throw APIError.invalidStaffToken }
        guard login.role.allows(required) else {
            throw APIError(
                .forbidden, code: "staffRoleTooLow",
                "this needs the \(required.rawValue) role; logged in as \(login.role.rawValue)")
        }
        return login
    }

    public func logout(token: String) { logins[token] = nil }

    /// Members still on the legacy unsalted `pinSHA256` (the daemon warns about them at start).
    public var legacyMembers: [String] {
        members.compactMap { member -> String? in
            guard case .legacySHA256 = member.credential else { return nil }
            return member.id
        }
    }

    private static func verify(pin: String, member: DaemonConfig.StaffMember) -> Bool {
        switch member.credential {
        case .pbkdf2(let hash):
            hash.matches(pin: pin)
        case .legacySHA256(let stored):
            constantTimeEqual(Array(pinHash(staffID: member.id, pin: pin).utf8), Array(stored.utf8))
        }
    }

    private static func locked(_ seconds: Int64) -> APIError {
        APIError(
            .tooManyRequests, code: "staffLoginLocked",
            "too many failed logins: try again in \(max(1, seconds)) s (staff have been alerted)",
            retryAfterSeconds: seconds)
    }
}
