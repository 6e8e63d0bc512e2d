/// The statements of a script, the comments between them, and every error found. A script with
/// errors still yields its good statements, so a tool can report all broken ones at once.
public struct ParseResult: Sendable {
    public var statements: [Statement]
    public var comments: [Comment]
    public var errors: [SyntaxError]

    public var isValid: Bool { errors.isEmpty }
}

/// The entry points of the SQL front end.
public enum SQL {
    /// Parses a script of statements separated by `;`, recovering after each broken statement.
    public static func parse(_ source: String) -> ParseResult {
        Parser.parseScript(source)
    }

    /// Parses exactly one statement (a trailing `;` is allowed); throws the first error.
    public static func parseStatement(_ source: String) throws(SyntaxError) -> Statement {
        let result = parse(source)
        if let error = result.errors.first { throw error }
        guard result.statements.count == 1, let statement = result.statements.first else {
            let span = result.statements.dropFirst().first?.span ?? SourceSpan(start: SourceLocation(line: 1, column: 1, offset: 0), end: SourceLocation(line: 1, column: 1, offset: 0))
            throw SyntaxError(result.statements.isEmpty ? "expected a statement, found end of input" : "expected one statement, found \(result.statements.count)", at: span)
        }
        return statement
    }

    /// Parses one expression, for tools and tests.
    public static func parseExpression(_ source: String) throws(SyntaxError) -> Expr {
        try Parser.parseExpression(source)
    }
}
