import VeloCore
import VeloSQL

/// Binds a SELECT list with `f(…) OVER (…)` calls: each call becomes a column after the input row's
/// columns (the analytic operator appends one per call). Every OVER of a query must partition the
/// same way, since one operator keeps the partitions.
final class AnalyticRewriter: ExpressionRewriter {
    let input: ExpressionBinder
    private(set) var calls: [AnalyticCall] = []
    private(set) var partitionBy: [ScalarExpr]?
    private var partitionText: [Expr] = []

    init(inputScope: Scope) {
        input = ExpressionBinder(scope: inputScope, clause: "an OVER clause")
    }

    /// Provisional column of call `index` until the input's width is final (a schema-less source
    /// grows while the list binds): `-1 - index`, fixed up by `resolve(inputWidth:)`.
    static func provisionalColumn(_ index: Int) -> Int { -1 - index }

    func rewrite(_ expression: Expr, binder: ExpressionBinder) throws(SyntaxError) -> ExpressionBinder.Bound? {
        guard case .function(let written) = expression.kind, let over = written.over else { return nil }
        guard let signature = FunctionCatalog.lookup(written.name) else { return nil }
        let span = expression.span
        let partition = try over.partitionBy.map { (item) throws(SyntaxError) in try input.bind(item).expression }
        if let partitionBy, partitionBy != partition {
            throw SyntaxError("every OVER clause of a query must use the same PARTITION BY", at: span,
                              hint: "this one differs from PARTITION BY \(partitionText.map(SQLPrinter.print).joined(separator: ", "))")
        }
        partitionBy = partition
        partitionText = over.partitionBy
        if let first = over.orderBy.first, first.descending {
            throw SyntaxError("a stream's rows arrive in event order: OVER (ORDER BY … DESC) cannot be honoured", at: first.expression.span,
                              hint: "order by the event time ascending")
        }
        let preceding = try framePreceding(over.frame, span: span)
        let name = signature.name
        var call = written
        if call.star { call.arguments = [] }
        func argument(_ index: Int) throws(SyntaxError) -> ExpressionBinder.Bound? {
            index < call.arguments.count ? try input.bind(call.arguments[index]) : nil
        }
        let analytic: AnalyticCall
        switch name {
        case "ROW_NUMBER":
            guard call.arguments.isEmpty else { throw SyntaxError("ROW_NUMBER takes no arguments", at: span) }
            analytic = AnalyticCall(function: .rowNumber, resultType: .bigint)
        case "LAG", "LEAD":
            guard (1...3).contains(call.arguments.count), let value = try argument(0) else {
                throw SyntaxError("\(name) takes 1 to 3 arguments: \(name)(value [, offset [, default]])", at: span)
            }
            var offset = 1
            if call.arguments.count >= 2 {
                guard case .literal(.integer(let text)) = call.arguments[1].kind, let count = Int(text), count >= 0, count <= 10_000 else {
                    throw SyntaxError("\(name)'s offset must be a whole number from 0 to 10000", at: call.arguments[1].span)
                }
                offset = count
            }
            let fallback = try argument(2)
            analytic = AnalyticCall(function: name == "LAG" ? .lag : .lead, argument: value.expression, offset: offset,
                                    defaultValue: fallback?.expression, resultType: value.type)
        case "SUM", "AVG", "MIN", "MAX", "COUNT":
            if call.distinct { throw SyntaxError("\(name)(DISTINCT …) OVER (…) is not supported", at: span, hint: "drop DISTINCT") }
            if call.filter != nil { throw SyntaxError("FILTER is not supported with OVER", at: span) }
            if call.star && name != "COUNT" { throw SyntaxError("only COUNT takes *", at: span, hint: "\(name)(column)") }
            let value = call.star ? nil : try argument(0)
            if !call.star && (value == nil || call.arguments.count != 1) {
                throw SyntaxError("\(name) takes one argument", at: span)
            }
            let type: SQLType
            switch signature.resultType(value.map { [$0.type] } ?? []) {
            case .success(let result): type = result
            case .failure(let problem):
                throw SyntaxError("\(name) argument 1 must be \(problem.expected), found \(problem.found)", at: span, hint: signature.summary)
            }
            let function: AnalyticCall.Function = switch name {
            case "SUM": .sum
            case "AVG": .avg
            case "MIN": .min
            case "MAX": .max
            default: call.star ? .countRows : .count
            }
            analytic = AnalyticCall(function: function, argument: value?.expression, preceding: preceding, resultType: type)
        default:
            throw SyntaxError("\(name) … OVER (…) is not supported", at: span,
                              hint: "OVER takes LAG, LEAD, ROW_NUMBER, SUM, AVG, MIN, MAX and COUNT")
        }
        calls.append(analytic)
        return ExpressionBinder.Bound(expression: .column(Self.provisionalColumn(calls.count - 1)), type: analytic.resultType)
    }

    /// `ROWS BETWEEN n PRECEDING AND CURRENT ROW` → n; unbounded (or no frame) → nil.
    private func framePreceding(_ frame: WindowSpecification.Frame?, span: SourceSpan) throws(SyntaxError) -> Int? {
        guard let frame else { return nil }
        guard frame.unit == .rows else {
            throw SyntaxError("RANGE frames are not supported", at: span, hint: "ROWS BETWEEN n PRECEDING AND CURRENT ROW")
        }
        if let end = frame.end, end != .currentRow {
            throw SyntaxError("a frame of a stream ends at the current row", at: span, hint: "ROWS BETWEEN n PRECEDING AND CURRENT ROW")
        }
        switch frame.start {
        case .unboundedPreceding: return nil
        case .currentRow: return 0
        case .preceding(let count):
            guard case .literal(.integer(let text)) = count.kind, let rows = Int(text), rows >= 0, rows <= 100_000 else {
                throw SyntaxError("the frame's PRECEDING count must be a whole number from 0 to 100000", at: count.span)
            }
            return rows
        case .following, .unboundedFollowing:
            throw SyntaxError("a frame of a stream cannot look ahead", at: span, hint: "ROWS BETWEEN n PRECEDING AND CURRENT ROW (LEAD reads a later row)")
        }
    }
}

extension ScalarExpr {
    /// The expression with every column reference renumbered.
    func mappingColumns(_ transform: (Int) -> Int) -> ScalarExpr {
        switch self {
        case .column(let index): .column(transform(index))
        case .literal, .system: self
        case .field(let base, let name): .field(base.mappingColumns(transform), name)
        case .subscript(let base, let index): .subscript(base.mappingColumns(transform), index.mappingColumns(transform))
        case .unary(let op, let operand): .unary(op, operand.mappingColumns(transform))
        case .binary(let op, let left, let right): .binary(op, left.mappingColumns(transform), right.mappingColumns(transform))
        case .isNull(let operand, let negated): .isNull(operand.mappingColumns(transform), negated: negated)
        case .inList(let operand, let items, let negated):
            .inList(operand.mappingColumns(transform), items.map { $0.mappingColumns(transform) }, negated: negated)
        case .like(let operand, let pattern, let negated):
            .like(operand.mappingColumns(transform), pattern: pattern.mappingColumns(transform), negated: negated)
        case .caseWhen(let branches, let otherwise):
            .caseWhen(branches.map { ScalarExpr.Branch(condition: $0.condition.mappingColumns(transform), result: $0.result.mappingColumns(transform)) },
                      otherwise: otherwise?.mappingColumns(transform))
        case .cast(let operand, let type): .cast(operand.mappingColumns(transform), type)
        case .call(let name, let arguments): .call(name, arguments.map { $0.mappingColumns(transform) })
        case .array(let items): .array(items.map { $0.mappingColumns(transform) })
        }
    }
}
