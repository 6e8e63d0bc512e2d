extension Parser {
    static let statementKeywords = ["CREATE", "INSERT", "SELECT", "WITH", "SHOW", "DESCRIBE", "EXPLAIN", "DROP", "START", "STOP", "PAUSE", "RESUME"]

    /// `statement = create_stream | create_table | insert | query | show | describe | explain | drop |
    /// job_control`.
    mutating func parseStatement() throws(SyntaxError) -> Statement {
        try enter()
        defer { leave() }
        let start = current.span.start
        let kind: Statement.Kind
        switch current.kind {
        case .keyword("CREATE"):
            kind = try parseCreate()
        case .keyword("INSERT"):
            advance()
            try expectKeyword("INTO")
            let target = try parseIdentifier("the stream to insert into")
            kind = .insert(Insert(target: target, query: try parseQuery()))
        case .keyword("SELECT"), .keyword("WITH"), .symbol("("):
            kind = .query(try parseQuery())
        case .keyword("SHOW"):
            advance()
            let targets = ShowTarget.allCases
            guard let target = targets.first(where: { isKeyword($0.rawValue) }) else {
                for target in targets { note(target.rawValue) }
                throw unexpected()
            }
            advance()
            kind = .show(target)
        case .keyword("DESCRIBE"):
            advance()
            kind = .describe(name: try parseIdentifier("a stream, table or job name"))
        case .keyword("EXPLAIN"):
            advance()
            kind = .explain(try parseStatement())
        case .keyword("DROP"):
            advance()
            let kinds: [ObjectKind] = [.stream, .table, .job]
            guard let object = kinds.first(where: { isKeyword($0.rawValue) }) else {
                for object in kinds { note(object.rawValue) }
                throw unexpected()
            }
            advance()
            kind = .drop(object, name: try parseIdentifier("a \(object.rawValue.lowercased()) name"))
        case .keyword(let word) where JobAction(rawValue: word) != nil && isKeyword("JOB", at: peek()):
            advance()
            advance()
            kind = .job(JobAction(rawValue: word) ?? .start, name: try parseIdentifier("a job name"))
        case .keyword("FROM"), .keyword("WHERE"), .keyword("GROUP"), .keyword("HAVING"), .keyword("WINDOW"):
            throw SyntaxError("a query starts with SELECT, found \(current.text.uppercased())", at: current.span, hint: "write SELECT … FROM …")
        default:
            for word in Self.statementKeywords { note(word) }
            var error = unexpected()
            if case .symbol(")") = current.kind {
                error = SyntaxError("unbalanced parentheses: ')' has no matching '('", at: current.span)
            }
            throw error
        }
        return Statement(kind: kind, span: span(from: start))
    }

    /// `CREATE (STREAM | TABLE) name [ "(" column { "," column } ")" ] [ with ] [ "AS" query [ with ] ]`.
    private mutating func parseCreate() throws(SyntaxError) -> Statement.Kind {
        try expectKeyword("CREATE")
        let isTable: Bool
        if acceptKeyword("STREAM") {
            isTable = false
        } else if acceptKeyword("TABLE") {
            isTable = true
        } else {
            throw unexpected()
        }
        let name = try parseIdentifier("a \(isTable ? "table" : "stream") name")
        var columns: [ColumnDefinition] = []
        var primaryKey: [String] = []
        var columnsSpan: SourceSpan?
        if isSymbol("(") {
            let open = current
            advance()
            repeat {
                if isKeyword("PRIMARY") {
                    let keyStart = current.span.start
                    advance()
                    try expectKeyword("KEY")
                    let keyOpen = try expectSymbol("(")
                    if !primaryKey.isEmpty { throw SyntaxError("the primary key is declared twice", at: span(from: keyStart)) }
                    repeat { primaryKey.append(try parseIdentifier("a key column")) } while acceptSymbol(",")
                    try expectClosing(keyOpen)
                    continue
                }
                let (column, isPrimary) = try parseColumnDefinition()
                if isPrimary { primaryKey.append(column.name) }
                columns.append(column)
            } while acceptSymbol(",")
            try expectClosing(open)
            columnsSpan = open.span.through(tokens[position - 1].span)
        }
        var properties = try parseProperties()
        var propertiesAfterQuery = 0
        var query: Query?
        if acceptKeyword("AS") {
            if let columnsSpan {
                throw SyntaxError("CREATE … AS SELECT takes its columns from the query", at: columnsSpan, hint: "remove the column list, or declare the \(isTable ? "table" : "stream") and use INSERT INTO")
            }
            query = try parseQuery()
            let trailing = try parseProperties()
            if !trailing.isEmpty, !properties.isEmpty {
                let duplicates = Set(properties.map(\.key)).intersection(trailing.map(\.key))
                if let key = duplicates.sorted().first, let property = trailing.first(where: { $0.key == key }) {
                    throw SyntaxError("property '\(key)' is set both before and after the query", at: property.span)
                }
            }
            properties += trailing
            propertiesAfterQuery = trailing.count
        } else if isTable, columns.isEmpty {
            // A table is declared with its columns (and key), or made by a query.
            note("'('")
            note("AS")
            throw unexpected()
        } else if !isTable, columns.isEmpty, properties.isEmpty {
            note("'('")
            note("WITH")
            throw unexpected()
        } else {
            note("AS")
        }
        if isTable {
            return .createTable(CreateTable(name: name, columns: columns, primaryKey: primaryKey, properties: properties, query: query, propertiesAfterQuery: propertiesAfterQuery))
        }
        if !primaryKey.isEmpty {
            throw SyntaxError("a stream has no primary key", at: columnsSpan ?? current.span, hint: "mark the key column with KEY, or CREATE TABLE")
        }
        return .createStream(CreateStream(name: name, columns: columns, properties: properties, query: query, propertiesAfterQuery: propertiesAfterQuery))
    }

    /// `column = name data_type [ "PRIMARY" "KEY" | "KEY" ] [ "NOT" "NULL" ]`.
    private mutating func parseColumnDefinition() throws(SyntaxError) -> (ColumnDefinition, primary: Bool) {
        let start = current.span.start
        let name = try parseIdentifier("a column name")
        let type = try parseDataType()
        var column = ColumnDefinition(name: name, type: type)
        var primary = false
        if acceptKeyword("PRIMARY") {
            try expectKeyword("KEY")
            primary = true
        } else if acceptKeyword("KEY") {
            column.isKey = true
        }
        if acceptKeyword("NOT") {
            try expectKeyword("NULL")
            column.notNull = true
        }
        column.span = span(from: start)
        return (column, primary)
    }

    /// `with = "WITH" "(" property { "," property } ")"`; `property = key "=" value` where a key is a
    /// string or a dotted name and a value a string, number, boolean, interval or name.
    mutating func parseProperties() throws(SyntaxError) -> [Property] {
        guard isKeyword("WITH"), isSymbol("(", at: peek()) else {
            note("WITH")
            return []
        }
        advance()
        let open = current
        advance()
        var properties: [Property] = []
        repeat {
            if isSymbol(")"), !properties.isEmpty { break } // a trailing comma
            let start = current.span.start
            let key: String
            if case .string(let text) = current.kind {
                key = text
                advance()
            } else if isIdentifier() {
                var parts = [try parseIdentifier()]
                while acceptSymbol(".") { parts.append(try parseIdentifier("a property name")) }
                key = parts.joined(separator: ".")
            } else {
                throw unexpected("a property name such as 'topic'")
            }
            if let first = properties.first(where: { $0.key == key }) {
                throw SyntaxError("property '\(key)' is set twice (first at \(first.span.start))", at: span(from: start))
            }
            try expectSymbol("=")
            let value = try parsePropertyValue()
            properties.append(Property(key: key, value: value, span: span(from: start)))
        } while acceptSymbol(",")
        try expectClosing(open)
        return properties
    }

    private mutating func parsePropertyValue() throws(SyntaxError) -> Literal {
        let token = current
        switch token.kind {
        case .string(let text): advance(); return .string(text)
        case .integer(let text): advance(); return .integer(text)
        case .decimal(let text): advance(); return .decimal(text)
        case .keyword("TRUE"): advance(); return .boolean(true)
        case .keyword("FALSE"): advance(); return .boolean(false)
        case .duration(let value, let unit):
            advance()
            return .interval(value: value, unit: IntervalUnit(shorthand: unit) ?? .second, shorthand: true)
        case .symbol("-"):
            advance()
            switch current.kind {
            case .integer(let text): advance(); return .integer("-" + text)
            case .decimal(let text): advance(); return .decimal("-" + text)
            default: throw unexpected("a number")
            }
        default:
            if isIdentifier() {
                // `format = json`: a bare word is the string it spells.
                return .string(try parseIdentifier())
            }
            throw unexpected("a value (a 'string', number or TRUE/FALSE)")
        }
    }
}
