import VeloCore

/// SUM, AVG, MIN, MAX or COUNT(x) over a frame: folds the non-NULL values of its rows. An unbounded
/// frame keeps one accumulator per partition that only grows; a bounded frame refolds its ≤ n + 1
/// values per row (exact and deterministic, where subtracting the leaving value would drift for DOUBLE).
struct FrameAccumulator {
    let function: AnalyticCall.Function
    /// Non-NULL values folded.
    private(set) var count: Int64 = 0
    /// The running sum (SUM, AVG) or the best value so far (MIN, MAX); NULL before the first value,
    /// and NULL for good once a sum cannot be represented (the error was counted when it happened).
    private(set) var total: Value = .null

    init(function: AnalyticCall.Function) {
        self.function = function
    }

    /// A restored accumulator (checkpoints).
    init(function: AnalyticCall.Function, count: Int64, total: Value) {
        self.function = function
        self.count = count
        self.total = total
    }

    mutating func add(_ value: Value, context: EvaluationContext) {
        if value.isNull { return }
        count += 1
        if count == 1 {
            total = value
            return
        }
        switch function {
        case .sum, .avg:
            total = Self.sum(total, value, context: context)
        case .min:
            if ValueComparison.totalOrder(value, total) < 0 { total = value }
        case .max:
            if ValueComparison.totalOrder(value, total) > 0 { total = value }
        default:
            break
        }
    }

    /// The aggregate of what was folded, as a value of `type` (the call's result type).
    func result(as type: SQLType, context: EvaluationContext) -> Value {
        if function == .count { return .int(count) }
        if count == 0 { return .null }
        switch function {
        case .avg: return Self.average(total, count: count, as: type, context: context)
        default: return AnalyticValues.conform(total, to: type, context: context)
        }
    }

    /// `a + b`, except that BIGINT sums past 64 bits carry on exactly as DECIMAL: a later negative
    /// value may bring SUM back in range, and AVG divides the exact total either way.
    private static func sum(_ a: Value, _ b: Value, context: EvaluationContext) -> Value {
        if case .int(let x) = a, case .int(let y) = b {
            let (result, overflow) = x.addingReportingOverflow(y)
            if !overflow { return .int(result) }
            return ValueArithmetic.add(.decimal(SQLDecimal(x)), b, context: context)
        }
        return ValueArithmetic.add(a, b, context: context)
    }

    /// AVG: DOUBLE for integers and doubles, exact DECIMAL at the result's scale (max(s, 6)) for
    /// decimals, an INTERVAL for intervals (FunctionCatalog's rule).
    private static func average(_ sum: Value, count: Int64, as type: SQLType, context: EvaluationContext) -> Value {
        switch type {
        case .double:
            guard let x = sum.numericDouble else { return .null }
            return .double(x / Double(count))
        case .decimal(_, let scale):
            return decimalAverage(sum, count: count, scale: scale, context: context)
        case .any:
            // Schema-less input: decide by what was summed.
            switch sum {
            case .int, .double: return average(sum, count: count, as: .double, context: context)
            case .decimal(let x): return decimalAverage(sum, count: count, scale: max(x.scale, SQLDecimal.divisionScale), context: context)
            default: return ValueArithmetic.divide(sum, .int(count), context: context)
            }
        default:
            return AnalyticValues.conform(ValueArithmetic.divide(sum, .int(count), context: context), to: type, context: context)
        }
    }

    private static func decimalAverage(_ sum: Value, count: Int64, scale: Int, context: EvaluationContext) -> Value {
        let total: SQLDecimal
        switch sum {
        case .decimal(let x): total = x
        case .int(let x): total = SQLDecimal(x)
        default:
            let mean = average(sum, count: count, as: .any, context: context)
            return AnalyticValues.conform(mean, to: .decimal(precision: SQLDecimal.maxDigits, scale: scale), context: context)
        }
        guard let quotient = total.dividing(by: SQLDecimal(count)), let result = quotient.rescaled(to: scale) else {
            context.error("decimal overflow in AVG")
            return .null
        }
        return .decimal(result)
    }
}
