/// The operator-precedence table, loosest first; `Grammar/velo-sql.ebnf` carries the same table.
/// Binary operators at one level associate to the left. The printer uses the same numbers to decide
/// where parentheses are needed.
enum Precedence {
    static let or = 1
    static let and = 2
    /// Prefix `NOT`.
    static let not = 3
    /// `IS [NOT] NULL`.
    static let `is` = 4
    /// `= <> != < <= > >=`.
    static let comparison = 5
    /// `[NOT] BETWEEN`, `[NOT] IN`, `[NOT] LIKE`.
    static let predicate = 6
    /// `||`.
    static let concat = 7
    /// Binary `+ -`.
    static let additive = 8
    /// `* / %`.
    static let multiplicative = 9
    /// Prefix `-` and `+`.
    static let unary = 10
    /// `x[i]`.
    static let postfix = 11
    /// Literals, names, calls, parenthesised expressions.
    static let atom = 12

    static func of(_ op: BinaryOperator) -> Int {
        switch op {
        case .or: or
        case .and: and
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: comparison
        case .concat: concat
        case .add, .subtract: additive
        case .multiply, .divide, .modulo: multiplicative
        }
    }

    static func of(_ expression: Expr) -> Int {
        switch expression.kind {
        case .binary(let op, _, _): of(op)
        case .unary(.not, _): not
        case .unary: unary
        case .isNull: `is`
        case .inList, .inSubquery, .between, .like: predicate
        case .subscript: postfix
        case .literal, .column, .exists, .subquery, .case, .cast, .function, .extract, .array: atom
        }
    }
}
