/// Renders errors the way a person reads them: position, the source line, a caret under the
/// offending text, and the hint.
///
///     error: expected FROM, found 'FORM'
///      --> orders.sql:1:10
///       |
///     1 | SELECT a FORM t
///       |          ^^^^
///       = hint: did you mean FROM?
public struct DiagnosticRenderer: Sendable {
    public var source: String
    public var fileName: String?

    public init(source: String, fileName: String? = nil) {
        self.source = source
        self.fileName = fileName
    }

    public func render(_ error: SyntaxError) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let lineNumber = error.span.start.line
        let lineText = lineNumber >= 1 && lineNumber <= lines.count
            ? String(lines[lineNumber - 1]).replacingTabs()
            : ""
        let gutter = String(repeating: " ", count: String(lineNumber).count)
        let column = max(1, error.span.start.column)
        let width: Int
        if error.span.end.line == error.span.start.line, error.span.end.column > column {
            width = error.span.end.column - column
        } else {
            width = 1
        }
        var out = "error: \(error.message)\n"
        out += "\(gutter)--> \(fileName.map { "\($0):" } ?? "")\(lineNumber):\(column)\n"
        out += "\(gutter) |\n"
        out += "\(lineNumber) | \(lineText.trimmingTrailingCarriageReturn())\n"
        out += "\(gutter) | \(String(repeating: " ", count: column - 1))\(String(repeating: "^", count: width))\n"
        if let hint = error.hint {
            out += "\(gutter) = hint: \(hint)\n"
        }
        return out
    }

    public func render(_ errors: [SyntaxError]) -> String {
        errors.map(render).joined(separator: "\n")
    }
}

extension String {
    /// Tabs become one space so the caret lines up with the column count (a tab is one column).
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }

    fileprivate func trimmingTrailingCarriageReturn() -> String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}
