import VeloCore

/// JSON_VALUE and JSON_QUERY over JSON text (parsed with `JSONReader`, numbers exact) or over an
/// object or array a schema-less field already holds.
enum JSONFunctions {
    static let table = FunctionSupport.table([
        FunctionSupport.function("JSON_VALUE", 2...2) { arguments, context in
            guard let selected = select(arguments, "JSON_VALUE", context) else { return .null }
            switch selected {
            case .array, .map, .struct: return .null
            default: return ValueCast.text(selected).map(Value.string) ?? .null
            }
        },
        FunctionSupport.function("JSON_QUERY", 2...2) { arguments, context in
            guard let selected = select(arguments, "JSON_QUERY", context) else { return .null }
            switch selected {
            case .array, .map, .struct: return .string(ValueCast.json(selected))
            default: return .null
            }
        },
    ])

    /// The value at the path, nil when absent; text that is not JSON and a bad path count an error.
    static func select(_ arguments: [Value], _ name: String, _ context: FunctionContext) -> Value? {
        let pathText = FunctionSupport.text(arguments[1])
        guard let path = JSONPath(pathText) else {
            _ = context.fail("\(name): invalid JSON path '\(pathText.prefix(100))' (write '$.a.b[0]')")
            return nil
        }
        let document: Value
        switch arguments[0] {
        case .string(let text):
            do {
                document = try JSONReader.parse(text, numbers: .decimal)
            } catch {
                _ = context.fail("\(name): the input is not JSON (\(error))")
                return nil
            }
        default:
            document = arguments[0]
        }
        return path.select(in: document)
    }
}

/// A JSON path in the SQL/JSON subset the functions take: `$`, then `.name`, `['name']` / `["name"]`
/// and `[n]` (0-based) steps; an optional `lax`/`strict` mode word in front is accepted and ignored.
struct JSONPath: Sendable, Hashable {
    enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    let steps: [Step]

    init?(_ text: String) {
        var rest = Substring(text).drop { $0 == " " }
        for mode in ["lax ", "strict "] where rest.lowercased().hasPrefix(mode) {
            rest = rest.dropFirst(mode.count).drop { $0 == " " }
        }
        guard rest.popFirst() == "$" else { return nil }
        var steps: [Step] = []
        while let first = rest.popFirst() {
            switch first {
            case ".":
                let name = rest.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty, name != "*" else { return nil }
                steps.append(.key(String(name)))
                rest = rest.dropFirst(name.count)
            case "[":
                if let quote = rest.first, quote == "'" || quote == "\"" {
                    rest.removeFirst()
                    var key = ""
                    var closed = false
                    while let character = rest.popFirst() {
                        if character == "\\", let escaped = rest.popFirst() {
                            key.append(escaped)
                        } else if character == quote {
                            closed = true
                            break
                        } else {
                            key.append(character)
                        }
                    }
                    guard closed, rest.popFirst() == "]" else { return nil }
                    steps.append(.key(key))
                } else {
                    let digits = rest.prefix { $0 != "]" }
                    guard let index = Int(String(digits.filter { $0 != " " })), index >= 0 else { return nil }
                    rest = rest.dropFirst(digits.count)
                    guard rest.popFirst() == "]" else { return nil }
                    steps.append(.index(index))
                }
            case " ":
                continue
            default:
                return nil
            }
        }
        self.steps = steps
    }

    /// The value at this path, nil when a step finds nothing.
    func select(in document: Value) -> Value? {
        var current = document
        for step in steps {
            switch (step, current) {
            case (.key(let name), .struct), (.key(let name), .map):
                guard let next = current.field(name) else { return nil }
                current = next
            case (.index(let index), .array(let items)):
                guard index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}
