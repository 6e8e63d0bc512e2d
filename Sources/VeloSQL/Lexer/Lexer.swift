/// Turns SQL text into tokens and comments. One pass over the characters; never fails silently:
/// an unterminated string, quoted identifier or comment, or a stray character, is a `LexError` with
/// its position.
public struct Lexer {
    public struct Output: Sendable {
        public var tokens: [Token]
        public var comments: [Comment]
        /// Stray characters and malformed numbers, skipped so the rest of the script is still read
        /// (only when tokenizing with `recovering`).
        public var errors: [LexError] = []
    }

    private let source: String
    private var index: String.Index
    private var location = SourceLocation(line: 1, column: 1, offset: 0)
    private var tokens: [Token] = []
    private var comments: [Comment] = []
    private var errors: [LexError] = []
    private var recovering = false

    public init(_ source: String) {
        self.source = source
        index = source.startIndex
    }

    /// Units of the shorthand interval literals (`5s`, `250ms`), longest first.
    static let durationUnits = ["ms", "s", "m", "h", "d"]

    public static func tokenize(_ source: String) throws(LexError) -> Output {
        var lexer = Lexer(source)
        return try lexer.run()
    }

    /// Reads past stray characters and malformed numbers, reporting each in `Output.errors`; only an
    /// unterminated string, quoted identifier or comment (which swallows the rest) still throws.
    public static func tokenizeRecovering(_ source: String) throws(LexError) -> Output {
        var lexer = Lexer(source)
        lexer.recovering = true
        return try lexer.run()
    }

    private mutating func run() throws(LexError) -> Output {
        while let character = peek() {
            let start = location
            let startIndex = index
            switch character {
            case " ", "\t", "\n", "\r", "\r\n":
                advance()
            case "-" where peek(1) == "-":
                while let next = peek(), next != "\n", next != "\r\n" { advance() }
                comments.append(Comment(text: String(source[startIndex..<index]), span: SourceSpan(start: start, end: location)))
            case "/" where peek(1) == "*":
                try blockComment(start: start, startIndex: startIndex)
            case "'":
                let text = try quoted(quote: "'", error: .unterminatedString, start: start)
                emit(.string(text), start, startIndex)
            case "\"", "`":
                let text = try quoted(quote: character, error: .unterminatedQuotedIdentifier, start: start)
                emit(.quotedIdentifier(text), start, startIndex)
            case _ where character.isNumber && character.isASCII:
                try number(start: start, startIndex: startIndex)
            case "." where peek(1)?.isASCII == true && peek(1)?.isNumber == true:
                try number(start: start, startIndex: startIndex)
            case _ where character.isLetter || character == "_":
                while let next = peek(), next.isLetter || next.isNumber || next == "_" || next == "$" { advance() }
                let word = source[startIndex..<index]
                emit(Keyword.lookup(word).map { .keyword($0) } ?? .identifier(String(word)), start, startIndex)
            default:
                do throws(LexError) {
                    try symbol(character, start: start, startIndex: startIndex)
                } catch {
                    guard recovering else { throw error }
                    errors.append(error)
                    advance()
                }
            }
        }
        tokens.append(Token(kind: .endOfInput, span: SourceSpan(start: location, end: location), text: ""))
        return Output(tokens: tokens, comments: comments, errors: errors)
    }

    // MARK: - Pieces

    private mutating func blockComment(start: SourceLocation, startIndex: String.Index) throws(LexError) {
        advance()
        advance()
        var depth = 1
        while depth > 0 {
            guard let next = peek() else { throw LexError(reason: .unterminatedComment, location: start) }
            if next == "*", peek(1) == "/" {
                advance()
                advance()
                depth -= 1
            } else if next == "/", peek(1) == "*" {
                advance()
                advance()
                depth += 1
            } else {
                advance()
            }
        }
        comments.append(Comment(text: String(source[startIndex..<index]), span: SourceSpan(start: start, end: location)))
    }

    /// Reads a quoted run; a doubled quote stands for one quote character.
    private mutating func quoted(quote: Character, error: LexError.Reason, start: SourceLocation) throws(LexError) -> String {
        advance()
        var text = ""
        while true {
            guard let next = peek() else { throw LexError(reason: error, location: start) }
            advance()
            if next == quote {
                if peek() == quote {
                    text.append(quote)
                    advance()
                    continue
                }
                return text
            }
            text.append(next)
        }
    }

    private mutating func number(start: SourceLocation, startIndex: String.Index) throws(LexError) {
        var isDecimal = false
        digits()
        if peek() == ".", let after = peek(1), after.isASCII, after.isNumber {
            isDecimal = true
            advance()
            digits()
        }
        if let e = peek(), e == "e" || e == "E", let after = peek(1),
           after.isASCII && after.isNumber || ((after == "+" || after == "-") && (peek(2)?.isASCII == true && peek(2)?.isNumber == true)) {
            isDecimal = true
            advance()
            if peek() == "+" || peek() == "-" { advance() }
            digits()
        }
        let numberText = String(source[startIndex..<index])
        // A shorthand interval: digits directly followed by a unit and then no identifier character.
        if !isDecimal, let unit = durationUnit() {
            for _ in unit { advance() }
            emit(.duration(numberText, unit: unit), start, startIndex)
            return
        }
        if let next = peek(), next.isLetter || next == "_" {
            while let more = peek(), more.isLetter || more.isNumber || more == "_" { advance() }
            let error = LexError(reason: .malformedNumber(String(source[startIndex..<index])), location: start)
            guard recovering else { throw error }
            errors.append(error)
            return
        }
        emit(isDecimal ? .decimal(numberText) : .integer(numberText), start, startIndex)
    }

    private func durationUnit() -> String? {
        for unit in Self.durationUnits {
            var matches = true
            for (offset, character) in unit.enumerated() where peek(offset)?.lowercased() != String(character) {
                matches = false
                break
            }
            if matches {
                let after = peek(unit.count)
                if after == nil || !(after?.isLetter == true || after?.isNumber == true || after == "_") { return unit }
            }
        }
        return nil
    }

    private mutating func digits() {
        while let next = peek(), next.isASCII, next.isNumber { advance() }
    }

    private mutating func symbol(_ character: Character, start: SourceLocation, startIndex: String.Index) throws(LexError) {
        let two = peek(1).map { String(character) + String($0) }
        if let two, ["<>", "!=", "<=", ">=", "||"].contains(two) {
            advance()
            advance()
            emit(.symbol(two), start, startIndex)
            return
        }
        guard "(),;.*+-/%=<>[]:".contains(character) else {
            throw LexError(reason: .unexpectedCharacter(character), location: start)
        }
        advance()
        emit(.symbol(String(character)), start, startIndex)
    }

    // MARK: - Cursor

    private func peek(_ ahead: Int = 0) -> Character? {
        var position = index
        for _ in 0..<ahead {
            guard position < source.endIndex else { return nil }
            position = source.index(after: position)
        }
        return position < source.endIndex ? source[position] : nil
    }

    private mutating func advance() {
        guard index < source.endIndex else { return }
        let character = source[index]
        index = source.index(after: index)
        location.offset += character.utf8.count
        if character == "\n" || character == "\r\n" {
            location.line += 1
            location.column = 1
        } else {
            location.column += 1
        }
    }

    private mutating func emit(_ kind: Token.Kind, _ start: SourceLocation, _ startIndex: String.Index) {
        tokens.append(Token(kind: kind, span: SourceSpan(start: start, end: location), text: String(source[startIndex..<index])))
    }
}
