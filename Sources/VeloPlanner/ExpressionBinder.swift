import VeloCore
import VeloSQL

/// Binds syntax-tree expressions to typed `ScalarExpr`s over a scope, checking names and types.
/// Every error names the place in the SQL and, where it can, what was meant.
struct ExpressionBinder {
    var scope: Scope
    /// Where the expression sits, for the aggregate error ("… not allowed in WHERE").
    var clause: String
    /// Over an aggregate's or analytic operator's output: decides group keys, aggregate calls and
    /// OVER calls before the ordinary rules (nil for plain row expressions).
    var rewriter: (any ExpressionRewriter)?

    init(scope: Scope, clause: String, rewriter: (any ExpressionRewriter)? = nil) {
        self.scope = scope
        self.clause = clause
        self.rewriter = rewriter
    }

    struct Bound {
        var expression: ScalarExpr
        var type: SQLType
    }

    func bind(_ expression: Expr) throws(SyntaxError) -> Bound {
        if let rewriter, let bound = try rewriter.rewrite(expression, binder: self) { return bound }
        switch expression.kind {
        case .literal(let literal):
            let (value, type) = TypeConversion.literalValue(literal)
            if case .timestamp(let text) = literal, value.isNull {
                throw SyntaxError("'\(text)' is not a timestamp", at: expression.span, hint: "write TIMESTAMP '2024-01-01 10:00:00' or '2024-01-01T10:00:00Z'")
            }
            if case .date(let text) = literal, value.isNull {
                throw SyntaxError("'\(text)' is not a date", at: expression.span, hint: "write DATE '2024-01-01'")
            }
            return Bound(expression: .literal(value), type: type)
        case .column(let path):
            return try bindColumn(path, span: expression.span)
        case .unary(let op, let operand):
            let bound = try bind(operand)
            switch op {
            case .not:
                try expectBoolean(bound, operand, "NOT")
                return Bound(expression: .unary(.not, bound.expression), type: .boolean)
            case .minus:
                guard bound.type.isNumeric || bound.type == .interval || bound.type == .any else {
                    throw SyntaxError("cannot negate a \(bound.type)", at: expression.span, hint: "'-' applies to numbers and intervals")
                }
                return Bound(expression: .unary(.negate, bound.expression), type: bound.type)
            case .plus:
                return bound
            }
        case .binary(let op, let left, let right):
            return try bindBinary(op, left, right, span: expression.span)
        case .isNull(let operand, let negated):
            return Bound(expression: .isNull(try bind(operand).expression, negated: negated), type: .boolean)
        case .inList(let operand, let items, let negated):
            let value = try bind(operand)
            var bound: [ScalarExpr] = []
            for item in items {
                let element = try bind(item)
                guard TypeRules.comparable(value.type, element.type) else {
                    throw mismatch("IN", value.type, element.type, at: item.span)
                }
                bound.append(element.expression)
            }
            return Bound(expression: .inList(value.expression, bound, negated: negated), type: .boolean)
        case .between(let operand, let low, let high, let negated):
            let value = try bind(operand)
            let lower = try bind(low)
            let upper = try bind(high)
            for (other, span) in [(lower, low.span), (upper, high.span)] where !TypeRules.comparable(value.type, other.type) {
                throw mismatch("BETWEEN", value.type, other.type, at: span)
            }
            // x BETWEEN a AND b is a <= x AND x <= b (x is evaluated twice; it has no side effects).
            let inside = ScalarExpr.binary(.and, .binary(.greaterOrEqual, value.expression, lower.expression),
                                           .binary(.lessOrEqual, value.expression, upper.expression))
            return Bound(expression: negated ? .unary(.not, inside) : inside, type: .boolean)
        case .like(let operand, let pattern, let negated):
            let value = try bind(operand)
            let bound = try bind(pattern)
            for (side, span) in [(value, operand.span), (bound, pattern.span)] where side.type != .string && side.type != .any {
                throw SyntaxError("LIKE compares strings, found \(side.type)", at: span, hint: "CAST(… AS STRING) first")
            }
            return Bound(expression: .like(value.expression, pattern: bound.expression, negated: negated), type: .boolean)
        case .case(let operand, let branches, let otherwise):
            return try bindCase(operand, branches, otherwise, span: expression.span)
        case .cast(let value, let type):
            let bound = try bind(value)
            let target = TypeConversion.sqlType(type)
            guard TypeRules.canCast(from: bound.type, to: target) else {
                throw SyntaxError("cannot CAST \(bound.type) to \(target)", at: expression.span)
            }
            return Bound(expression: .cast(bound.expression, target), type: target)
        case .function(let call):
            return try bindCall(call, span: expression.span)
        case .extract(let field, let value):
            let bound = try bind(value)
            guard [.timestamp, .date, .any].contains(bound.type) else {
                throw SyntaxError("EXTRACT reads a TIMESTAMP or DATE, found \(bound.type)", at: value.span)
            }
            return Bound(expression: .call("EXTRACT", [.literal(.string(field.uppercased())), bound.expression]), type: .bigint)
        case .array(let items):
            let bound = try items.map { (item) throws(SyntaxError) in try bind(item) }
            let element = TypeRules.commonType(bound.map(\.type)) ?? .any
            return Bound(expression: .array(bound.map(\.expression)), type: .array(element))
        case .subscript(let base, let index):
            let container = try bind(base)
            let key = try bind(index)
            let type: SQLType = switch container.type {
            case .array(let element): element
            case .map(let value): value
            default: .any
            }
            return Bound(expression: .subscript(container.expression, key.expression), type: type)
        case .exists, .subquery, .inSubquery:
            throw SyntaxError("subqueries read tables, and tables arrive with joins and state", at: expression.span,
                              hint: "this version runs stateless queries: filters, projections, UNION ALL, DISTINCT, LIMIT")
        }
    }

    // MARK: - Pieces

    private func bindColumn(_ path: [String], span: SourceSpan) throws(SyntaxError) -> Bound {
        var names = path[...]
        if names.count > 1, let first = names.first, scope.qualifiers.contains(first) {
            names = names.dropFirst()
        }
        guard let name = names.first else { throw SyntaxError("empty column name", at: span) }
        let column: ScalarExpr
        var type: SQLType
        if let system = SystemColumn(name: name), scope.columns.first(where: { $0.name == name }) == nil {
            if system == .windowStart || system == .windowEnd {
                throw SyntaxError("\(name) exists only in a windowed query", at: span, hint: "add WINDOW TUMBLING(…) with GROUP BY")
            }
            column = .system(system)
            type = system.type
        } else if let resolved = scope.resolve(name) {
            column = .column(resolved.index)
            type = resolved.type
        } else {
            let suggestions = scope.closest(to: name)
            throw SyntaxError(
                "unknown column '\(name)'", at: span,
                hint: suggestions.isEmpty
                    ? "the columns here are: \(scope.columns.map(\.name).joined(separator: ", "))"
                    : "did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?")
        }
        var expression = column
        for field in names.dropFirst() {
            expression = .field(expression, field)
            if case .struct(let fields) = type, let match = fields.first(where: { $0.name == field }) {
                type = match.type
            } else if case .struct(let fields) = type {
                throw SyntaxError("no field '\(field)' in \(type)", at: span, hint: "fields: \(fields.map(\.name).joined(separator: ", "))")
            } else {
                type = .any
            }
        }
        return Bound(expression: expression, type: type)
    }

    private func bindBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, span: SourceSpan) throws(SyntaxError) -> Bound {
        let lhs = try bind(left)
        let rhs = try bind(right)
        switch op {
        case .and, .or:
            try expectBoolean(lhs, left, op.rawValue)
            try expectBoolean(rhs, right, op.rawValue)
            return Bound(expression: .binary(op == .and ? .and : .or, lhs.expression, rhs.expression), type: .boolean)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard TypeRules.comparable(lhs.type, rhs.type) else { throw mismatch(op.rawValue, lhs.type, rhs.type, at: span) }
            let mapped: ScalarExpr.BinaryOp = switch op {
            case .equal: .equal
            case .notEqual: .notEqual
            case .less: .less
            case .lessOrEqual: .lessOrEqual
            case .greater: .greater
            default: .greaterOrEqual
            }
            return Bound(expression: .binary(mapped, lhs.expression, rhs.expression), type: .boolean)
        case .concat:
            return Bound(expression: .binary(.concat, lhs.expression, rhs.expression), type: .string)
        case .add, .subtract, .multiply, .divide, .modulo:
            let mapped: ScalarExpr.BinaryOp = switch op {
            case .add: .add
            case .subtract: .subtract
            case .multiply: .multiply
            case .divide: .divide
            default: .modulo
            }
            guard let type = TypeRules.arithmetic(mapped, lhs.type, rhs.type) else {
                throw mismatch(op.rawValue, lhs.type, rhs.type, at: span)
            }
            return Bound(expression: .binary(mapped, lhs.expression, rhs.expression), type: type)
        }
    }

    private func bindCase(_ operand: Expr?, _ branches: [CaseBranch], _ otherwise: Expr?, span: SourceSpan) throws(SyntaxError) -> Bound {
        let subject = try operand.map { (operand) throws(SyntaxError) in try bind(operand) }
        var bound: [ScalarExpr.Branch] = []
        var types: [SQLType] = []
        for branch in branches {
            var condition = try bind(branch.condition)
            if let subject {
                guard TypeRules.comparable(subject.type, condition.type) else {
                    throw mismatch("CASE … WHEN", subject.type, condition.type, at: branch.condition.span)
                }
                condition = Bound(expression: .binary(.equal, subject.expression, condition.expression), type: .boolean)
            } else {
                try expectBoolean(condition, branch.condition, "WHEN")
            }
            let result = try bind(branch.result)
            types.append(result.type)
            bound.append(ScalarExpr.Branch(condition: condition.expression, result: result.expression))
        }
        let fallback = try otherwise.map { (otherwise) throws(SyntaxError) in try bind(otherwise) }
        if let fallback { types.append(fallback.type) }
        guard let type = TypeRules.commonType(types) else {
            throw SyntaxError("CASE branches have no common type: \(types.map(\.description).joined(separator: ", "))", at: span,
                              hint: "CAST the branches to one type")
        }
        return Bound(expression: .caseWhen(bound, otherwise: fallback?.expression), type: type)
    }

    private func bindCall(_ call: FunctionCall, span: SourceSpan) throws(SyntaxError) -> Bound {
        guard let signature = FunctionCatalog.lookup(call.name) else {
            let suggestions = FunctionCatalog.closest(to: call.name)
            throw SyntaxError("unknown function \(call.name)", at: span,
                              hint: suggestions.isEmpty ? "SHOW FUNCTIONS lists them" : "did you mean \(suggestions.joined(separator: " or "))?")
        }
        switch signature.kind {
        case .aggregate where call.over == nil:
            throw SyntaxError(
                "aggregate function \(call.name) is not allowed in \(clause)", at: span,
                hint: clause == "WHERE" ? "filter groups with HAVING" : "aggregates belong in the SELECT list and HAVING of a query")
        case .aggregate, .analytic:
            throw SyntaxError(call.over == nil ? "\(call.name) needs OVER (PARTITION BY … ORDER BY …)" : "\(call.name) … OVER (…) is not allowed in \(clause)",
                              at: span, hint: "analytic functions belong in the SELECT list of a query without GROUP BY")
        case .scalar:
            break
        }
        if call.distinct || call.star || call.filter != nil || call.over != nil {
            throw SyntaxError("\(call.name) is a scalar function: DISTINCT, *, FILTER and OVER belong to aggregates", at: span)
        }
        guard signature.arity.contains(call.arguments.count) else {
            let expected = signature.arity.lowerBound == signature.arity.upperBound
                ? "\(signature.arity.lowerBound)"
                : signature.arity.upperBound >= FunctionCatalog.maxArguments
                    ? "at least \(signature.arity.lowerBound)"
                    : "\(signature.arity.lowerBound) to \(signature.arity.upperBound)"
            throw SyntaxError("\(call.name) takes \(expected) argument\(signature.arity.upperBound == 1 ? "" : "s"), found \(call.arguments.count)", at: span,
                              hint: signature.summary)
        }
        let arguments = try call.arguments.map { (argument) throws(SyntaxError) in try bind(argument) }
        switch signature.resultType(arguments.map(\.type)) {
        case .success(let type):
            return Bound(expression: .call(signature.name, arguments.map(\.expression)), type: type)
        case .failure(let problem):
            let place = problem.argument < call.arguments.count ? call.arguments[problem.argument].span : span
            throw SyntaxError("\(call.name) argument \(problem.argument + 1) must be \(problem.expected), found \(problem.found)", at: place, hint: signature.summary)
        }
    }

    private func expectBoolean(_ bound: Bound, _ expression: Expr, _ context: String) throws(SyntaxError) {
        guard bound.type == .boolean || bound.type == .any else {
            throw SyntaxError("\(context) needs a BOOLEAN, found \(bound.type)", at: expression.span, hint: "compare it, e.g. x > 0")
        }
    }

    private func mismatch(_ op: String, _ left: SQLType, _ right: SQLType, at span: SourceSpan) -> SyntaxError {
        SyntaxError("type mismatch: \(left) \(op) \(right)", at: span, hint: "CAST one side so both are comparable")
    }
}
