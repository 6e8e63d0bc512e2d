import Foundation

/// A plain-text table with aligned columns: left-aligned text, right-aligned numbers.
struct ResultTable {
    enum Alignment {
        case left
        case right
    }

    struct Column {
        var title: String
        var alignment: Alignment

        /// A column of text (names, labels).
        static func left(_ title: String) -> Column { Column(title: title, alignment: .left) }

        /// A column of numbers: right-aligned, so their digits line up.
        static func right(_ title: String) -> Column { Column(title: title, alignment: .right) }
    }

    private enum Line {
        case row([String])
        case separator
    }

    let columns: [Column]
    private var lines: [Line] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func add(_ cells: [String]) {
        lines.append(.row(cells))
    }

    /// A dashed line between groups of rows.
    mutating func addSeparator() {
        lines.append(.separator)
    }

    func render() -> String {
        var widths = columns.map(\.title.count)
        for case .row(let cells) in lines {
            for (index, cell) in cells.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func format(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, column) in columns.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                parts.append(column.alignment == .left ? cell + padding : padding + cell)
            }
            return parts.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var output = [format(columns.map(\.title)), rule]
        for line in lines {
            switch line {
            case .row(let cells): output.append(format(cells))
            case .separator: output.append(rule)
            }
        }
        return output.joined(separator: "\n")
    }
}

/// One machine-readable figure, printed last as `BENCH <name> <value> <unit>`.
struct BenchFigure {
    var name: String
    var value: Double
    var unit: String

    var line: String { "BENCH \(name) \(Format.benchValue(value, unit: unit)) \(unit)" }
}

/// Number formatting shared by the suites (no locale: the output is parsed by scripts).
enum Format {
    /// Whole numbers for rates and counts, two decimals for ratios (`x`) and anything else small.
    static func benchValue(_ value: Double, unit: String) -> String {
        unit == "x" ? fixed(value, decimals: 2) : fixed(value, decimals: value >= 100 ? 0 : 2)
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "nan" }
        return String(format: "%.\(decimals)f", value)
    }

    /// A rate or size in table cells: rounded to a whole number, grouped (`1,234,567`).
    static func wholeNumber(_ value: Double) -> String {
        grouped(Int(value.rounded()))
    }

    /// A ratio in table cells: `0.85 x`.
    static func ratio(_ value: Double) -> String {
        fixed(value, decimals: 2) + " x"
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }
}
