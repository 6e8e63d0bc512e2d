/// A table printed while its rows arrive (push query results). The header is printed with the first
/// rows so that its widths come from the column names and those rows; later rows print at once, and a
/// column widens for a later value that does not fit. Cells are cut at 40 columns with `…`.
struct LiveTable: Sendable {
    static let maximumWidth = 40

    private(set) var columns: [String]
    private var types: [String?]
    private var alignments: [TableRenderer.Alignment]
    private var widths: [Int]
    private var headerPrinted = false
    private var dynamicAlignmentsDecided = false
    private var pending: [[String]] = []

    /// Columns from the query's `header`: numeric SQL types are right-aligned.
    init(columns: [(name: String, type: String?)]) {
        self.columns = columns.map(\.name)
        types = columns.map(\.type)
        alignments = columns.map { Self.isNumericType($0.type) ? .right : .left }
        widths = columns.map { min(Self.maximumWidth, TableRenderer.width(of: $0.name)) }
    }

    /// Columns taken from the first row when no header came: numbers right-aligned.
    init(firstRow: [(key: String, value: JSONValue)]) {
        columns = firstRow.map(\.key)
        types = firstRow.map { _ in nil }
        alignments = firstRow.map { if case .number = $0.value { .right } else { .left } }
        widths = columns.map { min(Self.maximumWidth, TableRenderer.width(of: $0)) }
    }

    /// Queues a row (the `row` object of one NDJSON line); `flush` prints it.
    mutating func add(_ row: JSONValue) {
        let cells = columns.map { name in
            TableRenderer.truncate(TableRenderer.flatten(row[name]?.cellText ?? ""), to: Self.maximumWidth)
        }
        pending.append(cells)
    }

    /// What to print now: the header with the first rows, then rows as they come.
    mutating func flush() -> String {
        guard !pending.isEmpty else { return "" }
        for row in pending {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], TableRenderer.width(of: cell)) }
        }
        if !dynamicAlignmentsDecided {
            // A column of no known type (`ANY`: a schema-less source) is aligned by its first values,
            // as the other tables are: right when they are all numbers. (A header printed before them,
            // on a tick, is as wide as the name, so it reads the same either way.)
            dynamicAlignmentsDecided = true
            for (index, type) in types.enumerated() where index < alignments.count && Self.isDynamicType(type) {
                alignments[index] = TableRenderer.alignment(for: pending.map { index < $0.count ? $0[index] : "" })
            }
        }
        var text = headerPrinted ? "" : header()
        headerPrinted = true
        for row in pending { text += TableRenderer.line(row, widths: widths, alignments: alignments) + "\n" }
        pending.removeAll()
        return text
    }

    /// At the end, or when rows are slow to come: the header even without rows, so the user sees the
    /// columns. `sizedByType` leaves room for the values still to come.
    mutating func finish(sizedByType: Bool = false) -> String {
        let text = flush()
        if headerPrinted { return text }
        headerPrinted = true
        if sizedByType {
            // No row to measure yet: leave room for what the column's type usually holds.
            for (index, type) in types.enumerated() { widths[index] = max(widths[index], Self.typicalWidth(type)) }
        }
        return header()
    }

    /// The width a value of a SQL type usually takes (0 when it varies, as for VARCHAR).
    static func typicalWidth(_ type: String?) -> Int {
        guard let type = type?.uppercased() else { return 0 }
        if type.hasPrefix("DECIMAL(") || type.hasPrefix("NUMERIC(") {
            // DECIMAL(p,s): p digits, a sign and a point.
            let precision = type.drop { $0 != "(" }.dropFirst().prefix { $0.isNumber }
            return min(maximumWidth, (Int(precision) ?? 10) + 2)
        }
        switch type {
        case "TINYINT": return 4
        case "SMALLINT", "INT", "INTEGER": return 6
        case "BIGINT", "DOUBLE", "FLOAT", "REAL": return 8
        case "BOOLEAN": return 5
        case "DATE": return 10
        case "TIME": return 8
        default: return type.hasPrefix("TIMESTAMP") ? 23 : 0
        }
    }

    private func header() -> String {
        TableRenderer.line(columns.map { TableRenderer.truncate($0, to: Self.maximumWidth) }, widths: widths, alignments: alignments)
            + "\n" + TableRenderer.rule(widths: widths) + "\n"
    }

    /// `ANY`: the values' type is known only when they come.
    static func isDynamicType(_ type: String?) -> Bool {
        type?.uppercased() == "ANY"
    }

    static func isNumericType(_ type: String?) -> Bool {
        guard let type = type?.uppercased() else { return false }
        return ["TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "REAL", "DECIMAL", "NUMERIC"]
            .contains { type == $0 || type.hasPrefix($0 + "(") || type.hasPrefix($0 + " ") }
    }
}
