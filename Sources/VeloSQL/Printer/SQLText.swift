/// How names and literals are spelt in canonical SQL.
enum SQLText {
    /// A name as written when it can be, else in double quotes (reserved words, spaces, odd characters).
    static func identifier(_ name: String) -> String {
        if isPlain(name), !Keyword.isReserved(Substring(name)) { return name }
        return "\"" + name.doubling("\"") + "\""
    }

    private static func isPlain(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "$") }
    }

    static func string(_ text: String) -> String {
        "'" + text.doubling("'") + "'"
    }

    static func literal(_ literal: Literal) -> String {
        switch literal {
        case .null: "NULL"
        case .boolean(let value): value ? "TRUE" : "FALSE"
        case .integer(let text), .decimal(let text): text
        case .string(let text): string(text)
        case .interval(let value, let unit, let shorthand):
            shorthand ? value + unit.shorthandSuffix : "INTERVAL \(string(value)) \(unit.rawValue)"
        case .timestamp(let text): "TIMESTAMP \(string(text))"
        case .date(let text): "DATE \(string(text))"
        }
    }

    static func dataType(_ type: DataType) -> String {
        switch type {
        case .boolean: "BOOLEAN"
        case .int: "INT"
        case .bigint: "BIGINT"
        case .double: "DOUBLE"
        case .decimal(let precision, let scale):
            switch (precision, scale) {
            case (let p?, let s?): "DECIMAL(\(p), \(s))"
            case (let p?, nil): "DECIMAL(\(p))"
            default: "DECIMAL"
            }
        case .string(let varchar, let length):
            varchar ? "VARCHAR" + (length.map { "(\($0))" } ?? "") : "STRING"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        case .interval: "INTERVAL"
        case .array(let element): "ARRAY<\(dataType(element))>"
        case .map(let key, let value): "MAP<\(dataType(key)), \(dataType(value))>"
        case .struct(let fields):
            "STRUCT<" + fields.map { "\(identifier($0.name)) \(dataType($0.type))" }.joined(separator: ", ") + ">"
        }
    }
}

extension String {
    /// The text with every `quote` doubled, as SQL escapes a quote inside quotes.
    func doubling(_ quote: Character) -> String {
        var result = ""
        for character in self {
            result.append(character)
            if character == quote { result.append(quote) }
        }
        return result
    }
}
