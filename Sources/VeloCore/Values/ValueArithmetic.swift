// SQL semantics over `Value` (PRODUCT.md §3.2): a value that cannot be produced becomes NULL and the
// `EvaluationContext` counts an expression error; nothing here throws.

/// `+ - * / %`, unary minus and `||` over values.
///
/// Numbers promote INT → DECIMAL → DOUBLE: INT with INT stays INT (division truncates toward zero),
/// INT with DECIMAL is exact DECIMAL, anything with DOUBLE is DOUBLE. Overflow, division by zero and
/// operands that cannot be combined give NULL and an expression error. Times: TIMESTAMP ± INTERVAL is a
/// TIMESTAMP, TIMESTAMP − TIMESTAMP an INTERVAL, INTERVAL ± INTERVAL an INTERVAL, INTERVAL × or ÷ a
/// number an INTERVAL, DATE ± INTERVAL a TIMESTAMP, DATE − DATE an INTERVAL.
public enum ValueArithmetic {
    public static func add(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if a.isNull || b.isNull { return .null }
        if let pair = NumericPair(a, b) {
            switch pair {
            case let .ints(x, y): return checked(x.addingReportingOverflow(y), "+", context)
            case let .decimals(x, y): return decimal(x.adding(y), "+", context)
            case let .doubles(x, y): return .double(x + y)
            }
        }
        switch (a, b) {
        case let (.timestamp(t), .interval(i)), let (.interval(i), .timestamp(t)):
            return checked(t.addingReportingOverflow(i), "+", context, as: Value.timestamp)
        case let (.interval(x), .interval(y)):
            return checked(x.addingReportingOverflow(y), "+", context, as: Value.interval)
        case let (.date(d), .interval(i)), let (.interval(i), .date(d)):
            return checked((Int64(d) * ISOTime.millisecondsPerDay).addingReportingOverflow(i), "+", context, as: Value.timestamp)
        default:
            return mismatch("+", a, b, context)
        }
    }

    public static func subtract(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if a.isNull || b.isNull { return .null }
        if let pair = NumericPair(a, b) {
            switch pair {
            case let .ints(x, y): return checked(x.subtractingReportingOverflow(y), "-", context)
            case let .decimals(x, y): return decimal(x.subtracting(y), "-", context)
            case let .doubles(x, y): return .double(x - y)
            }
        }
        switch (a, b) {
        case let (.timestamp(t), .interval(i)):
            return checked(t.subtractingReportingOverflow(i), "-", context, as: Value.timestamp)
        case let (.timestamp(x), .timestamp(y)), let (.interval(x), .interval(y)):
            return checked(x.subtractingReportingOverflow(y), "-", context, as: Value.interval)
        case let (.date(d), .interval(i)):
            return checked((Int64(d) * ISOTime.millisecondsPerDay).subtractingReportingOverflow(i), "-", context, as: Value.timestamp)
        case let (.date(x), .date(y)):
            return .interval((Int64(x) - Int64(y)) * ISOTime.millisecondsPerDay)
        case let (.timestamp(t), .date(d)):
            return checked(t.subtractingReportingOverflow(Int64(d) * ISOTime.millisecondsPerDay), "-", context, as: Value.interval)
        case let (.date(d), .timestamp(t)):
            return checked((Int64(d) * ISOTime.millisecondsPerDay).subtractingReportingOverflow(t), "-", context, as: Value.interval)
        default:
            return mismatch("-", a, b, context)
        }
    }

    public static func multiply(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if a.isNull || b.isNull { return .null }
        if let pair = NumericPair(a, b) {
            switch pair {
            case let .ints(x, y): return checked(x.multipliedReportingOverflow(by: y), "*", context)
            case let .decimals(x, y): return decimal(x.multiplying(by: y), "*", context)
            case let .doubles(x, y): return .double(x * y)
            }
        }
        switch (a, b) {
        case let (.interval(i), factor), let (factor, .interval(i)):
            return scaleInterval(i, by: factor, dividing: false, context: context)
        default:
            return mismatch("*", a, b, context)
        }
    }

    public static func divide(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if a.isNull || b.isNull { return .null }
        if let pair = NumericPair(a, b) {
            switch pair {
            case let .ints(x, y):
                if y == 0 { return divisionByZero(context) }
                return checked(x.dividedReportingOverflow(by: y), "/", context)
            case let .decimals(x, y):
                if y.significand == 0 { return divisionByZero(context) }
                return decimal(x.dividing(by: y), "/", context)
            case let .doubles(x, y):
                if y == 0 { return divisionByZero(context) }
                return .double(x / y)
            }
        }
        if case .interval(let i) = a {
            return scaleInterval(i, by: b, dividing: true, context: context)
        }
        return mismatch("/", a, b, context)
    }

    /// `a % b`: the sign follows the dividend (`-7 % 2` is -1), as in SQL and C.
    public static func modulo(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if a.isNull || b.isNull { return .null }
        guard let pair = NumericPair(a, b) else { return mismatch("%", a, b, context) }
        switch pair {
        case let .ints(x, y):
            if y == 0 { return divisionByZero(context) }
            // Int64.min % -1 traps in Swift; mathematically it is 0.
            return .int(y == -1 ? 0 : x % y)
        case let .decimals(x, y):
            if y.significand == 0 { return divisionByZero(context) }
            return decimal(x.remainder(dividingBy: y), "%", context)
        case let .doubles(x, y):
            if y == 0 { return divisionByZero(context) }
            return .double(x.truncatingRemainder(dividingBy: y))
        }
    }

    /// Unary minus.
    public static func negate(_ a: Value, context: EvaluationContext) -> Value {
        switch a {
        case .null: return .null
        case .int(let x): return checked(Int64(0).subtractingReportingOverflow(x), "-", context)
        case .double(let x): return .double(-x)
        case .decimal(let x): return .decimal(x.negated)
        case .interval(let x): return checked(Int64(0).subtractingReportingOverflow(x), "-", context, as: Value.interval)
        default:
            context.error("cannot negate \(ValueCast.kindName(a))")
            return .null
        }
    }

    /// `a || b`: NULL if either side is NULL; other values are joined as their text (`CAST … AS STRING`).
    public static func concat(_ a: Value, _ b: Value) -> Value {
        guard let x = ValueCast.text(a), let y = ValueCast.text(b) else { return .null }
        return .string(x + y)
    }

    // MARK: Helpers

    /// Two numeric operands promoted to a common representation.
    private enum NumericPair {
        case ints(Int64, Int64)
        case decimals(SQLDecimal, SQLDecimal)
        case doubles(Double, Double)

        init?(_ a: Value, _ b: Value) {
            switch (a, b) {
            case let (.int(x), .int(y)): self = .ints(x, y)
            case let (.decimal(x), .decimal(y)): self = .decimals(x, y)
            case let (.int(x), .decimal(y)): self = .decimals(SQLDecimal(x), y)
            case let (.decimal(x), .int(y)): self = .decimals(x, SQLDecimal(y))
            case let (.double(x), .double(y)): self = .doubles(x, y)
            case let (.double(x), .int(y)): self = .doubles(x, Double(y))
            case let (.int(x), .double(y)): self = .doubles(Double(x), y)
            case let (.double(x), .decimal(y)): self = .doubles(x, y.doubleValue)
            case let (.decimal(x), .double(y)): self = .doubles(x.doubleValue, y)
            default: return nil
            }
        }
    }

    private static func scaleInterval(_ interval: Int64, by factor: Value, dividing: Bool, context: EvaluationContext) -> Value {
        let op = dividing ? "/" : "*"
        switch factor {
        case .int(let n):
            if dividing {
                if n == 0 { return divisionByZero(context) }
                return checked(interval.dividedReportingOverflow(by: n), op, context, as: Value.interval)
            }
            return checked(interval.multipliedReportingOverflow(by: n), op, context, as: Value.interval)
        case .double, .decimal:
            let n = factor.numericDouble ?? 0
            if dividing && n == 0 { return divisionByZero(context) }
            let result = dividing ? Double(interval) / n : Double(interval) * n
            guard let millis = Int64(exactly: result.rounded(.toNearestOrAwayFromZero)) else {
                context.error("interval overflow in \(op)")
                return .null
            }
            return .interval(millis)
        default:
            return mismatch(op, .interval(interval), factor, context)
        }
    }

    private static func checked(_ result: (partialValue: Int64, overflow: Bool), _ op: String, _ context: EvaluationContext,
                                as make: (Int64) -> Value = Value.int) -> Value {
        if result.overflow {
            context.error("integer overflow in \(op)")
            return .null
        }
        return make(result.partialValue)
    }

    private static func decimal(_ result: SQLDecimal?, _ op: String, _ context: EvaluationContext) -> Value {
        guard let result else {
            context.error("decimal overflow in \(op)")
            return .null
        }
        return .decimal(result)
    }

    private static func divisionByZero(_ context: EvaluationContext) -> Value {
        context.error("division by zero")
        return .null
    }

    private static func mismatch(_ op: String, _ a: Value, _ b: Value, _ context: EvaluationContext) -> Value {
        context.error("cannot apply \(op) to \(ValueCast.kindName(a)) and \(ValueCast.kindName(b))")
        return .null
    }
}

extension ScalarExpr.BinaryOp {
    /// This operator applied to two values with SQL semantics (what a compiled expression calls).
    public func apply(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        switch self {
        case .and: SQLLogic.and(a, b)
        case .or: SQLLogic.or(a, b)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: ValueComparison.evaluate(self, a, b)
        case .add: ValueArithmetic.add(a, b, context: context)
        case .subtract: ValueArithmetic.subtract(a, b, context: context)
        case .multiply: ValueArithmetic.multiply(a, b, context: context)
        case .divide: ValueArithmetic.divide(a, b, context: context)
        case .modulo: ValueArithmetic.modulo(a, b, context: context)
        case .concat: ValueArithmetic.concat(a, b)
        }
    }
}

extension Value {
    /// A number as a Double (nil for anything else); for functions that compute in binary floating point.
    public var numericDouble: Double? {
        switch self {
        case .int(let x): Double(x)
        case .double(let x): x
        case .decimal(let x): x.doubleValue
        default: nil
        }
    }
}
