#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import VeloCore

/// Math functions. Integers stay integers, DECIMAL stays exact, DOUBLE stays binary; SQRT and POWER
/// compute in DOUBLE.
enum NumericFunctions {
    static let table = FunctionSupport.table([
        FunctionSupport.function("ABS", 1...1, abs),
        FunctionSupport.function("ROUND", 1...2, round),
        FunctionSupport.function("CEIL", 1...1) { arguments, context in integral(arguments[0], context, name: "CEIL", rule: .up) },
        FunctionSupport.function("FLOOR", 1...1) { arguments, context in integral(arguments[0], context, name: "FLOOR", rule: .down) },
        FunctionSupport.function("SQRT", 1...1) { arguments, context in
            guard let x = arguments[0].numericDouble else { return context.fail("SQRT needs a number, got \(ValueCast.kindName(arguments[0]))") }
            guard x >= 0 else { return context.fail("SQRT of a negative number") }
            return .double(x.squareRoot())
        },
        FunctionSupport.function("POWER", 2...2) { arguments, context in
            guard let x = arguments[0].numericDouble, let y = arguments[1].numericDouble else {
                return context.fail("POWER needs numbers, got \(ValueCast.kindName(arguments[0])) and \(ValueCast.kindName(arguments[1]))")
            }
            let result = pow(x, y)
            // A NaN or infinity from finite inputs is a domain error (negative base, fractional exponent;
            // zero to a negative power) or an overflow; JSON could not carry it anyway.
            guard result.isFinite || !x.isFinite || !y.isFinite else { return context.fail("POWER(\(x), \(y)) is out of range") }
            return .double(result)
        },
        FunctionSupport.function("MOD", 2...2) { arguments, context in
            ValueArithmetic.modulo(arguments[0], arguments[1], context: context.evaluation)
        },
    ])

    @Sendable
    static func abs(_ arguments: [Value], _ context: FunctionContext) -> Value {
        switch arguments[0] {
        case .int(let x):
            guard x != .min else { return context.fail("integer overflow in ABS") }
            return .int(Swift.abs(x))
        case .double(let x): return .double(Swift.abs(x))
        case .decimal(let x): return .decimal(x.signum < 0 ? x.negated : x)
        case .interval(let x):
            guard x != .min else { return context.fail("interval overflow in ABS") }
            return .interval(Swift.abs(x))
        default: return context.fail("ABS needs a number, got \(ValueCast.kindName(arguments[0]))")
        }
    }

    /// ROUND(x[, d]), half away from zero. A negative d rounds to tens, hundreds… DECIMAL is exact and
    /// keeps at most d decimals; DOUBLE rounds the decimal number its shortest text spells, so
    /// ROUND(2.675, 2) is 2.68 as written, not 2.67 as the binary value would give.
    @Sendable
    static func round(_ arguments: [Value], _ context: FunctionContext) -> Value {
        var digits: Int64 = 0
        if arguments.count > 1 {
            guard let d = FunctionSupport.integer(arguments[1]) else { return context.fail("ROUND places must be an integer") }
            // Past ±400 places every number rounds to itself or 0 alike; clamping keeps -d from overflowing.
            digits = min(max(d, -400), 400)
        }
        switch arguments[0] {
        case .int(let x):
            guard digits < 0 else { return .int(x) }
            guard let rounded = roundInteger(Int128(x), places: -digits), let result = Int64(exactly: rounded) else {
                return context.fail("integer overflow in ROUND")
            }
            return .int(result)
        case .decimal(let x):
            if digits >= Int64(x.scale) { return .decimal(x) }
            if digits >= 0 {
                guard let result = x.rescaled(to: Int(digits)) else { return context.fail("decimal overflow in ROUND") }
                return .decimal(result)
            }
            // Round the exact value once (14.999 to tens is 10): rounding to units first would round twice.
            guard let rounded = roundInteger(x.significand, places: Int64(x.scale) - digits) else {
                return context.fail("decimal overflow in ROUND")
            }
            var whole = rounded
            for _ in 0..<x.scale { whole /= 10 }
            guard whole.magnitude <= SQLDecimal.maxSignificand.magnitude else { return context.fail("decimal overflow in ROUND") }
            return .decimal(SQLDecimal(significand: whole, scale: 0))
        case .double(let x):
            guard x.isFinite else { return .double(x) }
            if digits >= 0 {
                // Beyond 38 digits a double has no fraction left to round.
                guard digits <= Int64(SQLDecimal.maxScale), let exact = SQLDecimal(rounding: x, scale: Int(digits)) else { return .double(x) }
                return .double(exact.doubleValue)
            }
            let factor = pow(10, Double(-digits))
            return .double((x / factor).rounded(.toNearestOrAwayFromZero) * factor)
        default:
            return context.fail("ROUND needs a number, got \(ValueCast.kindName(arguments[0]))")
        }
    }

    /// CEIL/FLOOR: integers unchanged, doubles rounded as doubles, DECIMAL to scale 0 exactly.
    static func integral(_ value: Value, _ context: FunctionContext, name: String, rule: FloatingPointRoundingRule) -> Value {
        switch value {
        case .int: return value
        case .double(let x): return .double(x.rounded(rule))
        case .decimal(let x):
            guard let result = x.rescaled(to: 0, rounding: rule) else { return context.fail("decimal overflow in \(name)") }
            return .decimal(result)
        default: return context.fail("\(name) needs a number, got \(ValueCast.kindName(value))")
        }
    }

    /// x rounded half away from zero to a multiple of 10^places; nil on overflow.
    static func roundInteger(_ x: Int128, places: Int64) -> Int128? {
        // 10^39 exceeds every 38-digit value: the result is 0.
        guard places <= 38 else { return 0 }
        var factor: Int128 = 1
        for _ in 0..<places { factor *= 10 }
        var quotient = x / factor
        let remainder = x % factor
        if remainder.magnitude * 2 >= factor.magnitude { quotient += x < 0 ? -1 : 1 }
        let (result, overflow) = quotient.multipliedReportingOverflow(by: factor)
        return overflow ? nil : result
    }
}
