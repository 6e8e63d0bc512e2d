/// Writes expressions on one line, with the fewest parentheses that keep the tree the same under the
/// precedence table of `Precedence`.
enum ExpressionPrinter {
    static func print(_ expression: Expr) -> String {
        switch expression.kind {
        case .literal(let literal):
            return SQLText.literal(literal)
        case .column(let path):
            return path.map(SQLText.identifier).joined(separator: ".")
        case .unary(.not, let operand):
            return "NOT " + child(operand, atLeast: Precedence.not)
        case .unary(let op, let operand):
            // `-(-x)`, never `--x`, which would start a comment.
            if case .unary = operand.kind { return op.rawValue + "(" + print(operand) + ")" }
            return op.rawValue + child(operand, atLeast: Precedence.unary)
        case .binary(let op, let left, let right):
            let level = Precedence.of(op)
            return child(left, atLeast: level) + " \(op.rawValue) " + child(right, atLeast: level + 1)
        case .isNull(let operand, let negated):
            return child(operand, atLeast: Precedence.is) + (negated ? " IS NOT NULL" : " IS NULL")
        case .inList(let operand, let items, let negated):
            return child(operand, atLeast: Precedence.predicate) + (negated ? " NOT IN (" : " IN (") + items.map(print).joined(separator: ", ") + ")"
        case .inSubquery(let operand, let query, let negated):
            return child(operand, atLeast: Precedence.predicate) + (negated ? " NOT IN (" : " IN (") + QueryPrinter.inline(query) + ")"
        case .between(let operand, let low, let high, let negated):
            return child(operand, atLeast: Precedence.predicate) + (negated ? " NOT BETWEEN " : " BETWEEN ")
                + child(low, atLeast: Precedence.predicate + 1) + " AND " + child(high, atLeast: Precedence.predicate + 1)
        case .like(let operand, let pattern, let negated):
            return child(operand, atLeast: Precedence.predicate) + (negated ? " NOT LIKE " : " LIKE ") + child(pattern, atLeast: Precedence.predicate + 1)
        case .exists(let query):
            return "EXISTS (" + QueryPrinter.inline(query) + ")"
        case .subquery(let query):
            return "(" + QueryPrinter.inline(query) + ")"
        case .case(let operand, let branches, let otherwise):
            var text = "CASE"
            if let operand { text += " " + print(operand) }
            for branch in branches { text += " WHEN \(print(branch.condition)) THEN \(print(branch.result))" }
            if let otherwise { text += " ELSE " + print(otherwise) }
            return text + " END"
        case .cast(let value, let type):
            return "CAST(\(print(value)) AS \(SQLText.dataType(type)))"
        case .function(let call):
            return function(call)
        case .extract(let field, let value):
            return "EXTRACT(\(SQLText.identifier(field)) FROM \(print(value)))"
        case .array(let items):
            return "ARRAY[" + items.map(print).joined(separator: ", ") + "]"
        case .subscript(let base, let index):
            return child(base, atLeast: Precedence.postfix) + "[" + print(index) + "]"
        }
    }

    /// `expression`, parenthesised when it binds looser than its place requires.
    private static func child(_ expression: Expr, atLeast level: Int) -> String {
        Precedence.of(expression) < level ? "(" + print(expression) + ")" : print(expression)
    }

    private static func function(_ call: FunctionCall) -> String {
        let name = ["LEFT", "RIGHT"].contains(call.name) ? call.name : SQLText.identifier(call.name)
        var text = name + "("
        if call.star {
            text += "*"
        } else {
            if call.distinct { text += "DISTINCT " }
            if call.inSyntax, call.arguments.count == 2 {
                text += child(call.arguments[0], atLeast: Precedence.predicate + 1) + " IN " + print(call.arguments[1])
            } else if call.name == "POSITION", let first = call.arguments.first {
                // `POSITION(a IN (…))` would read as the IN form: a first argument holding IN is bracketed.
                text += ([child(first, atLeast: Precedence.predicate + 1)] + call.arguments.dropFirst().map(print)).joined(separator: ", ")
            } else {
                text += call.arguments.map(print).joined(separator: ", ")
            }
        }
        text += ")"
        if let filter = call.filter { text += " FILTER (WHERE \(print(filter)))" }
        if let over = call.over { text += " OVER (" + windowSpecification(over) + ")" }
        return text
    }

    static func windowSpecification(_ specification: WindowSpecification) -> String {
        var parts: [String] = []
        if !specification.partitionBy.isEmpty {
            parts.append("PARTITION BY " + specification.partitionBy.map(print).joined(separator: ", "))
        }
        if !specification.orderBy.isEmpty {
            parts.append("ORDER BY " + orderItems(specification.orderBy))
        }
        if let frame = specification.frame {
            if let end = frame.end {
                parts.append("\(frame.unit.rawValue) BETWEEN \(bound(frame.start)) AND \(bound(end))")
            } else {
                parts.append("\(frame.unit.rawValue) \(bound(frame.start))")
            }
        }
        return parts.joined(separator: " ")
    }

    private static func bound(_ bound: WindowSpecification.Bound) -> String {
        switch bound {
        case .unboundedPreceding: "UNBOUNDED PRECEDING"
        case .preceding(let offset): child(offset, atLeast: Precedence.and + 1) + " PRECEDING"
        case .currentRow: "CURRENT ROW"
        case .following(let offset): child(offset, atLeast: Precedence.and + 1) + " FOLLOWING"
        case .unboundedFollowing: "UNBOUNDED FOLLOWING"
        }
    }

    static func orderItems(_ items: [OrderItem]) -> String {
        items.map { print($0.expression) + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
    }
}
