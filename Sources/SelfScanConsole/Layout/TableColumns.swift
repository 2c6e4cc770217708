/// A table's columns laid out by priority for a given width: the least important columns are dropped first
/// until the rest fit, then the room left widens the flexible columns (names) up to their widest. So at 80
/// columns nothing that matters is cut, and a wide terminal shows more.
struct TableColumns {
    struct Column {
        /// The header text.
        var title: String
        /// Lower is more important: 0 is never dropped.
        var priority: Int
        var width: Int
        /// How wide it may grow when there is room (names, messages); `width` = fixed.
        var maxWidth: Int
        var alignRight: Bool

        init(_ title: String, priority: Int, width: Int, maxWidth: Int? = nil, alignRight: Bool = false) {
            self.title = title
            self.priority = priority
            self.width = width
            self.maxWidth = max(width, maxWidth ?? width)
            self.alignRight = alignRight
        }
    }

    /// The columns shown, in their order, with their final widths.
    let shown: [Column]
    /// Indices (into the columns given) of the columns shown.
    let indices: [Int]
    /// Left margin before the first column; one space between columns.
    let indent: Int

    init(_ columns: [Column], width: Int, indent: Int = 2) {
        self.indent = indent
        var kept = Array(columns.indices)
        func used(_ set: [Int]) -> Int { indent + set.map { columns[$0].width }.reduce(0, +) + max(0, set.count - 1) }
        // Drop the least important (the rightmost among equals) until the rest fit.
        while used(kept) > width,
            let drop = kept.filter({ columns[$0].priority > 0 }).max(by: { (columns[$0].priority, $0) < (columns[$1].priority, $1) })
        {
            kept.removeAll { $0 == drop }
        }
        var widths = kept.map { columns[$0].width }
        var spare = width - used(kept)
        // Widen flexible columns, those that need little first (a device name before a free-text message).
        func need(_ position: Int) -> (Int, Int, Int) {
            let column = columns[kept[position]]
            return (column.maxWidth - column.width, column.priority, position)
        }
        for position in kept.indices.sorted(by: { need($0) < need($1) }) where spare > 0 {
            let grow = min(spare, columns[kept[position]].maxWidth - widths[position])
            widths[position] += grow
            spare -= grow
        }
        indices = kept
        shown = zip(kept, widths).map { index, width in
            var column = columns[index]
            column.width = width
            return column
        }
    }

    /// Whether the column at `index` (into the columns given) is shown.
    func contains(_ index: Int) -> Bool { indices.contains(index) }

    /// One row: `cells` has a text per column given (in their order); hidden ones are skipped, the others are
    /// padded or ellipsized (`…`) to their width.
    func row(_ cells: [String]) -> String {
        String(repeating: " ", count: indent)
            + zip(indices, shown).map { index, column in
                let text = index < cells.count ? cells[index] : ""
                return column.alignRight ? ConsoleFormat.rightCell(text, column.width) : ConsoleFormat.cell(text, column.width)
            }.joined(separator: " ")
    }

    /// The header row.
    var header: String {
        String(repeating: " ", count: indent)
            + shown.map { $0.alignRight ? ConsoleFormat.rightCell($0.title, $0.width) : ConsoleFormat.cell($0.title, $0.width) }
            .joined(separator: " ")
    }
}
