import CNcurses
import Foundation

/// The one owner of the ncurses terminal: `init` takes it over (raw keys, no echo, hidden cursor),
/// `close()`/`deinit` give it back exactly as it was (`endwin`). Used from one thread only (the UI thread).
final class CursesScreen {
    private var isOpen = false
    private var pairs: [TextStyle: Int16] = [:]
    let theme: ConsoleTheme

    /// Takes over the terminal. Throws when stdin/stdout is not a terminal or terminfo does not know it.
    init(environment: [String: String], keyTimeoutMilliseconds: Int32) throws(ConsoleError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ConsoleError(.terminal, "the live console needs a terminal; use --once (--json) in scripts")
        }
        selfscan_set_locale()
        // newterm (not initscr): returns NULL instead of exiting when TERM is unknown.
        guard selfscan_newterm() != nil else {
            throw ConsoleError(.terminal, "this terminal (TERM=\(environment["TERM"] ?? "unset")) is not usable by ncurses")
        }
        isOpen = true
        raw()
        noecho()
        keypad(selfscan_stdscr(), true)
        curs_set(0)
        timeout(keyTimeoutMilliseconds)
        var hasColors = has_colors()
        if hasColors && start_color() == OK {
            use_default_colors()
        } else {
            hasColors = false
        }
        theme = ConsoleTheme(environment: environment, terminalHasColors: hasColors)
        if theme.usesColor {
            var next: Int16 = 1
            for style in TextStyle.allCases {
                guard let colors = theme.look(style).colors else { continue }
                init_pair(next, colors.foreground, colors.background)
                pairs[style] = next
                next += 1
            }
        }
    }

    deinit { close() }

    /// Gives the terminal back. Safe to call twice.
    func close() {
        guard isOpen else { return }
        isOpen = false
        endwin()
    }

    /// Columns and rows now.
    var size: (width: Int, height: Int) {
        _ = selfscan_sync_size()
        return (Int(selfscan_cols()), Int(selfscan_lines()))
    }

    /// The next key, or `nil` when none came within the key timeout. `resize` is reported as `.resized`.
    func nextKey() -> KeyEvent? {
        let code = getch()
        if code == selfscan_err() { return nil }
        if code == selfscan_key_resize() { return .resized }
        if code == selfscan_key_up() { return .key(.up) }
        if code == selfscan_key_down() { return .key(.down) }
        if code == selfscan_key_enter() || code == 10 || code == 13 { return .key(.enter) }
        if code == 9 { return .key(.tab) }
        if code == 27 { return .key(.escape) }
        if code == 3 { return .interrupt }  // Ctrl-C in raw mode
        if code > 0, code < 128, let scalar = Unicode.Scalar(UInt32(code)) { return .key(.character(Character(scalar))) }
        return .key(.escape)
    }

    /// Draws the lines (already fitted to the screen size) and shows them.
    func draw(_ lines: [ScreenLine]) {
        erase()
        for (row, line) in lines.enumerated() {
            var column = 0
            for segment in line.segments where !segment.text.isEmpty {
                let look = theme.look(segment.style)
                let attributes = selfscan_attributes(
                    look.bold ? 1 : 0, look.reverse ? 1 : 0, look.dim ? 1 : 0, pairs[segment.style] ?? 0)
                _ = selfscan_put(Int32(row), Int32(column), segment.text, attributes)
                column += segment.text.count
            }
        }
        refresh()
    }

    /// What a key press or the terminal reported.
    enum KeyEvent: Equatable {
        case key(ConsoleKey)
        case resized
        case interrupt
    }
}
