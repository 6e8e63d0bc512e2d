import VeloCore
import VeloSQL

/// Binds the SELECT list and HAVING of a GROUP BY query over the aggregate operator's output row:
/// the group keys, then `_window_start`/`_window_end` (windowed queries), then one column per
/// distinct aggregate call. A bare column must be a group key, as SQL says.
final class AggregationRewriter: ExpressionRewriter {
    struct Key {
        var expression: Expr
        var bound: ExpressionBinder.Bound
        var name: String
    }

    let keys: [Key]
    let windowed: Bool
    /// Binds aggregate arguments and FILTER conditions over the input row.
    let input: ExpressionBinder
    private(set) var calls: [AggregateCall] = []

    init(keys: [Key], windowed: Bool, inputScope: Scope) {
        self.keys = keys
        self.windowed = windowed
        input = ExpressionBinder(scope: inputScope, clause: "an aggregate's argument")
    }

    var windowColumns: Int { windowed ? 2 : 0 }

    /// The aggregate output's columns, once every call is bound.
    var outputColumns: [Schema.Column] {
        var columns = keys.map { Schema.Column(name: $0.name, type: $0.bound.type) }
        if windowed {
            columns.append(Schema.Column(name: SystemColumn.windowStart.rawValue, type: .timestamp))
            columns.append(Schema.Column(name: SystemColumn.windowEnd.rawValue, type: .timestamp))
        }
        for (index, call) in calls.enumerated() { columns.append(Schema.Column(name: "_agg\(index)", type: call.resultType)) }
        return columns
    }

    func rewrite(_ expression: Expr, binder: ExpressionBinder) throws(SyntaxError) -> ExpressionBinder.Bound? {
        if let index = keys.firstIndex(where: { $0.expression == expression }) {
            return ExpressionBinder.Bound(expression: .column(index), type: keys[index].bound.type)
        }
        switch expression.kind {
        case .function(let call) where call.over != nil:
            throw SyntaxError("\(call.name) … OVER (…) cannot be mixed with GROUP BY in one query", at: expression.span,
                              hint: "compute the OVER column in a subquery or CTE, and group its result")
        case .function(let call) where call.over == nil && FunctionCatalog.lookup(call.name)?.kind == .aggregate:
            return try bindAggregate(call, span: expression.span)
        case .column(let path):
            return try bindColumn(path, span: expression.span)
        default:
            return nil
        }
    }

    private func bindColumn(_ path: [String], span: SourceSpan) throws(SyntaxError) -> ExpressionBinder.Bound {
        let name = path.last ?? ""
        if path.count == 1, let system = SystemColumn(name: name), system == .windowStart || system == .windowEnd {
            guard windowed else {
                throw SyntaxError("\(name) exists only in a windowed query", at: span, hint: "add WINDOW TUMBLING(…) to the GROUP BY query")
            }
            return ExpressionBinder.Bound(expression: .column(keys.count + (system == .windowStart ? 0 : 1)), type: .timestamp)
        }
        // `GROUP BY t.symbol` with `SELECT symbol` (or the other way round) names the same key.
        if let index = keys.firstIndex(where: { key in
            if case .column(let keyPath) = key.expression.kind { return keyPath.last == name }
            return false
        }) {
            return ExpressionBinder.Bound(expression: .column(index), type: keys[index].bound.type)
        }
        let keyNames = keys.map { "'\($0.name)'" }.joined(separator: ", ")
        throw SyntaxError("column '\(path.joined(separator: "."))' is neither a GROUP BY key nor inside an aggregate", at: span,
                          hint: keys.isEmpty ? "aggregate it (e.g. MAX(\(name))) or add GROUP BY \(name)"
                                             : "group by it too, or aggregate it (e.g. LAST_VALUE(\(name))); the keys are \(keyNames)")
    }

    private func bindAggregate(_ call: FunctionCall, span: SourceSpan) throws(SyntaxError) -> ExpressionBinder.Bound {
        guard let signature = FunctionCatalog.lookup(call.name) else { return ExpressionBinder.Bound(expression: .literal(.null), type: .any) }
        let name = signature.name
        if call.star && name != "COUNT" {
            throw SyntaxError("only COUNT takes *", at: span, hint: "\(name)(column)")
        }
        let argumentCount = call.star ? 0 : call.arguments.count
        let arity = name == "COUNT" ? (call.star ? 0...0 : 1...1) : signature.arity
        guard arity.contains(argumentCount) else {
            throw SyntaxError("\(name) takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)") argument\(arity.upperBound == 1 ? "" : "s"), found \(argumentCount)",
                              at: span, hint: signature.summary)
        }
        var arguments: [ExpressionBinder.Bound] = []
        for argument in call.arguments where !call.star {
            arguments.append(try input.bind(argument))
        }
        // The second argument of PERCENTILE_CONT and STRING_AGG is a constant of the call.
        if arguments.count == 2 {
            guard case .literal = arguments[1].expression else {
                throw SyntaxError("\(name)'s second argument must be a constant", at: call.arguments[1].span, hint: signature.summary)
            }
            if name == "PERCENTILE_CONT" {
                guard case .literal(let value) = arguments[1].expression, let p = Self.fraction(value), p >= 0, p <= 1 else {
                    throw SyntaxError("PERCENTILE_CONT's fraction must be between 0 and 1", at: call.arguments[1].span, hint: "PERCENTILE_CONT(price, 0.95)")
                }
            }
        }
        let resultType: SQLType
        switch signature.resultType(arguments.map(\.type)) {
        case .success(let type): resultType = type
        case .failure(let problem):
            let place = problem.argument < call.arguments.count ? call.arguments[problem.argument].span : span
            throw SyntaxError("\(name) argument \(problem.argument + 1) must be \(problem.expected), found \(problem.found)", at: place, hint: signature.summary)
        }
        let function: AggregateFunction
        switch name {
        case "COUNT": function = call.star ? .countRows : call.distinct ? .countDistinct : .count
        case "COUNT_DISTINCT": function = .countDistinct
        default:
            guard let known = AggregateFunction(rawValue: name) else {
                throw SyntaxError("\(name) is not an aggregate this engine runs", at: span)
            }
            function = known
        }
        var filter: ScalarExpr?
        if let condition = call.filter {
            let bound = try input.bind(condition)
            guard bound.type == .boolean || bound.type == .any else {
                throw SyntaxError("FILTER (WHERE …) needs a BOOLEAN condition, found \(bound.type)", at: condition.span, hint: "compare it, e.g. x > 0")
            }
            filter = bound.expression
        }
        let aggregate = AggregateCall(
            function: function, arguments: arguments.map(\.expression), distinct: call.distinct || function == .countDistinct, filter: filter,
            inputType: arguments.first?.type ?? .bigint, resultType: resultType)
        let index: Int
        if let existing = calls.firstIndex(of: aggregate) {
            index = existing
        } else {
            calls.append(aggregate)
            index = calls.count - 1
        }
        return ExpressionBinder.Bound(expression: .column(keys.count + windowColumns + index), type: aggregate.resultType)
    }

    private static func fraction(_ value: Value) -> Double? {
        switch value {
        case .int(let integer): Double(integer)
        case .double(let double): double
        case .decimal(let decimal): decimal.doubleValue
        default: nil
        }
    }
}
