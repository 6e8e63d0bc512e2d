/// Why the lexer could not read the source, and where.
public struct LexError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case unterminatedString
        case unterminatedQuotedIdentifier
        case unterminatedComment
        case unexpectedCharacter(Character)
        case malformedNumber(String)
    }

    public var reason: Reason
    public var location: SourceLocation

    public var message: String {
        switch reason {
        case .unterminatedString: "unterminated string literal: a ' opened here is never closed"
        case .unterminatedQuotedIdentifier: "unterminated quoted identifier: a quote opened here is never closed"
        case .unterminatedComment: "unterminated comment: /* opened here is never closed with */"
        case .unexpectedCharacter(let character): "unexpected character '\(character)'"
        case .malformedNumber(let text): "malformed number '\(text)'"
        }
    }

    public var description: String { "\(location): \(message)" }
}
