import VeloCore
import VeloSQL

extension Expr {
    /// Whether this expression or any part of it (not looking into subqueries) satisfies `test`.
    func contains(where test: (Expr) -> Bool) -> Bool {
        if test(self) { return true }
        let parts: [Expr]
        switch kind {
        case .literal, .column, .exists, .subquery: parts = []
        case .unary(_, let operand), .isNull(let operand, _), .cast(let operand, _), .extract(_, let operand): parts = [operand]
        case .inSubquery(let operand, _, _): parts = [operand]
        case .binary(_, let left, let right): parts = [left, right]
        case .inList(let operand, let items, _): parts = [operand] + items
        case .between(let operand, let low, let high, _): parts = [operand, low, high]
        case .like(let operand, let pattern, _): parts = [operand, pattern]
        case .case(let operand, let branches, let otherwise):
            parts = [operand].compactMap { $0 } + branches.flatMap { [$0.condition, $0.result] } + [otherwise].compactMap { $0 }
        case .function(let call): parts = call.arguments + [call.filter].compactMap { $0 }
        case .array(let items): parts = items
        case .subscript(let base, let index): parts = [base, index]
        }
        return parts.contains { $0.contains(where: test) }
    }

    /// An aggregate call without OVER: what makes a SELECT list a GROUP BY query's.
    var containsAggregate: Bool {
        contains { expression in
            guard case .function(let call) = expression.kind, call.over == nil else { return false }
            return FunctionCatalog.lookup(call.name)?.kind == .aggregate
        }
    }

    /// An `f(…) OVER (…)` call.
    var containsAnalytic: Bool {
        contains { expression in
            if case .function(let call) = expression.kind { return call.over != nil }
            return false
        }
    }
}
