/// Aligned plain-text tables: a header, a dashed rule, then the rows. Columns whose values are all
/// numbers are right-aligned. Cells are put on one line (newlines and tabs become spaces) and, when the
/// table has a `maximumWidth`, cut to it with `…`.
///
///     NAME        STATE     IN
///     ----------  -------  ---
///     big_trades  running  120
struct TableRenderer: Sendable {
    enum Alignment: Sendable, Equatable {
        case left, right
    }

    var columns: [String]
    /// Per column; nil decides from the values (right for numbers).
    var alignments: [Alignment]?
    /// Longest cell in characters before it is cut with `…`; nil keeps every cell whole.
    var maximumWidth: Int?
    var showsHeader = true

    static let gap = "  "

    init(columns: [String], alignments: [Alignment]? = nil, maximumWidth: Int? = nil, showsHeader: Bool = true) {
        self.columns = columns
        self.alignments = alignments
        self.maximumWidth = maximumWidth
        self.showsHeader = showsHeader
    }

    /// The table with a trailing newline; rows shorter than the header are padded with empty cells.
    func render(_ rows: [[String]]) -> String {
        let cells = rows.map { row in (0..<columns.count).map { index in prepare(index < row.count ? row[index] : "") } }
        var widths = columns.map { showsHeader ? Self.width(of: $0) : 0 }
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], Self.width(of: cell)) }
        }
        let align = alignments ?? (0..<columns.count).map { index in Self.alignment(for: cells.map { $0[index] }) }
        var out = ""
        if showsHeader {
            out += Self.line(columns, widths: widths, alignments: align) + "\n"
            // A long last column (SQL, a description) need not stretch the rule across the screen.
            var ruleWidths = widths
            if let last = ruleWidths.indices.last, align[last] == .left {
                ruleWidths[last] = max(Self.width(of: columns[last]), min(ruleWidths[last], 40))
            }
            out += Self.rule(widths: ruleWidths) + "\n"
        }
        for row in cells { out += Self.line(row, widths: widths, alignments: align) + "\n" }
        return out
    }

    /// One cell as it is shown: on one line, cut to the maximum width.
    func prepare(_ cell: String) -> String {
        let flat = Self.flatten(cell)
        guard let maximumWidth else { return flat }
        return Self.truncate(flat, to: maximumWidth)
    }

    // MARK: Building blocks (also used by the live query table)

    /// Cells padded to their widths and joined by the gap; the last column is not padded on the right.
    static func line(_ cells: [String], widths: [Int], alignments: [Alignment]) -> String {
        var parts: [String] = []
        for (index, width) in widths.enumerated() {
            let cell = index < cells.count ? cells[index] : ""
            let padding = String(repeating: " ", count: max(0, width - Self.width(of: cell)))
            let alignment = index < alignments.count ? alignments[index] : .left
            if alignment == .right {
                parts.append(padding + cell)
            } else {
                parts.append(index == widths.count - 1 ? cell : cell + padding)
            }
        }
        return trimmingTrailingSpaces(parts.joined(separator: gap))
    }

    static func rule(widths: [Int]) -> String {
        widths.map { String(repeating: "-", count: max(1, $0)) }.joined(separator: gap)
    }

    /// `text` cut to `width` terminal columns, the last one `…` when anything was cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard Self.width(of: text) > width else { return text }
        guard width > 1 else { return String(repeating: "…", count: max(0, width)) }
        var kept = ""
        var used = 0
        for character in text {
            let next = Self.width(of: character)
            if used + next > width - 1 { break }
            kept.append(character)
            used += next
        }
        return kept + "…"
    }

    /// Terminal columns `text` takes: CJK and emoji take two, everything else one per character
    /// (combining marks belong to their character). Good enough to keep columns aligned.
    static func width(of text: String) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.contains("\u{FE0F}") { return 2 }  // emoji presentation
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x1F680...0x1F6FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    static func flatten(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline || $0 == "\t" }) else { return text }
        return String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// Right when every value that says something is a number ("-", "null" and "" say nothing).
    static func alignment(for values: [String]) -> Alignment {
        let meaningful = values.filter { !["", "-", "null"].contains($0) }
        return !meaningful.isEmpty && meaningful.allSatisfy(isNumber) ? .right : .left
    }

    /// A plain decimal number as JSON or the CLI writes it: `-12`, `3.50`, `1e6`, `1,200`.
    static func isNumber(_ text: String) -> Bool {
        var sawDigit = false
        for (index, character) in text.enumerated() {
            switch character {
            case "0"..."9": sawDigit = true
            case "-", "+": if index != 0 && !text.lowercased().contains("e") { return false }
            case ".", ",", "e", "E": continue
            default: return false
            }
        }
        return sawDigit
    }

    private static func trimmingTrailingSpaces(_ text: String) -> String {
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)] == " " { end = text.index(before: end) }
        return String(text[..<end])
    }
}
