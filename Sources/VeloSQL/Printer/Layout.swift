/// Printed SQL as lines, each remembering the source it was printed from, so the formatter can put
/// comments back next to the code they were written beside.
struct Layout {
    struct Line {
        var indent: Int
        var text: String
        /// The source of what this line prints; nil for punctuation-only lines such as `)`.
        var anchor: SourceSpan?
    }

    var lines: [Line] = []
    var indent = 0
    /// Spans that hold comments: a list printed over them is broken one item per line so each
    /// comment keeps its place.
    var commentOffsets: [Int] = []

    mutating func add(_ text: String, anchor: SourceSpan? = nil) {
        lines.append(Line(indent: indent, text: text, anchor: anchor.flatMap { $0 == .none ? nil : $0 }))
    }

    /// Appends to the last line (`) AS`, `;`).
    mutating func append(_ text: String) {
        guard !lines.isEmpty else { return add(text) }
        lines[lines.count - 1].text += text
    }

    mutating func indented(_ body: (inout Layout) -> Void) {
        indent += 1
        body(&self)
        indent -= 1
    }

    func hasComment(in span: SourceSpan) -> Bool {
        span != .none && commentOffsets.contains { $0 > span.start.offset && $0 < span.end.offset }
    }

    static let indentUnit = "    "
    /// Lists longer than this go one item per line.
    static let width = 100

    var text: String {
        lines.map { String(repeating: Self.indentUnit, count: $0.indent) + $0.text }.joined(separator: "\n")
    }

    /// The whole layout on one line (for subqueries inside expressions).
    var flat: String {
        var result = ""
        for line in lines {
            if !result.isEmpty, !result.hasSuffix("("), !line.text.hasPrefix(")") { result += " " }
            result += line.text
        }
        return result
    }
}
