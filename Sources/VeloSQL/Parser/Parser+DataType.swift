extension Parser {
    static let typeNames = ["BOOLEAN", "INT", "INTEGER", "BIGINT", "DOUBLE", "DECIMAL", "STRING", "VARCHAR", "TIMESTAMP", "DATE", "INTERVAL", "ARRAY", "MAP", "STRUCT"]

    /// `data_type`: `BOOLEAN | INT | BIGINT | DOUBLE | DECIMAL[(p[, s])] | STRING | VARCHAR[(n)] |
    /// TIMESTAMP | DATE | INTERVAL | ARRAY<T> | MAP<K, V> | STRUCT<name T, …>`.
    mutating func parseDataType() throws(SyntaxError) -> DataType {
        try enter()
        defer { leave() }
        let token = current
        let word = token.text.uppercased()
        guard isIdentifier() || isKeyword("INTERVAL") else { throw typeError() }
        switch word {
        case "BOOLEAN", "BOOL": advance(); return .boolean
        case "INT", "INTEGER": advance(); return .int
        case "BIGINT": advance(); return .bigint
        case "DOUBLE":
            advance()
            if isIdentifier(), current.text.uppercased() == "PRECISION" { advance() }
            return .double
        case "DECIMAL", "NUMERIC":
            advance()
            guard isSymbol("(") else { return .decimal(precision: nil, scale: nil) }
            let open = current
            advance()
            let precision = try parseTypeInteger("a precision")
            let scale = acceptSymbol(",") ? try parseTypeInteger("a scale") : nil
            try expectClosing(open)
            if let scale, scale > precision {
                throw SyntaxError("DECIMAL scale \(scale) is larger than its precision \(precision)", at: span(from: token.span.start))
            }
            return .decimal(precision: precision, scale: scale)
        case "STRING": advance(); return .string(varchar: false, length: nil)
        case "VARCHAR":
            advance()
            guard isSymbol("(") else { return .string(varchar: true, length: nil) }
            let open = current
            advance()
            let length = try parseTypeInteger("a length")
            try expectClosing(open)
            return .string(varchar: true, length: length)
        case "TIMESTAMP": advance(); return .timestamp
        case "DATE": advance(); return .date
        case "INTERVAL": advance(); return .interval
        case "ARRAY":
            advance()
            try expectSymbol("<")
            let element = try parseDataType()
            try expectSymbol(">")
            return .array(element)
        case "MAP":
            advance()
            try expectSymbol("<")
            let key = try parseDataType()
            try expectSymbol(",")
            let value = try parseDataType()
            try expectSymbol(">")
            return .map(key: key, value: value)
        case "STRUCT":
            advance()
            try expectSymbol("<")
            var fields: [DataType.StructField] = []
            repeat {
                let name = try parseIdentifier("a field name")
                fields.append(DataType.StructField(name: name, type: try parseDataType()))
            } while acceptSymbol(",")
            try expectSymbol(">")
            return .struct(fields)
        default:
            throw typeError()
        }
    }

    private mutating func typeError() -> SyntaxError {
        var error = unexpected("a type")
        error.message = "expected a type (\(Self.typeNames.joined(separator: ", "))), found \(current.description)"
        if let word = wordText, let suggestion = Suggestion.closest(to: word, among: Self.typeNames) {
            error.hint = "did you mean \(suggestion)?"
        }
        return error
    }

    private var wordText: String? {
        switch current.kind {
        case .identifier, .keyword: current.text
        default: nil
        }
    }

    private mutating func parseTypeInteger(_ what: String) throws(SyntaxError) -> Int {
        guard case .integer(let text) = current.kind, let value = Int(text), value <= 1_000_000 else {
            throw unexpected(what)
        }
        advance()
        return value
    }
}
