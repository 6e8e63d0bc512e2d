import VeloCore

/// Functions over the current record's Kafka headers, and over collection values.
enum RecordFunctions {
    static let table = FunctionSupport.table([
        // Kafka allows repeated header names; the last one wins (as Kafka's `lastHeader`).
        FunctionSupport.function("HEADER", 1...1) { arguments, context in
            let name = FunctionSupport.text(arguments[0])
            guard let header = context.headers.last(where: { $0.name == name }), let bytes = header.value else { return .null }
            return .string(String(decoding: bytes, as: UTF8.self))
        },
        // Never NULL: a NULL name is a header no record has.
        FunctionSupport.function("HAS_HEADER", 1...1, strict: false) { arguments, context in
            guard case .string(let name) = arguments[0] else { return .boolean(false) }
            return .boolean(context.headers.contains { $0.name == name })
        },
        FunctionSupport.function("CARDINALITY", 1...1) { arguments, context in cardinality(arguments[0], "CARDINALITY", context) },
        FunctionSupport.function("ARRAY_LENGTH", 1...1) { arguments, context in cardinality(arguments[0], "ARRAY_LENGTH", context) },
    ])

    static func cardinality(_ value: Value, _ name: String, _ context: FunctionContext) -> Value {
        switch value {
        case .array(let items): .int(Int64(items.count))
        case .map(let entries), .struct(let entries): .int(Int64(entries.count))
        default: context.fail("\(name) needs an ARRAY or MAP, got \(ValueCast.kindName(value))")
        }
    }
}
