/// Canonical SQL text from syntax trees. `SQLPrinter.format` is what `velo-sql fmt` prints.
public enum SQLPrinter {
    /// One statement, with its annotations as `-- @key: value` lines, ending in `;`.
    public static func print(_ statement: Statement) -> String {
        var layout = Layout()
        StatementPrinter.print(statement, into: &layout)
        layout.append(";")
        let annotations = statement.annotations.map { "-- @\($0.key): \($0.value)" }
        return (annotations + [layout.text]).joined(separator: "\n")
    }

    public static func print(_ expression: Expr) -> String {
        ExpressionPrinter.print(expression)
    }

    public static func print(_ query: Query) -> String {
        var layout = Layout()
        QueryPrinter.print(query, into: &layout)
        return layout.text
    }

    /// A whole script in canonical form with every comment kept: comments between statements stay
    /// there (one blank line kept where the source had one), comments inside a statement go on the
    /// line of the code they follow or before the line they precede.
    /// Precondition: `result` has no errors (the caller reports those instead).
    public static func format(_ result: ParseResult) -> String {
        CommentPlacer(result: result).format()
    }
}
