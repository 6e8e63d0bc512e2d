/// A mistake in SQL text: what is wrong, where, and (when we can tell) what to write instead.
/// Shared by the lexer, the parser and, later, the planner, so every front-end error renders alike.
public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var span: SourceSpan
    public var hint: String?

    public init(_ message: String, at span: SourceSpan, hint: String? = nil) {
        self.message = message
        self.span = span
        self.hint = hint
    }

    public var line: Int { span.start.line }
    public var column: Int { span.start.column }

    /// `3:14: expected FROM, found 'FORM' (did you mean FROM?)`.
    public var description: String {
        "\(span.start): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}

extension SyntaxError {
    init(_ error: LexError) {
        let end = SourceLocation(line: error.location.line, column: error.location.column + 1, offset: error.location.offset + 1)
        let hint: String? = switch error.reason {
        case .unterminatedString: "close it with ', and write '' for a quote inside a string"
        case .unterminatedQuotedIdentifier: "close the identifier with the quote it was opened with"
        case .unterminatedComment: "block comments may nest: every /* needs its own */"
        case .unexpectedCharacter: "strings go in single quotes; identifiers with unusual characters in double quotes"
        case .malformedNumber: "an identifier cannot start with a digit; quote it (\"12abc\") or add a space"
        }
        self.init(error.message, at: SourceSpan(start: error.location, end: end), hint: hint)
    }
}
