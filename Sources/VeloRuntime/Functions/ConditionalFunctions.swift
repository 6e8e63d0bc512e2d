import VeloCore

/// COALESCE, NULLIF, LEAST, GREATEST.
enum ConditionalFunctions {
    static let table = FunctionSupport.table([
        FunctionSupport.function("COALESCE", 1...FunctionCatalog.maxArguments, strict: false) { arguments, _ in
            arguments.first { !$0.isNull } ?? .null
        },
        FunctionSupport.function("NULLIF", 2...2, strict: false) { arguments, _ in
            SQLLogic.isTrue(ValueComparison.equals(arguments[0], arguments[1])) ? .null : arguments[0]
        },
        FunctionSupport.function("LEAST", 1...FunctionCatalog.maxArguments, strict: false) { arguments, context in
            extreme(arguments, context, name: "LEAST") { $0 < 0 }
        },
        FunctionSupport.function("GREATEST", 1...FunctionCatalog.maxArguments, strict: false) { arguments, context in
            extreme(arguments, context, name: "GREATEST") { $0 > 0 }
        },
    ])

    /// The argument that wins `better` against all others, ignoring NULLs (NULL only when all are).
    /// The winner is returned as it is (LEAST(1, 2.5) is the INT 1); the planner casts when the
    /// declared type asks for it.
    static func extreme(_ arguments: [Value], _ context: FunctionContext, name: String, better: (Int) -> Bool) -> Value {
        var best: Value?
        for argument in arguments where !argument.isNull {
            guard let current = best else {
                best = argument
                continue
            }
            guard let order = ValueComparison.compare(argument, current) else {
                return context.fail("\(name) cannot compare \(ValueCast.kindName(argument)) with \(ValueCast.kindName(current))")
            }
            if better(order) { best = argument }
        }
        return best ?? .null
    }
}
