/// One lexical token of Velostream SQL.
public struct Token: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A keyword, upper-cased (`SELECT`). Non-reserved keywords may also serve as identifiers.
        case keyword(String)
        /// An unquoted identifier, as written.
        case identifier(String)
        /// A `"double-quoted"` or `` `backticked` `` identifier, without its quotes (doubled quotes undone).
        case quotedIdentifier(String)
        /// A `'string'` literal, without its quotes (`''` undone).
        case string(String)
        /// Digits only.
        case integer(String)
        /// Digits with a fraction and/or an exponent (`1.5`, `.5`, `2e10`), as written.
        case decimal(String)
        /// The shorthand interval `5s`, `10m`, `1h`, `250ms`, `2d`: the number and its unit.
        case duration(String, unit: String)
        /// Punctuation and operators: `( ) , ; . * + - / % = <> != < <= > >= || [ ] :`.
        case symbol(String)
        case endOfInput
    }

    public var kind: Kind
    public var span: SourceSpan
    /// The exact source text of the token.
    public var text: String

    public init(kind: Kind, span: SourceSpan, text: String) {
        self.kind = kind
        self.span = span
        self.text = text
    }

    public var description: String {
        switch kind {
        case .endOfInput: "end of input"
        case .string: "string '\(text)'"
        default: "'\(text)'"
        }
    }
}

/// A comment, kept for the formatter; `-- @key: value` comments are annotations of the next statement.
public struct Comment: Sendable, Hashable {
    public var text: String
    public var span: SourceSpan
    /// `("name", "job_name")` for `-- @name: job_name`.
    public var annotation: (key: String, value: String)? {
        let body = text.hasPrefix("--") ? text.dropFirst(2).drop { $0 == " " } : Substring("")
        guard body.first == "@", let colon = body.firstIndex(of: ":") else { return nil }
        let key = trimmed(body[body.index(after: body.startIndex)..<colon])
        let value = trimmed(body[body.index(after: colon)...])
        return key.isEmpty ? nil : (key, value)
    }

    public static func == (lhs: Comment, rhs: Comment) -> Bool { lhs.text == rhs.text && lhs.span == rhs.span }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(span)
    }
}

func trimmed(_ text: Substring) -> String {
    String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
}
