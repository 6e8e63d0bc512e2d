extension Parser {
    /// `expression` by precedence climbing: reads operators binding tighter than `minimum`.
    /// The work is spread over small functions on purpose: each nesting level costs a few frames,
    /// and small frames keep deep (legal) nesting within the stack budget, in debug builds too.
    mutating func parseExpression(_ minimum: Int = 0) throws(SyntaxError) -> Expr {
        try enter()
        defer { leave() }
        var left = try parsePrefix()
        // Each operator folded into `left` makes the tree one level deeper (`1 + 1 + …` is a
        // left-deep tree): it counts against the nesting limit like a parenthesis.
        var folds = 0
        while let next = try parseInfix(after: left, minimum: minimum) {
            left = next
            folds += 1
            try checkFolds(folds)
        }
        return left
    }

    /// One postfix or infix operator binding tighter than `minimum` applied to `left`, or nil.
    private mutating func parseInfix(after left: Expr, minimum: Int) throws(SyntaxError) -> Expr? {
        let start = left.span.start
        if isSymbol("["), Precedence.postfix > minimum {
            advance()
            let index = try parseExpression()
            try expectSymbol("]")
            return Expr(.subscript(left, index: index), span: span(from: start))
        }
        if let op = binaryOperator(), Precedence.of(op) > minimum {
            advance()
            let right = try parseExpression(Precedence.of(op))
            return Expr(.binary(op, left, right), span: span(from: start))
        }
        guard case .keyword(let word) = current.kind else { return nil }
        if word == "IS", Precedence.is > minimum {
            advance()
            let negated = acceptKeyword("NOT")
            try expectKeyword("NULL")
            return Expr(.isNull(left, negated: negated), span: span(from: start))
        }
        guard Precedence.predicate > minimum else { return nil }
        if word == "NOT", case .keyword(let next) = peek().kind, next == "BETWEEN" || next == "IN" || next == "LIKE" {
            advance()
            return try parsePredicate(left, negated: true)
        }
        if word == "BETWEEN" || word == "IN" || word == "LIKE" {
            return try parsePredicate(left, negated: false)
        }
        return nil
    }

    private mutating func checkFolds(_ folds: Int) throws(SyntaxError) {
        if depth + folds > Self.maximumDepth {
            throw SyntaxError("nested too deeply (more than \(Self.maximumDepth) levels)", at: current.span, hint: "split the expression or query into smaller parts")
        }
    }

    private func binaryOperator() -> BinaryOperator? {
        switch current.kind {
        case .keyword("AND"): .and
        case .keyword("OR"): .or
        case .symbol("="): .equal
        case .symbol("<>"), .symbol("!="): .notEqual
        case .symbol("<"): .less
        case .symbol("<="): .lessOrEqual
        case .symbol(">"): .greater
        case .symbol(">="): .greaterOrEqual
        case .symbol("||"): .concat
        case .symbol("+"): .add
        case .symbol("-"): .subtract
        case .symbol("*"): .multiply
        case .symbol("/"): .divide
        case .symbol("%"): .modulo
        default: nil
        }
    }

    /// `x [NOT] BETWEEN a AND b`, `x [NOT] IN (…)`, `x [NOT] LIKE p`.
    private mutating func parsePredicate(_ left: Expr, negated: Bool) throws(SyntaxError) -> Expr {
        let start = left.span.start
        if acceptKeyword("BETWEEN") {
            let low = try parseExpression(Precedence.predicate)
            try expectKeyword("AND")
            let high = try parseExpression(Precedence.predicate)
            return Expr(.between(left, low: low, high: high, negated: negated), span: span(from: start))
        }
        if acceptKeyword("LIKE") {
            let pattern = try parseExpression(Precedence.predicate)
            return Expr(.like(left, pattern: pattern, negated: negated), span: span(from: start))
        }
        try expectKeyword("IN")
        let open = try expectSymbol("(")
        if isKeyword("SELECT") || isKeyword("WITH") {
            let query = try parseQuery()
            try expectClosing(open)
            return Expr(.inSubquery(left, query, negated: negated), span: span(from: start))
        }
        var items = [try parseExpression()]
        while acceptSymbol(",") { items.append(try parseExpression()) }
        try expectClosing(open)
        return Expr(.inList(left, items, negated: negated), span: span(from: start))
    }

    // MARK: - Prefix forms

    private mutating func parsePrefix() throws(SyntaxError) -> Expr {
        switch current.kind {
        case .keyword(let word):
            return try parseKeywordPrefix(word)
        case .symbol(let symbol) where symbol == "(":
            return try parseParenthesized()
        case .symbol(let symbol) where symbol == "-" || symbol == "+":
            return try parseUnary(symbol == "-" ? .minus : .plus, operandPrecedence: Precedence.unary)
        case .integer, .decimal, .string, .duration:
            return try parseLiteralToken()
        case .identifier, .quotedIdentifier:
            return try parseNameOrCall()
        default:
            note("an expression")
            throw unexpected()
        }
    }

    private mutating func parseUnary(_ op: UnaryOperator, operandPrecedence: Int) throws(SyntaxError) -> Expr {
        let start = current.span.start
        advance()
        let operand = try parseExpression(operandPrecedence)
        return Expr(.unary(op, operand), span: span(from: start))
    }

    /// A number, string or shorthand interval token.
    private mutating func parseLiteralToken() throws(SyntaxError) -> Expr {
        let token = current
        advance()
        let literal: Literal
        switch token.kind {
        case .integer(let text): literal = .integer(text)
        case .decimal(let text): literal = .decimal(text)
        case .string(let text): literal = .string(text)
        case .duration(let value, let unit):
            guard let intervalUnit = IntervalUnit(shorthand: unit) else {
                throw SyntaxError("unknown interval unit '\(unit)'", at: token.span, hint: "use ms, s, m, h or d")
            }
            literal = .interval(value: value, unit: intervalUnit, shorthand: true)
        default:
            throw SyntaxError("expected a literal, found \(token.description)", at: token.span)
        }
        return Expr(.literal(literal), span: token.span)
    }

    /// The prefix forms that start with a keyword; a non-reserved keyword not starting one of them
    /// is a name (`key`, `date`, `timestamp`).
    private mutating func parseKeywordPrefix(_ word: String) throws(SyntaxError) -> Expr {
        let token = current
        switch word {
        case "NOT":
            return try parseUnary(.not, operandPrecedence: Precedence.not)
        case "NULL", "TRUE", "FALSE":
            advance()
            return Expr(.literal(word == "NULL" ? .null : .boolean(word == "TRUE")), span: token.span)
        case "INTERVAL":
            return try parseIntervalLiteral()
        case "TIMESTAMP" where peekIsString, "DATE" where peekIsString:
            advance()
            guard case .string(let text) = current.kind else { throw unexpected("a string") }
            advance()
            return Expr(.literal(word == "DATE" ? .date(text) : .timestamp(text)), span: span(from: token.span.start))
        case "CASE":
            return try parseCase()
        case "CAST":
            return try parseCast()
        case "EXISTS":
            return try parseExists()
        case "ARRAY" where isSymbol("[", at: peek()):
            return try parseArrayLiteral()
        case "LEFT" where isSymbol("(", at: peek()), "RIGHT" where isSymbol("(", at: peek()):
            // The string functions LEFT(s, n) and RIGHT(s, n), though LEFT and RIGHT are reserved.
            advance()
            return try parseCall(name: token.text, start: token.span.start)
        default:
            if isIdentifier() { return try parseNameOrCall() }
            note("an expression")
            throw unexpected()
        }
    }

    /// `( expression )` or a scalar subquery `( query )`.
    private mutating func parseParenthesized() throws(SyntaxError) -> Expr {
        let open = current
        advance()
        if isKeyword("SELECT") || isKeyword("WITH") {
            let query = try parseQuery()
            try expectClosing(open)
            return Expr(.subquery(query), span: span(from: open.span.start))
        }
        let inner = try parseExpression()
        try expectClosing(open)
        return inner
    }

    private mutating func parseCast() throws(SyntaxError) -> Expr {
        let start = current.span.start
        advance()
        let open = try expectSymbol("(")
        let value = try parseExpression()
        try expectKeyword("AS")
        let type = try parseDataType()
        try expectClosing(open)
        return Expr(.cast(value, type), span: span(from: start))
    }

    private mutating func parseExists() throws(SyntaxError) -> Expr {
        let start = current.span.start
        advance()
        let open = try expectSymbol("(")
        let query = try parseQuery()
        try expectClosing(open)
        return Expr(.exists(query), span: span(from: start))
    }

    private mutating func parseArrayLiteral() throws(SyntaxError) -> Expr {
        let start = current.span.start
        advance()
        advance()
        var items: [Expr] = []
        if !isSymbol("]") {
            items.append(try parseExpression())
            while acceptSymbol(",") { items.append(try parseExpression()) }
        }
        try expectSymbol("]")
        return Expr(.array(items), span: span(from: start))
    }

    private var peekIsString: Bool {
        if case .string = peek().kind { return true }
        return false
    }

    /// `INTERVAL '5' SECOND` (also `INTERVAL 5 SECONDS`).
    private mutating func parseIntervalLiteral() throws(SyntaxError) -> Expr {
        let start = current.span.start
        try expectKeyword("INTERVAL")
        let value: String
        switch current.kind {
        case .string(let text), .integer(let text), .decimal(let text):
            value = text
            advance()
        default:
            throw unexpected("a quoted number such as '5'")
        }
        let unitToken = current
        guard isIdentifier(), let unit = IntervalUnit(keyword: unitToken.text) else {
            note("MILLISECOND, SECOND, MINUTE, HOUR or DAY")
            var error = unexpected()
            if let word = wordSuggestion(unitToken.text, among: IntervalUnit.allCases.map(\.rawValue)) { error.hint = "did you mean \(word)?" }
            throw error
        }
        advance()
        guard isValidNumber(value) else {
            throw SyntaxError("interval value '\(value)' is not a number", at: span(from: start), hint: "write INTERVAL '5' SECOND")
        }
        return Expr(.literal(.interval(value: value, unit: unit, shorthand: false)), span: span(from: start))
    }

    private func isValidNumber(_ text: String) -> Bool {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, parts.count <= 2 else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } } && parts.contains { !$0.isEmpty }
    }

    func wordSuggestion(_ word: String, among candidates: [String]) -> String? {
        Suggestion.closest(to: word, among: candidates)
    }

    /// `CASE [operand] WHEN … THEN … {WHEN … THEN …} [ELSE …] END`.
    private mutating func parseCase() throws(SyntaxError) -> Expr {
        let start = current.span.start
        let caseToken = try expectKeyword("CASE")
        let operand = isKeyword("WHEN") ? nil : try parseExpression()
        var branches: [CaseBranch] = []
        repeat {
            try expectKeyword("WHEN")
            let condition = try parseExpression()
            try expectKeyword("THEN")
            branches.append(CaseBranch(condition: condition, result: try parseExpression()))
            note("WHEN")
        } while isKeyword("WHEN")
        let otherwise = acceptKeyword("ELSE") ? try parseExpression() : nil
        if !acceptKeyword("END") {
            var error = unexpected()
            error.hint = "the CASE at \(caseToken.span.start) needs END"
            throw error
        }
        return Expr(.case(operand: operand, branches: branches, otherwise: otherwise), span: span(from: start))
    }

    /// A column reference (`a`, `t.a`, `t.a.b`) or a function call (`f(…)` with its extras).
    private mutating func parseNameOrCall() throws(SyntaxError) -> Expr {
        let start = current.span.start
        let first = try parseIdentifier()
        if isSymbol("(") {
            return try parseCall(name: first, start: start)
        }
        var path = [first]
        while isSymbol("."), isIdentifier(peek()) {
            advance()
            path.append(try parseIdentifier())
        }
        return Expr(.column(path), span: span(from: start))
    }

    private mutating func parseCall(name: String, start: SourceLocation) throws(SyntaxError) -> Expr {
        let open = try expectSymbol("(")
        let upper = name.uppercased()
        if upper == "EXTRACT" {
            // EXTRACT(HOUR FROM ts), and the Rust-Velostream spelling EXTRACT('HOUR', ts).
            if case .string(let text) = current.kind, isSymbol(",", at: peek()) {
                advance()
                advance()
                let value = try parseExpression()
                try expectClosing(open)
                return Expr(.extract(field: text.uppercased(), from: value), span: span(from: start))
            }
            let field = try parseIdentifier("a date part such as HOUR")
            try expectKeyword("FROM")
            let value = try parseExpression()
            try expectClosing(open)
            return Expr(.extract(field: field.uppercased(), from: value), span: span(from: start))
        }
        // Function names are case-insensitive: the tree holds them upper-cased.
        var call = FunctionCall(name: upper, arguments: [])
        if isSymbol("*") {
            advance()
            call.star = true
        } else if !isSymbol(")") {
            call.distinct = acceptKeyword("DISTINCT")
            if upper == "POSITION", try parsePositionIn(into: &call) {
                // POSITION(sub IN s) is POSITION(sub, s).
            } else {
                call.arguments.append(try parseExpression())
            }
            while acceptSymbol(",") { call.arguments.append(try parseExpression()) }
        }
        try expectClosing(open)
        if isKeyword("FILTER"), isSymbol("(", at: peek()) {
            advance()
            let filterOpen = try expectSymbol("(")
            try expectKeyword("WHERE")
            call.filter = try parseExpression()
            try expectClosing(filterOpen)
        }
        if acceptKeyword("OVER") {
            call.over = try parseWindowSpecification()
        }
        return Expr(.function(call), span: span(from: start))
    }

    /// `POSITION(sub IN s)`: reads it when the first argument is followed by IN, else leaves the
    /// position untouched for the ordinary argument list.
    private mutating func parsePositionIn(into call: inout FunctionCall) throws(SyntaxError) -> Bool {
        let saved = position
        let substring = try parseExpression(Precedence.predicate)
        guard acceptKeyword("IN") else {
            position = saved
            return false
        }
        call.arguments = [substring, try parseExpression()]
        call.inSyntax = true
        return true
    }

    /// `( [PARTITION BY …] [ORDER BY …] [frame] )`.
    private mutating func parseWindowSpecification() throws(SyntaxError) -> WindowSpecification {
        let open = try expectSymbol("(")
        var specification = WindowSpecification(partitionBy: [], orderBy: [], frame: nil)
        if acceptKeyword("PARTITION") {
            try expectKeyword("BY")
            specification.partitionBy = try parseExpressionList()
        }
        if acceptKeyword("ORDER") {
            try expectKeyword("BY")
            specification.orderBy = try parseOrderItems()
        }
        if isKeyword("ROWS") || isKeyword("RANGE") {
            let unit: WindowSpecification.Frame.Unit = isKeyword("ROWS") ? .rows : .range
            advance()
            if acceptKeyword("BETWEEN") {
                let lower = try parseFrameBound()
                try expectKeyword("AND")
                let upper = try parseFrameBound()
                specification.frame = .init(unit: unit, start: lower, end: upper)
            } else {
                specification.frame = .init(unit: unit, start: try parseFrameBound(), end: nil)
            }
        } else {
            note("ROWS")
            note("RANGE")
        }
        try expectClosing(open)
        return specification
    }

    /// `UNBOUNDED PRECEDING | n PRECEDING | CURRENT ROW | n FOLLOWING | UNBOUNDED FOLLOWING`.
    private mutating func parseFrameBound() throws(SyntaxError) -> WindowSpecification.Bound {
        if acceptKeyword("CURRENT") {
            try expectKeyword("ROW")
            return .currentRow
        }
        if acceptKeyword("UNBOUNDED") {
            if acceptKeyword("PRECEDING") { return .unboundedPreceding }
            try expectKeyword("FOLLOWING")
            return .unboundedFollowing
        }
        let offset = try parseExpression(Precedence.and)
        if acceptKeyword("PRECEDING") { return .preceding(offset) }
        try expectKeyword("FOLLOWING")
        return .following(offset)
    }

    mutating func parseExpressionList() throws(SyntaxError) -> [Expr] {
        var items = [try parseExpression()]
        while acceptSymbol(",") { items.append(try parseExpression()) }
        return items
    }

    mutating func parseOrderItems() throws(SyntaxError) -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            let expression = try parseExpression()
            var descending = false
            if acceptKeyword("DESC") {
                descending = true
            } else {
                _ = acceptKeyword("ASC")
            }
            items.append(OrderItem(expression: expression, descending: descending))
        } while acceptSymbol(",")
        return items
    }
}
