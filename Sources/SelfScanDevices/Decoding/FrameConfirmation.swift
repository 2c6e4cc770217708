/// Which camera reads count as a scan on one frame, and which only once a second frame of the same stream
/// agrees (the same symbology and text within `window`).
///
/// Why: a phone streams ~8 frames/s, so zbar sees noise (low light, JPEG blocks, shelf texture) hundreds of
/// times per minute. Symbologies with little redundancy then produce false reads now and then — GS1 DataBar's
/// finder pairs and mod-79 checksum are found in sensor noise (measured on scripts/camera_frames.py's low-light
/// frames), short codes have one check digit against a whole frame of candidates. Two frames with independent
/// noise rarely make the same false read; a code really in front of the camera reads again 125 ms later.
/// - One frame: EAN-13 / UPC-A with a valid GTIN check digit (13 digits and zbar's edge checks), QR codes
///   (Reed-Solomon), and Code 128 / GS1-128 of at least `minimumCode128Length` characters (mod-103 check).
/// - Two frames: GS1 DataBar and DataBar Expanded, EAN-8 and UPC-E (short codes: zbar's known trap of an
///   EAN-13 half read as an EAN-8), short Code 128, and anything else.
///
/// A pure state machine: the caller passes the time (the daemon's injectable clock); one value per stream.
public struct FrameConfirmation: Sendable {
    /// How long a weak read waits for a second frame to agree.
    public let window: Duration
    /// Weak reads remembered at most (noise must not grow the state): the oldest are forgotten first.
    public let capacity: Int
    /// Code 128 shorter than this needs a second frame.
    public static let minimumCode128Length = 8

    private struct Key: Hashable { let symbology: Symbology; let text: String }
    private var seen: [(key: Key, at: ContinuousClock.Instant)] = []

    public init(window: Duration = .seconds(1), capacity: Int = 16) {
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// `true` when one frame is enough for a read of `symbology` with this `text` (see the type's rules).
    public static func countsOnOneFrame(_ symbology: Symbology, text: String) -> Bool {
        switch symbology {
        case .ean13, .upcA:
            return text.utf8.count == 13 && FallbackGuard.validGTIN(Array(text.utf8))
        case .qr:
            return true
        case .code128, .gs1_128:
            return text.count >= minimumCode128Length
        default:
            return false
        }
    }

    /// The reads of one frame (`items`, described by `read`) that count as scans at `now`, in frame order:
    /// the one-frame kinds at once, the others when an earlier frame within `window` made the same read.
    /// Remembers this frame's weak reads for the next frames.
    public mutating func counted<Item>(
        _ items: [Item], at now: ContinuousClock.Instant, read: (Item) -> (symbology: Symbology, text: String)
    ) -> [Item] {
        seen.removeAll { now - $0.at > window }
        var counted: [Item] = []
        var weak: [Key] = []
        for item in items {
            let (symbology, text) = read(item)
            if Self.countsOnOneFrame(symbology, text: text) {
                counted.append(item)
                continue
            }
            let key = Key(symbology: symbology, text: text)
            // Looked up before this frame's reads are remembered: one frame never confirms itself.
            if seen.contains(where: { $0.key == key }) { counted.append(item) }
            if !weak.contains(key) { weak.append(key) }
        }
        for key in weak {
            seen.removeAll { $0.key == key }
            seen.append((key, now))
        }
        if seen.count > capacity { seen.removeFirst(seen.count - capacity) }
        return counted
    }

    /// `counted(_:at:read:)` for decoded symbols.
    public mutating func counted(_ symbols: [DecodedSymbol], at now: ContinuousClock.Instant) -> [DecodedSymbol] {
        counted(symbols, at: now) { ($0.symbology, $0.text) }
    }
}
