import Foundation

/// A web page announcing itself (`POST /v1/devices/heartbeat`), validated: `deviceID` is 1–64 characters of
/// `[A-Za-z0-9._-]`, `role` is `kiosk` or `handheld`, `sessionID` a session id (UUID) or `null`.
struct PageHeartbeat: Sendable, Hashable {
    /// The roles a page may announce.
    static let roles: Set<String> = ["kiosk", "handheld"]
    static let maximumIDLength = 64

    let deviceID: String
    let role: String
    let sessionID: String?

    /// The JSON body as received (every field optional, so a missing one gets its own error).
    struct Body: Decodable {
        let deviceID: String?
        let role: String?
        let sessionID: String?
    }

    init(_ body: Body) throws(APIError) {
        guard let id = body.deviceID, !id.isEmpty, id.count <= Self.maximumIDLength,
            id.unicodeScalars.allSatisfy(Self.isIDCharacter)
        else {
            throw APIError(
                .badRequest, code: "badDeviceID",
                "deviceID must be 1–\(Self.maximumIDLength) characters of A-Z a-z 0-9 . _ -")
        }
        guard let role = body.role, Self.roles.contains(role) else {
            throw APIError(
                .badRequest, code: "badDeviceRole",
                "role must be one of \(Self.roles.sorted().joined(separator: ", "))")
        }
        if let session = body.sessionID, UUID(uuidString: session) == nil {
            throw APIError(.badRequest, code: "badSessionID", "'\(session)' is not a session id (a UUID)")
        }
        deviceID = id
        self.role = role
        sessionID = body.sessionID
    }

    private static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": true
        default: false
        }
    }
}
