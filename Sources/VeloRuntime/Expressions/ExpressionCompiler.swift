import VeloCore

/// A compiled expression: evaluates against one record.
public typealias Evaluator = @Sendable (Record) -> Value

/// Compiles `ScalarExpr` trees into closures once per job, so records are never interpreted from the
/// tree: each node becomes a closure holding its children's closures and pre-resolved constants
/// (a literal LIKE pattern is compiled once, a function is looked up once).
public struct ExpressionCompiler {
    public let context: FunctionContext
    /// True once an expression reads record headers (HEADER, HAS_HEADER): the operator then hands
    /// each record's headers to the context before evaluating.
    public private(set) var needsHeaders = false

    public init(context: FunctionContext) {
        self.context = context
    }

    public enum CompileError: Error, CustomStringConvertible {
        case unknownFunction(String)

        public var description: String {
            switch self {
            case .unknownFunction(let name): "the runtime has no implementation of \(name)"
            }
        }
    }

    public mutating func compile(_ expression: ScalarExpr) throws(CompileError) -> Evaluator {
        let evaluation = context.evaluation
        switch expression {
        case .column(let index):
            return { record in index < record.values.count ? record.values[index] : .null }
        case .literal(let value):
            return { _ in value }
        case .system(let column):
            return Self.system(column)
        case .field(let base, let name):
            let inner = try compile(base)
            return { record in inner(record).field(name) ?? .null }
        case .subscript(let base, let index):
            let container = try compile(base)
            let key = try compile(index)
            return { record in Self.subscriptValue(container(record), key(record)) }
        case .unary(.not, let operand):
            let inner = try compile(operand)
            return { record in SQLLogic.not(inner(record)) }
        case .unary(.negate, let operand):
            let inner = try compile(operand)
            return { record in ValueArithmetic.negate(inner(record), context: evaluation) }
        case .binary(let op, let left, let right):
            return try binary(op, try compile(left), try compile(right))
        case .isNull(let operand, let negated):
            let inner = try compile(operand)
            return { record in .boolean(inner(record).isNull != negated) }
        case .inList(let operand, let items, let negated):
            let value = try compile(operand)
            let candidates = try items.map { (item) throws(CompileError) in try compile(item) }
            return { record in
                // x IN (a, b) is x = a OR x = b, with SQL's NULL rules.
                let subject = value(record)
                if subject.isNull { return .null }
                var sawNull = false
                for candidate in candidates {
                    switch ValueComparison.equals(subject, candidate(record)) {
                    case .boolean(true): return .boolean(!negated)
                    case .null: sawNull = true
                    default: break
                    }
                }
                return sawNull ? .null : .boolean(negated)
            }
        case .like(let operand, let pattern, let negated):
            let value = try compile(operand)
            if case .literal(.string(let text)) = pattern {
                let compiled = LikePattern(pattern: text)
                return { record in
                    guard case .string(let subject) = value(record) else { return .null }
                    return .boolean(compiled.matches(subject) != negated)
                }
            }
            let patternValue = try compile(pattern)
            return { record in
                guard case .string(let subject) = value(record), case .string(let text) = patternValue(record) else { return .null }
                return .boolean(LikePattern(pattern: text).matches(subject) != negated)
            }
        case .caseWhen(let branches, let otherwise):
            let compiled = try branches.map { (branch) throws(CompileError) in (try compile(branch.condition), try compile(branch.result)) }
            let fallback = try otherwise.map { (otherwise) throws(CompileError) in try compile(otherwise) }
            return { record in
                for (condition, result) in compiled where SQLLogic.isTrue(condition(record)) { return result(record) }
                return fallback?(record) ?? .null
            }
        case .cast(let operand, let type):
            let inner = try compile(operand)
            return { record in ValueCast.cast(inner(record), to: type, context: evaluation) }
        case .call(let name, let arguments):
            guard let function = ScalarFunctionLibrary.implementation(name) else { throw .unknownFunction(name) }
            if name == "HEADER" || name == "HAS_HEADER" { needsHeaders = true }
            let compiled = try arguments.map { (argument) throws(CompileError) in try compile(argument) }
            let context = self.context
            switch compiled.count {
            case 0: return { _ in function([], context) }
            case 1:
                let first = compiled[0]
                return { record in function([first(record)], context) }
            case 2:
                let first = compiled[0]
                let second = compiled[1]
                return { record in function([first(record), second(record)], context) }
            default:
                return { record in function(compiled.map { $0(record) }, context) }
            }
        case .array(let items):
            let compiled = try items.map { (item) throws(CompileError) in try compile(item) }
            return { record in .array(compiled.map { $0(record) }) }
        }
    }

    private func binary(_ op: ScalarExpr.BinaryOp, _ left: @escaping Evaluator, _ right: @escaping Evaluator) throws(CompileError) -> Evaluator {
        let evaluation = context.evaluation
        switch op {
        case .and:
            // FALSE AND anything is FALSE without evaluating the right side.
            return { record in
                let lhs = left(record)
                if case .boolean(false) = lhs { return lhs }
                return SQLLogic.and(lhs, right(record))
            }
        case .or:
            return { record in
                let lhs = left(record)
                if case .boolean(true) = lhs { return lhs }
                return SQLLogic.or(lhs, right(record))
            }
        case .equal:
            return { record in ValueComparison.equals(left(record), right(record)) }
        case .notEqual:
            return { record in SQLLogic.not(ValueComparison.equals(left(record), right(record))) }
        case .less:
            return { record in Self.compared(left(record), right(record)) { $0 < 0 } }
        case .lessOrEqual:
            return { record in Self.compared(left(record), right(record)) { $0 <= 0 } }
        case .greater:
            return { record in Self.compared(left(record), right(record)) { $0 > 0 } }
        case .greaterOrEqual:
            return { record in Self.compared(left(record), right(record)) { $0 >= 0 } }
        case .add:
            return { record in ValueArithmetic.add(left(record), right(record), context: evaluation) }
        case .subtract:
            return { record in ValueArithmetic.subtract(left(record), right(record), context: evaluation) }
        case .multiply:
            return { record in ValueArithmetic.multiply(left(record), right(record), context: evaluation) }
        case .divide:
            return { record in ValueArithmetic.divide(left(record), right(record), context: evaluation) }
        case .modulo:
            return { record in ValueArithmetic.modulo(left(record), right(record), context: evaluation) }
        case .concat:
            return { record in ValueArithmetic.concat(left(record), right(record)) }
        }
    }

    @inline(__always)
    private static func compared(_ lhs: Value, _ rhs: Value, _ test: (Int) -> Bool) -> Value {
        guard let order = ValueComparison.compare(lhs, rhs) else { return .null }
        return .boolean(test(order))
    }

    private static func system(_ column: SystemColumn) -> Evaluator {
        switch column {
        case .timestamp: { .timestamp($0.timestamp) }
        case .key: { record in record.key.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null }
        case .partition: { record in record.origin.map { .int(Int64($0.partition)) } ?? .null }
        case .offset: { record in record.origin.map { .int($0.offset) } ?? .null }
        case .topic: { record in record.origin.map { .string($0.topic) } ?? .null }
        case .windowStart, .windowEnd: { _ in .null }
        }
    }

    private static func subscriptValue(_ container: Value, _ key: Value) -> Value {
        switch (container, key) {
        case (.array(let items), .int(let index)):
            // SQL arrays are 1-based.
            return index >= 1 && index <= items.count ? items[Int(index) - 1] : .null
        case (.map, .string(let name)), (.struct, .string(let name)):
            return container.field(name) ?? .null
        default:
            return .null
        }
    }
}
