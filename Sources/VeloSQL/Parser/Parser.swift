/// A recursive-descent parser over the lexer's tokens; expressions use precedence climbing with the
/// table in `Precedence`. Each `parse…` method reads one production of `Grammar/velo-sql.ebnf`.
///
/// Errors: every "is X here?" check that fails records X as expected at the current token, so the
/// error raised there can say everything that would have been accepted (`expected FROM, WHERE or
/// ';', found 'FORM'`) and suggest the nearest keyword.
struct Parser {
    let tokens: [Token]
    var position = 0
    /// Nesting of parentheses, subqueries and prefix operators; bounded so deep input is an error,
    /// not a stack overflow.
    var depth = 0
    static let maximumDepth = 200
    let stack = StackGuard()

    private var expectedPosition = -1
    private var expected: [String] = []

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    // MARK: - Entry points

    static func parseScript(_ source: String) -> ParseResult {
        ParserThread.run { parseScriptOnThisThread(source) }
    }

    private static func parseScriptOnThisThread(_ source: String) -> ParseResult {
        let lexed: Lexer.Output
        do throws(LexError) {
            lexed = try Lexer.tokenizeRecovering(source)
        } catch {
            // An unterminated string or comment swallows the rest; statements before it still count.
            return parseTokens(fromPrefixOf: source, failingWith: error)
        }
        var parser = Parser(tokens: lexed.tokens)
        var result = parser.script(comments: lexed.comments)
        let lexErrors = lexed.errors.map(SyntaxError.init)
        // A parse error inside a statement that already has a lexical error is its echo: drop it.
        result.errors = (lexErrors + result.errors.filter { parseError in
            !lexErrors.contains { $0.span.start.line == parseError.span.start.line || $0.span.start.offset <= parseError.span.start.offset && parseError.span.start.offset - $0.span.start.offset < 2 }
        }).sorted { $0.span.start < $1.span.start }
        return result
    }

    /// An unterminated string, identifier or comment swallows the rest of the script. The statements
    /// before the one it starts in are still parsed and reported; that statement is the error.
    private static func parseTokens(fromPrefixOf source: String, failingWith error: LexError) -> ParseResult {
        let prefix = String(decoding: source.utf8.prefix(error.location.offset), as: UTF8.self)
        let lastSemicolon = (try? Lexer.tokenizeRecovering(prefix))?.tokens.last { $0.kind == .symbol(";") }
        let cutoff = lastSemicolon?.span.end.offset ?? 0
        var result = parseScriptOnThisThread(prefix)
        result.statements = result.statements.filter { $0.span.start.offset < cutoff }
        result.errors = result.errors.filter { $0.span.start.offset < cutoff } + [SyntaxError(error)]
        return result
    }

    static func parseExpression(_ source: String) throws(SyntaxError) -> Expr {
        try ParserThread.run { () -> Result<Expr, SyntaxError> in
            do throws(SyntaxError) {
                return .success(try parseExpressionOnThisThread(source))
            } catch {
                return .failure(error)
            }
        }.get()
    }

    private static func parseExpressionOnThisThread(_ source: String) throws(SyntaxError) -> Expr {
        let lexed: Lexer.Output
        do throws(LexError) {
            lexed = try Lexer.tokenize(source)
        } catch {
            throw SyntaxError(error)
        }
        var parser = Parser(tokens: lexed.tokens)
        let expression = try parser.parseExpression()
        if !parser.at(.endOfInput) { throw parser.unexpected() }
        return expression
    }

    // MARK: - Script

    /// `script = [ statement ] { ";" [ statement ] } ;` — and after a broken statement, skip to the
    /// next `;` (or a line that starts a new statement) and go on.
    mutating func script(comments: [Comment]) -> ParseResult {
        var statements: [Statement] = []
        var errors: [SyntaxError] = []
        var previousEnd = 0
        while !at(.endOfInput) {
            if acceptSymbol(";") { continue }
            let startPosition = position
            do throws(SyntaxError) {
                var statement = try parseStatement()
                statement.annotations = Self.annotations(in: comments, from: previousEnd, to: statement.span.start.offset)
                if at(.endOfInput) || acceptSymbol(";") {
                    statements.append(statement)
                    previousEnd = statement.span.end.offset
                    continue
                }
                if startsStatement(at: position) {
                    statements.append(statement)
                    previousEnd = statement.span.end.offset
                    let end = tokens[max(position - 1, 0)].span.end
                    errors.append(SyntaxError(
                        "missing ';' between statements",
                        at: SourceSpan(start: end, end: SourceLocation(line: end.line, column: end.column + 1, offset: end.offset + 1)),
                        hint: "the next statement starts at \(current.span.start); end each statement with ';'"))
                    continue
                }
                throw unexpectedAfterStatement()
            } catch {
                errors.append(error)
                recover(from: startPosition)
                previousEnd = tokens[max(position - 1, 0)].span.end.offset
            }
        }
        return ParseResult(statements: statements, comments: comments, errors: errors)
    }

    /// `-- @key: value` comments between the previous statement and this one.
    private static func annotations(in comments: [Comment], from start: Int, to end: Int) -> [Annotation] {
        comments.compactMap { comment in
            guard comment.span.start.offset >= start, comment.span.end.offset <= end, let annotation = comment.annotation else { return nil }
            return Annotation(key: annotation.key, value: annotation.value)
        }
    }

    /// Skips the rest of a broken statement: to the next `;` outside parentheses, or to a token that
    /// starts a line and a new statement.
    private mutating func recover(from startPosition: Int) {
        if position == startPosition { advance() }
        var parentheses = 0
        while !at(.endOfInput) {
            if parentheses <= 0, startsStatement(at: position), startsLine(position) { return }
            if isSymbol("(") { parentheses += 1 }
            if isSymbol(")") { parentheses -= 1 }
            if isSymbol(";"), parentheses <= 0 {
                advance()
                return
            }
            advance()
        }
    }

    private func startsLine(_ index: Int) -> Bool {
        index == 0 || tokens[index - 1].span.end.line < tokens[index].span.start.line
    }

    /// True at CREATE, INSERT, SELECT, SHOW, DESCRIBE, EXPLAIN, DROP and `START|STOP|PAUSE|RESUME JOB`.
    func startsStatement(at index: Int) -> Bool {
        guard case .keyword(let word) = tokens[index].kind else { return false }
        switch word {
        case "CREATE", "INSERT", "SELECT", "SHOW", "DESCRIBE", "EXPLAIN", "DROP": return true
        case "START", "STOP", "PAUSE", "RESUME":
            if index + 1 < tokens.count, case .keyword("JOB") = tokens[index + 1].kind { return true }
            return false
        default: return false
        }
    }

    private mutating func unexpectedAfterStatement() -> SyntaxError {
        if isSymbol(")") {
            return SyntaxError("unbalanced parentheses: ')' has no matching '('", at: current.span, hint: "remove it, or add the '(' it closes")
        }
        note("';'")
        note("end of input")
        return unexpected()
    }

    // MARK: - Cursor

    var current: Token { tokens[position] }

    func peek(_ ahead: Int = 1) -> Token {
        tokens[min(position + ahead, tokens.count - 1)]
    }

    /// The end of the last token read.
    var previousEnd: SourceLocation {
        position == 0 ? current.span.start : tokens[position - 1].span.end
    }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func at(_ kind: Token.Kind) -> Bool { current.kind == kind }

    func isKeyword(_ word: String, at token: Token? = nil) -> Bool {
        (token ?? current).kind == .keyword(word)
    }

    func isSymbol(_ symbol: String, at token: Token? = nil) -> Bool {
        (token ?? current).kind == .symbol(symbol)
    }

    /// Records that `description` would have been accepted here (for the error message).
    mutating func note(_ description: String) {
        if expectedPosition != position {
            expectedPosition = position
            expected = []
        }
        if !expected.contains(description) { expected.append(description) }
    }

    mutating func acceptKeyword(_ word: String) -> Bool {
        if isKeyword(word) {
            advance()
            return true
        }
        note(word)
        return false
    }

    mutating func acceptSymbol(_ symbol: String) -> Bool {
        if isSymbol(symbol) {
            advance()
            return true
        }
        note("'\(symbol)'")
        return false
    }

    @discardableResult
    mutating func expectKeyword(_ word: String) throws(SyntaxError) -> Token {
        let token = current
        guard acceptKeyword(word) else { throw unexpected() }
        return token
    }

    @discardableResult
    mutating func expectSymbol(_ symbol: String) throws(SyntaxError) -> Token {
        let token = current
        guard acceptSymbol(symbol) else { throw unexpected() }
        return token
    }

    /// Reads the `)` closing the `(` at `open`; an unclosed parenthesis gets its own message.
    mutating func expectClosing(_ open: Token) throws(SyntaxError) {
        if acceptSymbol(")") { return }
        if at(.endOfInput) || isSymbol(";") {
            throw SyntaxError(
                "unbalanced parentheses: '(' opened at \(open.span.start) is never closed",
                at: open.span, hint: "add ')' before \(at(.endOfInput) ? "the end of input" : "';' at \(current.span.start)")")
        }
        var error = unexpected()
        error.hint = (error.hint.map { $0 + "; " } ?? "") + "the '(' at \(open.span.start) is still open"
        throw error
    }

    /// `expected A, B or C, found X`, with a suggestion when X looks like a misspelt keyword.
    mutating func unexpected(_ what: String? = nil) -> SyntaxError {
        if let what { note(what) }
        let options = expectedPosition == position ? expected : []
        let found = current.description
        let list: String
        switch options.count {
        case 0: list = "something else"
        case 1: list = options[0]
        default: list = options.dropLast().joined(separator: ", ") + " or " + (options.last ?? "")
        }
        if let word = wordText(current) {
            let keywords = options.filter { option in
                let first = option.split(separator: " ").first.map(String.init) ?? option
                return first.allSatisfy { $0.isUppercase || $0 == "_" }
            }
            if let suggestion = Suggestion.closest(to: word, among: keywords.map { $0.split(separator: " ").first.map(String.init) ?? $0 }),
               let full = keywords.first(where: { $0.hasPrefix(suggestion) }) {
                // A misspelt keyword: name the one meant, not everything else that could follow.
                return SyntaxError("expected \(full), found \(found)", at: current.span, hint: "did you mean \(full)?")
            }
        }
        let hint = current.kind == .endOfInput && !options.contains("';'") ? "the statement ends too early" : nil
        return SyntaxError("expected \(list), found \(found)", at: current.span, hint: hint)
    }

    /// The word a token spells, if it is a word (keyword or plain identifier).
    private func wordText(_ token: Token) -> String? {
        switch token.kind {
        case .keyword, .identifier: token.text
        default: nil
        }
    }

    // MARK: - Identifiers

    /// True when the current token can be read as an identifier: a plain or quoted identifier, or a
    /// non-reserved keyword.
    func isIdentifier(_ token: Token? = nil) -> Bool {
        switch (token ?? current).kind {
        case .identifier, .quotedIdentifier: true
        case .keyword(let word): Keyword.nonReserved.contains(word)
        default: false
        }
    }

    mutating func parseIdentifier(_ what: String = "an identifier") throws(SyntaxError) -> String {
        let token = current
        switch token.kind {
        case .identifier: advance(); return token.text
        case .quotedIdentifier(let name): advance(); return name
        case .keyword(let word) where Keyword.nonReserved.contains(word): advance(); return token.text
        case .keyword(let word):
            note(what)
            var error = unexpected()
            error.message = "expected \(what), found the reserved word \(word)"
            error.hint = "quote it to use it as a name: \"\(token.text)\""
            throw error
        default:
            throw unexpected(what)
        }
    }

    /// Nesting guard for recursive productions.
    mutating func enter(extra: Int = 0) throws(SyntaxError) {
        depth += 1
        if depth + extra > Self.maximumDepth || !stack.hasRoom() {
            throw SyntaxError("nested too deeply (more than \(Self.maximumDepth) levels)", at: current.span, hint: "split the expression or query into smaller parts")
        }
    }

    mutating func leave() {
        depth -= 1
    }

    func span(from start: SourceLocation) -> SourceSpan {
        SourceSpan(start: start, end: max(previousEnd, start))
    }
}
