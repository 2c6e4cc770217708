import Crypto
import Foundation

/// A logged-in staff member: what a staff token stands for.
public struct StaffLogin: Sendable, Hashable, Codable {
    public let token: String
    public let staffID: String
    public let name: String
    public let role: StaffRole
    /// Unix seconds.
    public let expiresAt: Int64
}

/// Staff login with badge + PIN and a role, and the bearer tokens it hands out. Tokens are random, held in
/// memory only (a restart logs staff out) and expire after `lifetimeSeconds`.
public actor StaffAuthenticator {
    private let members: [DaemonConfig.StaffMember]
    private let lifetimeSeconds: Int64
    private var logins: [String: StaffLogin] = [:]

    public init(members: [DaemonConfig.StaffMember], lifetimeSeconds: Int64 = 8 * 3600) {
        self.members = members
        self.lifetimeSeconds = lifetimeSeconds
    }

    /// `printf '%s' '<id>:<pin>' | sha256sum`: what the config stores instead of the PIN.
    public static func pinHash(staffID: String, pin: String) -> String {
        SHA256.hash(data: Data("\(staffID):\(pin)".utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Checks badge and PIN, and that the member holds `role`; returns a new token.
    /// `role` nil: the highest role the staff member holds (the handheld no longer asks for it by hand).
    public func login(badge: String, pin: String, role requested: StaffRole?, now: Int64) throws(APIError) -> StaffLogin {
        guard let member = members.first(where: { $0.badge == badge }),
            StaffAuthenticator.constantTimeEqual(
                StaffAuthenticator.pinHash(staffID: member.id, pin: pin), member.pinSHA256)
        else {
            throw APIError(.unauthorized, code: "badCredentials", "unknown badge or wrong PIN")
        }
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

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
