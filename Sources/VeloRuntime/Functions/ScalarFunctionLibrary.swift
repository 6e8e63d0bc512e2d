import VeloCore

/// The runtime implementations of the scalar functions of `FunctionCatalog`, by canonical name.
/// NULL arguments give NULL unless a function says otherwise (COALESCE, LEAST, GREATEST, CONCAT
/// returning NULL when any argument is, HAS_HEADER never NULL).
public enum ScalarFunctionLibrary {
    /// The implementation of a scalar function (case-insensitive; catalog aliases such as CEILING
    /// resolve too); nil when the runtime has none.
    public static func implementation(_ name: String) -> ScalarFunction? {
        let upper = name.uppercased()
        if let function = table[upper] { return function }
        // An alias (CEILING → CEIL) resolves through the catalog's canonical name.
        guard let canonical = FunctionCatalog.lookup(upper)?.name else { return nil }
        return table[canonical]
    }

    /// Every implemented name.
    public static var names: [String] { table.keys.sorted() }

    private static let table: [String: ScalarFunction] = {
        var table: [String: ScalarFunction] = [:]
        for part in [StringFunctions.table, NumericFunctions.table, ConditionalFunctions.table, TimeFunctions.table,
                     JSONFunctions.table, RecordFunctions.table] {
            table.merge(part) { first, _ in first }
        }
        return table
    }()
}

/// Building blocks shared by the function files.
enum FunctionSupport {
    /// Wraps a body with an arity check (the planner checks arity; a stored plan or a direct caller
    /// might not) and, when `strict`, SQL's rule that a NULL argument gives NULL.
    static func function(_ name: String, _ arity: ClosedRange<Int>, strict: Bool = true,
                         _ body: @escaping @Sendable ([Value], FunctionContext) -> Value) -> (String, ScalarFunction) {
        (name, { arguments, context in
            guard arity.contains(arguments.count) else {
                return context.fail("\(name) takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)") arguments, got \(arguments.count)")
            }
            if strict, arguments.contains(where: \.isNull) { return .null }
            return body(arguments, context)
        })
    }

    static func table(_ entries: [(String, ScalarFunction)]) -> [String: ScalarFunction] {
        Dictionary(entries, uniquingKeysWith: { first, _ in first })
    }

    /// The text of a non-NULL argument: strings as they are, other values as `CAST(… AS STRING)`
    /// (a schema-less field may hold a number where text is expected).
    static func text(_ value: Value) -> String {
        ValueCast.text(value) ?? ""
    }

    /// An integer argument: integers, and DECIMAL/DOUBLE values without a fraction.
    static func integer(_ value: Value) -> Int64? {
        switch value {
        case .int(let x): x
        case .decimal(let x): x.rescaled(to: 0).flatMap { $0 == x ? $0.int64Value : nil }
        case .double(let x): x.rounded(.towardZero) == x ? Int64(exactly: x) : nil
        case .string(let s): Int64(s)
        default: nil
        }
    }

    /// A String made of Unicode scalars.
    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
