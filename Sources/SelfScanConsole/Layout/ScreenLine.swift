/// How a piece of text is meant to look; the theme turns it into colours or, with `NO_COLOR`, attributes.
public enum TextStyle: Sendable, Hashable, CaseIterable {
    case normal
    case title
    case heading
    case dim
    case good
    /// Needs attention soon (age checks, offline devices): amber.
    case warning
    /// An alert or a fault: red text.
    case danger
    /// The loudest: a banner (DISCONNECTED, a destructive question): white on red.
    case alarm
    /// The selected row: reversed.
    case selected
}

/// A run of text in one style. Its text never holds a control character: what the daemon sends (scan
/// payloads, reasons, names typed by anyone) could otherwise move the cursor, recolour or clear the manager's
/// terminal, or forge lines in `selfscan console --once`; each control character shows as `�`.
public struct Segment: Sendable, Hashable {
    public var text: String {
        didSet { if Segment.hasControl(text) { text = Segment.visible(text) } }
    }
    public var style: TextStyle

    public init(_ text: String, _ style: TextStyle = .normal) {
        self.text = Segment.hasControl(text) ? Segment.visible(text) : text
        self.style = style
    }

    /// C0 controls (newline, ESC…), DEL, C1 controls (0x9B is a one-byte CSI), U+2028/U+2029.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    static func hasControl(_ text: String) -> Bool { text.unicodeScalars.contains(where: isControl) }

    /// `text` with each control character replaced by U+FFFD.
    static func visible(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(isControl(scalar) ? "\u{FFFD}" : scalar) }
        return String(out)
    }
}

/// One row of the screen, exactly `width` characters once laid out.
public struct ScreenLine: Sendable, Hashable {
    public var segments: [Segment]

    public init(_ segments: [Segment] = []) {
        self.segments = segments
    }

    /// The row's text without styles (what a terminal capture shows).
    public var text: String { segments.map(\.text).joined() }

    /// The same segments cut or padded with spaces to exactly `width` characters.
    public func fitted(to width: Int) -> ScreenLine {
        var out: [Segment] = []
        var used = 0
        for segment in segments where used < width {
            let piece = String(segment.text.prefix(width - used))
            used += piece.count
            out.append(Segment(piece, segment.style))
        }
        if used < width {
            let padStyle = segments.last.map { [.title, .selected, .alarm].contains($0.style) ? $0.style : .normal } ?? .normal
            out.append(Segment(String(repeating: " ", count: width - used), padStyle))
        }
        return ScreenLine(out)
    }
}

/// How styles look: colour pairs, or attributes only when colour is off (`NO_COLOR`, or a terminal without it).
public struct ConsoleTheme: Sendable, Hashable {
    /// Colours a style uses (foreground, background: curses colour numbers; -1 = default).
    public struct Look: Sendable, Hashable {
        public var colors: (foreground: Int16, background: Int16)?
        public var bold: Bool
        public var reverse: Bool
        public var dim: Bool

        public static func == (lhs: Look, rhs: Look) -> Bool {
            lhs.colors?.foreground == rhs.colors?.foreground && lhs.colors?.background == rhs.colors?.background
                && lhs.bold == rhs.bold && lhs.reverse == rhs.reverse && lhs.dim == rhs.dim
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(colors?.foreground)
            hasher.combine(colors?.background)
            hasher.combine(bold)
            hasher.combine(reverse)
            hasher.combine(dim)
        }
    }

    public let usesColor: Bool

    /// `NO_COLOR` set (to anything non-empty, per no-color.org) turns colour off.
    public init(environment: [String: String], terminalHasColors: Bool) {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        usesColor = terminalHasColors && !noColor
    }

    // curses colour numbers (COLOR_BLACK … COLOR_WHITE).
    private static let red: Int16 = 1, green: Int16 = 2, yellow: Int16 = 3, blue: Int16 = 4, cyan: Int16 = 6,
        white: Int16 = 7, standard: Int16 = -1

    public func look(_ style: TextStyle) -> Look {
        if !usesColor {
            switch style {
            case .normal, .good: return Look(colors: nil, bold: false, reverse: false, dim: false)
            case .title, .selected, .alarm: return Look(colors: nil, bold: true, reverse: true, dim: false)
            case .heading, .warning, .danger: return Look(colors: nil, bold: true, reverse: false, dim: false)
            case .dim: return Look(colors: nil, bold: false, reverse: false, dim: true)
            }
        }
        switch style {
        case .normal: return Look(colors: nil, bold: false, reverse: false, dim: false)
        case .title: return Look(colors: (Self.white, Self.blue), bold: true, reverse: false, dim: false)
        case .heading: return Look(colors: (Self.cyan, Self.standard), bold: true, reverse: false, dim: false)
        case .dim: return Look(colors: nil, bold: false, reverse: false, dim: true)
        case .good: return Look(colors: (Self.green, Self.standard), bold: false, reverse: false, dim: false)
        case .warning: return Look(colors: (Self.yellow, Self.standard), bold: true, reverse: false, dim: false)
        case .danger: return Look(colors: (Self.red, Self.standard), bold: true, reverse: false, dim: false)
        case .alarm: return Look(colors: (Self.white, Self.red), bold: true, reverse: false, dim: false)
        // Reverse video of the terminal's own colours: readable on any background, the same with or without colour.
        case .selected: return Look(colors: nil, bold: true, reverse: true, dim: false)
        }
    }
}
