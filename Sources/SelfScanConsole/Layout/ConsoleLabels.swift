/// What the API's identifiers read as on the manager's screen (the console speaks English): alert kinds and
/// session states as words, devices by a name or a short stable label instead of a raw id.
enum ConsoleLabels {
    /// An alert kind as words (the API's identifiers are for programs).
    static func alertKind(_ kind: String) -> String {
        switch kind {
        case "ageApproval": "AGE CHECK"
        case "help": "HELP"
        case "audit": "AUDIT"
        case "unknownCode": "UNKNOWN ITEM"
        case "saleRefused": "NOT FOR SALE"
        case "device": "DEVICE"
        case "paymentUnknown": "PAYMENT UNKNOWN"
        case "couponReused": "COUPON REUSED"
        case "security": "SECURITY"
        case "sync": "SYNC"
        default: kind
        }
    }

    /// The widest `alertKind` label (the kind column is this wide, so no kind is ever cut).
    static let alertKindWidth = [
        "ageApproval", "help", "audit", "unknownCode", "saleRefused", "device", "paymentUnknown", "couponReused", "security",
        "sync",
    ].map { alertKind($0).count }.max() ?? 12

    /// A session state (Core's `SessionState` raw value) as words; upper case where staff are needed.
    static func sessionState(_ state: String) -> String {
        switch state {
        case "open": "open"
        case "scanning": "scanning"
        case "approvalNeeded": "AGE CHECK"
        case "checkoutRequested": "checking out"
        case "auditRequired": "AUDIT DUE"
        case "auditing": "being audited"
        case "audited": "audited"
        case "readyToPay": "paying"
        case "paid": "paid"
        case "exited": "left"
        case "suspended": "suspended"
        case "abandoned": "abandoned"
        case "void": "void"
        default: state
        }
    }

    /// A device as people call it: the name the daemon gives (a scanner model, a configured name) when it is more
    /// than the id; a page's random id (`kiosk-60c4a1b2c3d4e5f6`, one per browser profile) as its role and first
    /// four hex digits (`Kiosk 60c4`: short and stable), more digits when another listed page of the same role
    /// starts with the same four (`Kiosk 60c4a`, `Kiosk 60c4b`: `others`, the ids on screen, never share a
    /// label); any other long id cut to 12 characters; else the id. The daemon itself is shown by its
    /// configured id (its name is a sentence: "selfscan store …").
    static func device(id: String, kind: String? = nil, name: String? = nil, among others: [String] = []) -> String {
        if kind != "daemon", let name, !name.isEmpty, name != id { return name }
        if let random = randomPageID(id, among: others) { return random }
        if id.count > 16 { return String(id.prefix(11)) + "…" }
        return id
    }

    /// The label of device `id` as the snapshot knows it (its name and role from `GET /v1/devices`), unique
    /// among the snapshot's devices.
    static func device(_ id: String, in snapshot: ConsoleSnapshot?) -> String {
        let row = snapshot?.devices.first { $0.id == id }
        return device(id: id, kind: row?.kind, name: row?.name, among: snapshot?.labelledDeviceIDs ?? [])
    }

    /// The label of a device row (unique among `snapshot`'s devices when given).
    static func device(_ row: DeviceRow, in snapshot: ConsoleSnapshot? = nil) -> String {
        device(id: row.id, kind: row.kind, name: row.name, among: snapshot?.labelledDeviceIDs ?? [])
    }

    /// `kiosk-60c4a1b2…` (a role, a dash, at least 8 lower-case hex digits: what the pages generate) → `Kiosk 60c4`,
    /// with as many more digits as it takes to differ from every other page id of the role in `others`.
    private static func randomPageID(_ id: String, among others: [String]) -> String? {
        guard let parts = randomPageParts(id) else { return nil }
        let (role, hex) = (parts.role, parts.hex)
        var length = 4
        for other in others where other != id {
            guard let otherParts = randomPageParts(other), otherParts.role == role else { continue }
            let shared = zip(hex, otherParts.hex).prefix(while: { $0 == $1 }).count
            length = max(length, min(shared + 1, hex.count))
        }
        return role.prefix(1).uppercased() + role.dropFirst() + " " + hex.prefix(length)
    }

    private static func randomPageParts(_ id: String) -> (role: Substring, hex: Substring)? {
        let parts = id.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, ["kiosk", "handheld", "gate", "phone", "shelf"].contains(parts[0]),
            parts[1].count >= 8, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        return (parts[0], parts[1])
    }
}

extension ConsoleSnapshot {
    /// Every device id the screen may name (listed devices, sessions' and alerts' devices): labels are unique
    /// among them.
    var labelledDeviceIDs: [String] {
        var seen = Set<String>()
        return (devices.map(\.id) + openSessions.map(\.device) + alerts.map(\.device))
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
