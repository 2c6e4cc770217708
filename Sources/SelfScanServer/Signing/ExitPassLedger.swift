import Foundation

/// The gate's memory of used exit passes and of the baskets that left, so a basket exits once: a pass opens
/// the gate once (`replayed`), and a second pass of the same basket — re-issued after expiry or a restart —
/// is refused too (`basketAlreadyExited`). Append-only file of `<nonce> <usedAt> [<session>]` lines, fsynced
/// before the gate opens (off the cooperative pool: `ExitPassLedgerFile`); loaded at start. Lines are kept 30 days (a pass is re-issued at most that late);
/// older ones are dropped when the file is rewritten at start. Lines of older builds have no session.
///
/// Two gates keep two ledgers: while they cannot reach each other's news (through the referential's
/// `exited` items) each can let one basket out once; the referential records both exits and flags the
/// basket `doubleExit` for the audit.
public actor ExitPassLedger {
    /// How long a used pass or an exited basket is remembered.
    static let retentionSeconds: Int64 = 86_400 * 30

    private let path: String
    private var used: [String: Int64] = [:]
    private var exited: [String: Int64] = [:]
    private let file: ExitPassLedgerFile

    public init(path: String, now: Int64) throws(SignedTokenError) {
        self.path = path
        var lines: [(nonce: String, at: Int64, session: String?)] = []
        if let data = FileManager.default.contents(atPath: path) {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard (2...3).contains(fields.count), let at = Int64(fields[1]) else { continue }
                if now - at < Self.retentionSeconds { lines.append((String(fields[0]), at, fields.count == 3 ? String(fields[2]) : nil)) }
            }
        }
        let text = lines.map { "\($0.nonce) \($0.at)" + ($0.session.map { " \($0)" } ?? "") + "\n" }.joined()
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            file = ExitPassLedgerFile(handle: handle)
        } catch {
            throw .keyFile(path: path, reason: "cannot open the exit pass ledger: \(error)")
        }
        for line in lines {
            used[line.nonce] = line.at
            if let session = line.session, exited[session] == nil { exited[session] = line.at }
        }
    }

    /// Records `nonce` as used now, or throws `replayed` if it was used before. Durable before returning.
    public func consume(nonce: String, now: Int64) async throws(SignedTokenError) {
        try await consume(nonce: nonce, session: nil, now: now)
    }

    /// Records the pass `nonce` of basket `session` as used now. Throws `replayed` when this pass was used,
    /// `basketAlreadyExited` when another pass of the same basket was. Durable before returning.
    ///
    /// The pass and its basket are marked used before the write is awaited (the actor takes other calls
    /// meanwhile): a second use arriving during the write is refused, as after it. If the write fails, the
    /// marks are taken back and the gate stays shut.
    public func consume(nonce: String, session: String?, now: Int64) async throws(SignedTokenError) {
        if let at = used[nonce] { throw .replayed(usedAt: at) }
        if let session, let at = exited[session] { throw .basketAlreadyExited(usedAt: at) }
        let sessionField = session.flatMap { $0.contains(" ") || $0.contains("\n") ? nil : $0 }
        used[nonce] = now
        if let sessionField { exited[sessionField] = now }
        do {
            try await file.append(Data(("\(nonce) \(now)" + (sessionField.map { " \($0)" } ?? "") + "\n").utf8))
        } catch {
            used[nonce] = nil
            if let sessionField { exited[sessionField] = nil }
            throw .keyFile(path: path, reason: "cannot record the pass: \(error)")
        }
    }

    /// Whether `nonce` was used.
    public func usedAt(nonce: String) -> Int64? { used[nonce] }

    /// When basket `session` left through this gate, if it did.
    public func exitedAt(session: String) -> Int64? { exited[session] }
}
