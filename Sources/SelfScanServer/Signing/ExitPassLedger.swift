import Foundation

/// The gate's memory of used exit passes, so a pass opens the gate once. Append-only file of
/// `<nonce> <usedAt>` lines, fsynced before the gate opens; loaded at start. Entries older than a day past
/// use are not needed (the pass has expired by then) and are dropped when the file is rewritten at start.
public actor ExitPassLedger {
    private let path: String
    private var used: [String: Int64] = [:]
    private let handle: FileHandle

    public init(path: String, now: Int64) throws(SignedTokenError) {
        self.path = path
        var kept: [String: Int64] = [:]
        if let data = FileManager.default.contents(atPath: path) {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count == 2, let at = Int64(fields[1]) else { continue }
                if now - at < 86_400 * 2 { kept[String(fields[0])] = at }
            }
        }
        let text = kept.map { "\($0.key) \($0.value)\n" }.joined()
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
        } catch {
            throw .keyFile(path: path, reason: "cannot open the exit pass ledger: \(error)")
        }
        used = kept
    }

    /// Records `nonce` as used now, or throws `replayed` if it was used before. Durable before returning.
    public func consume(nonce: String, now: Int64) throws(SignedTokenError) {
        if let at = used[nonce] { throw .replayed(usedAt: at) }
        do {
            try handle.write(contentsOf: Data("\(nonce) \(now)\n".utf8))
            try handle.synchronize()
        } catch {
            throw .keyFile(path: path, reason: "cannot record the pass: \(error)")
        }
        used[nonce] = now
    }

    /// Whether `nonce` was used.
    public func usedAt(nonce: String) -> Int64? { used[nonce] }
}
