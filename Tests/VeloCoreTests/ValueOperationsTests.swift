import Testing
@testable import VeloCore

private func dec(_ text: String) -> Value {
    guard let decimal = SQLDecimal(text) else {
        Issue.record("bad decimal literal \(text)")
        return .null
    }
    return .decimal(decimal)
}

private func ts(_ text: String) -> Value {
    guard let ms = ISOTime.parseTimestamp(text) else {
        Issue.record("bad timestamp literal \(text)")
        return .null
    }
    return .timestamp(ms)
}

/// Asserts a decimal result by its exact text (value and scale).
private func expectDecimal(_ value: Value, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard case .decimal(let decimal) = value else {
        Issue.record("expected DECIMAL \(text), got \(value)", sourceLocation: sourceLocation)
        return
    }
    #expect(decimal.description == text, sourceLocation: sourceLocation)
}

@Suite struct ValueOperationsTests {
    // MARK: Three-valued logic

    @Test func andTruthTable() {
        let t = Value.boolean(true), f = Value.boolean(false), n = Value.null
        #expect(SQLLogic.and(t, t) == t)
        #expect(SQLLogic.and(t, f) == f)
        #expect(SQLLogic.and(f, t) == f)
        #expect(SQLLogic.and(f, f) == f)
        #expect(SQLLogic.and(t, n) == n)
        #expect(SQLLogic.and(n, t) == n)
        #expect(SQLLogic.and(f, n) == f)
        #expect(SQLLogic.and(n, f) == f)
        #expect(SQLLogic.and(n, n) == n)
    }

    @Test func orTruthTable() {
        let t = Value.boolean(true), f = Value.boolean(false), n = Value.null
        #expect(SQLLogic.or(t, t) == t)
        #expect(SQLLogic.or(t, f) == t)
        #expect(SQLLogic.or(f, t) == t)
        #expect(SQLLogic.or(f, f) == f)
        #expect(SQLLogic.or(t, n) == t)
        #expect(SQLLogic.or(n, t) == t)
        #expect(SQLLogic.or(f, n) == n)
        #expect(SQLLogic.or(n, f) == n)
        #expect(SQLLogic.or(n, n) == n)
    }

    @Test func notAndIsTrue() {
        #expect(SQLLogic.not(.boolean(true)) == .boolean(false))
        #expect(SQLLogic.not(.boolean(false)) == .boolean(true))
        #expect(SQLLogic.not(.null) == .null)
        #expect(SQLLogic.isTrue(.boolean(true)))
        #expect(!SQLLogic.isTrue(.boolean(false)))
        #expect(!SQLLogic.isTrue(.null))
        #expect(!SQLLogic.isTrue(.int(1)))
    }

    // MARK: Comparison

    @Test func nullComparisons() {
        #expect(ValueComparison.equals(.null, .null) == .null)
        #expect(ValueComparison.equals(.int(1), .null) == .null)
        #expect(ValueComparison.compare(.null, .int(1)) == nil)
        #expect(ValueComparison.evaluate(.notEqual, .null, .int(1)) == .null)
        #expect(ValueComparison.evaluate(.less, .int(1), .null) == .null)
    }

    @Test func numericComparisonsAcrossKinds() {
        #expect(ValueComparison.compare(.int(1), .int(2)) == -1)
        #expect(ValueComparison.compare(.int(2), dec("2.00")) == 0)
        #expect(ValueComparison.compare(dec("0.3"), .int(0)) == 1)
        #expect(ValueComparison.compare(.int(1), .double(1.5)) == -1)
        #expect(ValueComparison.compare(dec("1.5"), .double(1.5)) == 0)
        #expect(ValueComparison.equals(.int(3), .double(3)) == .boolean(true))
        // Beyond 2^53 INT against DECIMAL stays exact.
        #expect(ValueComparison.compare(.int(9_007_199_254_740_993), dec("9007199254740992")) == 1)
        #expect(ValueComparison.compare(.double(.nan), .double(1)) == 1)
    }

    @Test func textAndTimeComparisons() {
        #expect(ValueComparison.compare(.string("a"), .string("b")) == -1)
        #expect(ValueComparison.compare(.string("B"), .string("a")) == -1)  // by code point, not locale
        #expect(ValueComparison.compare(.string("ab"), .string("a")) == 1)
        #expect(ValueComparison.compare(.string("é"), .string("z")) == 1)
        #expect(ValueComparison.equals(.string("x"), .string("x")) == .boolean(true))
        #expect(ValueComparison.compare(ts("2024-01-01T00:00:00Z"), ts("2024-01-02T00:00:00Z")) == -1)
        #expect(ValueComparison.compare(ts("2024-01-01T00:00:00Z"), .date(19723)) == 0)
        #expect(ValueComparison.compare(ts("2024-06-01T00:00:00Z"), .string("2024-06-01 00:00:00")) == 0)
        #expect(ValueComparison.compare(.date(1), .date(2)) == -1)
        #expect(ValueComparison.compare(.interval(5_000), .interval(1_000)) == 1)
        #expect(ValueComparison.compare(.boolean(false), .boolean(true)) == -1)
    }

    @Test func incomparableValues() {
        #expect(ValueComparison.compare(.string("1"), .int(1)) == nil)
        #expect(ValueComparison.equals(.string("1"), .int(1)) == .boolean(false))
        #expect(ValueComparison.evaluate(.less, .boolean(true), .int(1)) == .null)
    }

    @Test func containerEquality() {
        #expect(ValueComparison.equals(.array([.int(1), .int(2)]), .array([.int(1), .int(2)])) == .boolean(true))
        #expect(ValueComparison.equals(.array([.int(1)]), .array([.int(1), .int(2)])) == .boolean(false))
        #expect(ValueComparison.equals(.array([.int(1), .null]), .array([.int(1), .null])) == .null)
        #expect(ValueComparison.equals(.array([.int(2), .null]), .array([.int(1), .null])) == .boolean(false))
        let a = Value.struct([.init("x", .int(1))])
        #expect(ValueComparison.equals(a, a) == .boolean(true))
        #expect(ValueComparison.equals(a, .struct([.init("y", .int(1))])) == .boolean(false))
    }

    @Test func comparisonOperators() {
        #expect(ValueComparison.evaluate(.less, .int(1), .int(2)) == .boolean(true))
        #expect(ValueComparison.evaluate(.lessOrEqual, .int(2), .int(2)) == .boolean(true))
        #expect(ValueComparison.evaluate(.greater, .int(1), .int(2)) == .boolean(false))
        #expect(ValueComparison.evaluate(.greaterOrEqual, .int(1), .int(2)) == .boolean(false))
        #expect(ValueComparison.evaluate(.notEqual, .int(1), .int(2)) == .boolean(true))
        #expect(ValueComparison.evaluate(.equal, .int(1), .int(1)) == .boolean(true))
    }

    @Test func totalOrderPutsNullFirst() {
        let sorted = [Value.int(3), .null, .string("a"), .int(1)].sorted { ValueComparison.totalOrder($0, $1) < 0 }
        #expect(sorted == [.null, .int(1), .int(3), .string("a")])
    }

    // MARK: Arithmetic

    @Test func integerArithmetic() {
        let context = EvaluationContext()
        #expect(ValueArithmetic.add(.int(2), .int(3), context: context) == .int(5))
        #expect(ValueArithmetic.subtract(.int(2), .int(3), context: context) == .int(-1))
        #expect(ValueArithmetic.multiply(.int(4), .int(3), context: context) == .int(12))
        #expect(ValueArithmetic.divide(.int(7), .int(2), context: context) == .int(3))
        #expect(ValueArithmetic.divide(.int(-7), .int(2), context: context) == .int(-3))
        #expect(ValueArithmetic.modulo(.int(-7), .int(2), context: context) == .int(-1))
        #expect(ValueArithmetic.modulo(.int(7), .int(-2), context: context) == .int(1))
        #expect(ValueArithmetic.modulo(.int(.min), .int(-1), context: context) == .int(0))
        #expect(ValueArithmetic.negate(.int(5), context: context) == .int(-5))
        #expect(context.errorCount == 0)
    }

    @Test func nullOperands() {
        let context = EvaluationContext()
        #expect(ValueArithmetic.add(.null, .int(1), context: context) == .null)
        #expect(ValueArithmetic.subtract(.int(1), .null, context: context) == .null)
        #expect(ValueArithmetic.multiply(.null, .null, context: context) == .null)
        #expect(ValueArithmetic.divide(.null, .int(0), context: context) == .null)
        #expect(ValueArithmetic.modulo(.int(1), .null, context: context) == .null)
        #expect(ValueArithmetic.negate(.null, context: context) == .null)
        #expect(ValueArithmetic.concat(.string("a"), .null) == .null)
        #expect(context.errorCount == 0)
    }

    @Test func divisionByZeroIsNullAndCounted() {
        let context = EvaluationContext()
        #expect(ValueArithmetic.divide(.int(1), .int(0), context: context) == .null)
        #expect(context.errorCount == 1)
        #expect(context.lastError == "division by zero")
        #expect(ValueArithmetic.modulo(.int(1), .int(0), context: context) == .null)
        #expect(ValueArithmetic.divide(dec("1.5"), dec("0.00"), context: context) == .null)
        #expect(ValueArithmetic.divide(.double(1), .double(0), context: context) == .null)
        #expect(ValueArithmetic.modulo(dec("1.5"), .int(0), context: context) == .null)
        #expect(context.errorCount == 5)
    }

    @Test func overflowIsNullAndCounted() {
        let context = EvaluationContext()
        #expect(ValueArithmetic.add(.int(.max), .int(1), context: context) == .null)
        #expect(ValueArithmetic.multiply(.int(.max), .int(2), context: context) == .null)
        #expect(ValueArithmetic.divide(.int(.min), .int(-1), context: context) == .null)
        #expect(ValueArithmetic.negate(.int(.min), context: context) == .null)
        let big = dec("99999999999999999999999999999999999999")
        #expect(ValueArithmetic.add(big, .int(1), context: context) == .null)
        #expect(context.errorCount == 5)
    }

    @Test func decimalArithmeticIsExact() {
        let context = EvaluationContext()
        let sum = ValueArithmetic.add(dec("0.1"), dec("0.2"), context: context)
        #expect(sum == dec("0.3"))
        expectDecimal(sum, "0.3")
        expectDecimal(ValueArithmetic.multiply(dec("0.908"), dec("19.99"), context: context), "18.15092")
        expectDecimal(ValueArithmetic.add(.int(1), dec("0.25"), context: context), "1.25")
        expectDecimal(ValueArithmetic.subtract(dec("1.00"), .int(3), context: context), "-2.00")
        expectDecimal(ValueArithmetic.divide(dec("1"), dec("3"), context: context), "0.333333")
        expectDecimal(ValueArithmetic.modulo(dec("7.5"), .int(2), context: context), "1.5")
        expectDecimal(ValueArithmetic.negate(dec("1.5"), context: context), "-1.5")
        #expect(context.errorCount == 0)
    }

    @Test func doublePromotion() {
        let context = EvaluationContext()
        #expect(ValueArithmetic.add(.int(1), .double(0.5), context: context) == .double(1.5))
        #expect(ValueArithmetic.multiply(dec("2"), .double(0.25), context: context) == .double(0.5))
        #expect(ValueArithmetic.divide(.double(7), .int(2), context: context) == .double(3.5))
        #expect(ValueArithmetic.modulo(.double(7.5), .int(2), context: context) == .double(1.5))
        #expect(ValueArithmetic.negate(.double(2), context: context) == .double(-2))
    }

    @Test func timeArithmetic() {
        let context = EvaluationContext()
        let t = ts("2024-01-01T00:00:00Z")
        #expect(ValueArithmetic.add(t, .interval(30 * 60_000), context: context) == ts("2024-01-01T00:30:00Z"))
        #expect(ValueArithmetic.add(.interval(1_000), t, context: context) == ts("2024-01-01T00:00:01Z"))
        #expect(ValueArithmetic.subtract(t, .interval(86_400_000), context: context) == ts("2023-12-31T00:00:00Z"))
        #expect(ValueArithmetic.subtract(ts("2024-01-01T00:00:05Z"), t, context: context) == .interval(5_000))
        #expect(ValueArithmetic.add(.interval(1), .interval(2), context: context) == .interval(3))
        #expect(ValueArithmetic.subtract(.interval(1), .interval(2), context: context) == .interval(-1))
        #expect(ValueArithmetic.multiply(.interval(1_000), .int(3), context: context) == .interval(3_000))
        #expect(ValueArithmetic.divide(.interval(1_000), .int(4), context: context) == .interval(250))
        #expect(ValueArithmetic.add(.date(19723), .interval(3_600_000), context: context) == ts("2024-01-01T01:00:00Z"))
        #expect(ValueArithmetic.negate(.interval(5), context: context) == .interval(-5))
        #expect(context.errorCount == 0)
    }

    @Test func mismatchedOperandsAreNullAndCounted() {
        let context = EvaluationContext()
        #expect(ValueArithmetic.add(.string("a"), .int(1), context: context) == .null)
        #expect(ValueArithmetic.negate(.string("a"), context: context) == .null)
        #expect(context.errorCount == 2)
        #expect(context.lastError?.contains("STRING") == true)
    }

    @Test func concatenation() {
        #expect(ValueArithmetic.concat(.string("a"), .string("b")) == .string("ab"))
        #expect(ValueArithmetic.concat(.string("n="), .int(5)) == .string("n=5"))
        #expect(ValueArithmetic.concat(.boolean(true), dec("1.50")) == .string("true1.50"))
        #expect(ValueArithmetic.concat(.null, .string("b")) == .null)
    }

    @Test func binaryOperatorApply() {
        let context = EvaluationContext()
        #expect(ScalarExpr.BinaryOp.add.apply(.int(1), .int(2), context: context) == .int(3))
        #expect(ScalarExpr.BinaryOp.and.apply(.null, .boolean(false), context: context) == .boolean(false))
        #expect(ScalarExpr.BinaryOp.equal.apply(.null, .null, context: context) == .null)
        #expect(ScalarExpr.BinaryOp.concat.apply(.string("a"), .int(1), context: context) == .string("a1"))
    }

    // MARK: CAST

    @Test func castToInteger() {
        let context = EvaluationContext()
        #expect(ValueCast.cast(dec("3.9"), to: .int, context: context) == .int(3))
        #expect(ValueCast.cast(dec("-3.9"), to: .int, context: context) == .int(-3))
        #expect(ValueCast.cast(.double(3.9), to: .bigint, context: context) == .int(3))
        #expect(ValueCast.cast(.double(-3.9), to: .bigint, context: context) == .int(-3))
        #expect(ValueCast.cast(.boolean(true), to: .int, context: context) == .int(1))
        #expect(ValueCast.cast(.boolean(false), to: .int, context: context) == .int(0))
        #expect(ValueCast.cast(.string("123"), to: .bigint, context: context) == .int(123))
        #expect(ValueCast.cast(.string(" -42 "), to: .int, context: context) == .int(-42))
        #expect(ValueCast.cast(.string("3.7"), to: .int, context: context) == .int(3))
        #expect(ValueCast.cast(.int(3_000_000_000), to: .bigint, context: context) == .int(3_000_000_000))
        #expect(context.errorCount == 0)
    }

    @Test func castFailuresAreNullAndCounted() {
        let context = EvaluationContext()
        #expect(ValueCast.cast(.string("abc"), to: .int, context: context) == .null)
        #expect(context.errorCount == 1)
        #expect(ValueCast.cast(.int(3_000_000_000), to: .int, context: context) == .null)
        #expect(ValueCast.cast(.double(.nan), to: .bigint, context: context) == .null)
        #expect(ValueCast.cast(.double(1e30), to: .bigint, context: context) == .null)
        #expect(ValueCast.cast(.string("x"), to: .double, context: context) == .null)
        #expect(ValueCast.cast(.string("maybe"), to: .boolean, context: context) == .null)
        #expect(ValueCast.cast(.string("noon"), to: .timestamp, context: context) == .null)
        #expect(ValueCast.cast(.string("2024-13-01"), to: .date, context: context) == .null)
        #expect(ValueCast.cast(.string("1.5x"), to: .decimal(precision: 10, scale: 2), context: context) == .null)
        #expect(ValueCast.cast(.int(1), to: .array(.int), context: context) == .null)
        #expect(context.errorCount == 10)
        #expect(ValueCast.cast(.null, to: .int, context: context) == .null)
        #expect(context.errorCount == 10)
    }

    @Test func castToDecimal() {
        let context = EvaluationContext()
        let money = SQLType.decimal(precision: 10, scale: 2)
        expectDecimal(ValueCast.cast(dec("18.15092"), to: money, context: context), "18.15")
        expectDecimal(ValueCast.cast(dec("2.345"), to: money, context: context), "2.35")
        expectDecimal(ValueCast.cast(dec("-2.345"), to: money, context: context), "-2.35")
        expectDecimal(ValueCast.cast(.int(7), to: money, context: context), "7.00")
        expectDecimal(ValueCast.cast(.double(0.1), to: money, context: context), "0.10")
        expectDecimal(ValueCast.cast(.double(1.005), to: money, context: context), "1.01")
        expectDecimal(ValueCast.cast(.string("123.45"), to: money, context: context), "123.45")
        expectDecimal(ValueCast.cast(.boolean(true), to: money, context: context), "1.00")
        #expect(context.errorCount == 0)
        // 12345678.9 needs 10 digits at scale 2: precision overflow.
        #expect(ValueCast.cast(dec("123456789.5"), to: money, context: context) == .null)
        #expect(ValueCast.cast(.double(.infinity), to: money, context: context) == .null)
        #expect(context.errorCount == 2)
    }

    @Test func castToString() {
        let context = EvaluationContext()
        #expect(ValueCast.cast(dec("1.50"), to: .string, context: context) == .string("1.50"))
        #expect(ValueCast.cast(.double(0.1), to: .string, context: context) == .string("0.1"))
        #expect(ValueCast.cast(.int(-5), to: .string, context: context) == .string("-5"))
        #expect(ValueCast.cast(.boolean(true), to: .string, context: context) == .string("true"))
        #expect(ValueCast.cast(ts("2024-01-02T03:04:05.678Z"), to: .string, context: context) == .string("2024-01-02T03:04:05.678Z"))
        #expect(ValueCast.cast(.date(19723), to: .string, context: context) == .string("2024-01-01"))
        #expect(ValueCast.cast(.interval(90_000), to: .string, context: context) == .string("90s"))
        #expect(ValueCast.cast(.interval(250), to: .string, context: context) == .string("250ms"))
        #expect(ValueCast.cast(.array([.int(1), .string("a")]), to: .string, context: context) == .string("[1,\"a\"]"))
        #expect(ValueCast.cast(.struct([.init("k", .null)]), to: .string, context: context) == .string("{\"k\":null}"))
    }

    @Test func castToTimeTypes() {
        let context = EvaluationContext()
        let expected = ts("2024-01-01T10:00:00Z")
        #expect(ValueCast.cast(.string("2024-01-01T10:00:00Z"), to: .timestamp, context: context) == expected)
        #expect(ValueCast.cast(.string("2024-01-01 10:00:00"), to: .timestamp, context: context) == expected)
        #expect(ValueCast.cast(.string("2024-01-01T12:00:00+02:00"), to: .timestamp, context: context) == expected)
        #expect(ValueCast.cast(.string("1704103200000"), to: .timestamp, context: context) == expected)
        #expect(ValueCast.cast(.int(1_704_103_200_000), to: .timestamp, context: context) == expected)
        #expect(ValueCast.cast(.date(19723), to: .timestamp, context: context) == ts("2024-01-01T00:00:00Z"))
        #expect(ValueCast.cast(.string("2024-01-01"), to: .date, context: context) == .date(19723))
        #expect(ValueCast.cast(expected, to: .date, context: context) == .date(19723))
        #expect(ValueCast.cast(ts("1969-12-31T23:00:00Z"), to: .date, context: context) == .date(-1))
        #expect(ValueCast.cast(.string("5s"), to: .interval, context: context) == .interval(5_000))
        #expect(ValueCast.cast(.int(250), to: .interval, context: context) == .interval(250))
        #expect(ValueCast.cast(expected, to: .bigint, context: context) == .int(1_704_103_200_000))
        #expect(context.errorCount == 0)
    }

    @Test func castToBooleanAndDouble() {
        let context = EvaluationContext()
        #expect(ValueCast.cast(.string("true"), to: .boolean, context: context) == .boolean(true))
        #expect(ValueCast.cast(.string("FALSE"), to: .boolean, context: context) == .boolean(false))
        #expect(ValueCast.cast(.string("1"), to: .boolean, context: context) == .boolean(true))
        #expect(ValueCast.cast(.string("0"), to: .boolean, context: context) == .boolean(false))
        #expect(ValueCast.cast(.int(2), to: .boolean, context: context) == .boolean(true))
        #expect(ValueCast.cast(dec("0.0"), to: .boolean, context: context) == .boolean(false))
        #expect(ValueCast.cast(.string("2.5"), to: .double, context: context) == .double(2.5))
        #expect(ValueCast.cast(dec("0.1"), to: .double, context: context) == .double(0.1))
        #expect(ValueCast.cast(.int(3), to: .double, context: context) == .double(3))
        #expect(ValueCast.cast(.boolean(true), to: .double, context: context) == .double(1))
        #expect(context.errorCount == 0)
    }

    @Test func castContainers() {
        let context = EvaluationContext()
        #expect(ValueCast.cast(.array([.string("1"), .null]), to: .array(.int), context: context) == .array([.int(1), .null]))
        let object = Value.struct([.init("a", .int(1)), .init("b", .string("x"))])
        #expect(ValueCast.cast(object, to: .map(.any), context: context) == .map([.init("a", .int(1)), .init("b", .string("x"))]))
        let shaped = ValueCast.cast(object, to: .struct([.init(name: "b", type: .string), .init(name: "c", type: .int)]), context: context)
        #expect(shaped == .struct([.init("b", .string("x")), .init("c", .null)]))
        #expect(ValueCast.cast(.string("x"), to: .any, context: context) == .string("x"))
        #expect(context.errorCount == 0)
    }

    // MARK: Type rules

    @Test func arithmeticTypes() {
        #expect(TypeRules.arithmetic(.add, .int, .int) == .int)
        #expect(TypeRules.arithmetic(.divide, .int, .bigint) == .bigint)
        #expect(TypeRules.arithmetic(.add, .int, .decimal(precision: 10, scale: 2)) == .decimal(precision: 13, scale: 2))
        #expect(TypeRules.arithmetic(.multiply, .decimal(precision: 5, scale: 3), .decimal(precision: 10, scale: 2))
                == .decimal(precision: 16, scale: 5))
        #expect(TypeRules.arithmetic(.multiply, .decimal(precision: 38, scale: 10), .decimal(precision: 38, scale: 10))
                == .decimal(precision: 38, scale: 20))
        #expect(TypeRules.arithmetic(.add, .decimal(precision: 10, scale: 2), .double) == .double)
        #expect(TypeRules.arithmetic(.add, .timestamp, .interval) == .timestamp)
        #expect(TypeRules.arithmetic(.subtract, .timestamp, .timestamp) == .interval)
        #expect(TypeRules.arithmetic(.add, .interval, .interval) == .interval)
        #expect(TypeRules.arithmetic(.add, .any, .int) == .any)
        #expect(TypeRules.arithmetic(.concat, .int, .string) == .string)
        #expect(TypeRules.arithmetic(.add, .string, .int) == nil)
        #expect(TypeRules.arithmetic(.add, .timestamp, .timestamp) == nil)
        #expect(TypeRules.arithmetic(.add, .any, .string) == nil)
        #expect(TypeRules.arithmetic(.equal, .int, .double) == .boolean)
        #expect(TypeRules.negation(.string) == nil)
        #expect(TypeRules.negation(.interval) == .interval)
    }

    @Test func comparableTypes() {
        #expect(TypeRules.comparable(.int, .decimal(precision: 5, scale: 2)))
        #expect(TypeRules.comparable(.any, .array(.int)))
        #expect(TypeRules.comparable(.timestamp, .date))
        #expect(TypeRules.comparable(.string, .string))
        #expect(!TypeRules.comparable(.string, .int))
        #expect(!TypeRules.comparable(.boolean, .int))
    }

    @Test func commonTypes() {
        #expect(TypeRules.commonType([.int, .bigint]) == .bigint)
        #expect(TypeRules.commonType([.int, .decimal(precision: 5, scale: 2)]) == .decimal(precision: 12, scale: 2))
        #expect(TypeRules.commonType([.int, .decimal(precision: 5, scale: 2), .double]) == .double)
        #expect(TypeRules.commonType([.any, .string]) == .string)
        #expect(TypeRules.commonType([.any, .any]) == .any)
        #expect(TypeRules.commonType([]) == .any)
        #expect(TypeRules.commonType([.string, .int]) == nil)
        #expect(TypeRules.commonType([.array(.int), .array(.bigint)]) == .array(.bigint))
    }

    @Test func castableTypes() {
        #expect(TypeRules.canCast(from: .string, to: .int))
        #expect(TypeRules.canCast(from: .decimal(precision: 5, scale: 2), to: .int))
        #expect(TypeRules.canCast(from: .boolean, to: .int))
        #expect(TypeRules.canCast(from: .array(.int), to: .string))
        #expect(TypeRules.canCast(from: .any, to: .timestamp))
        #expect(TypeRules.canCast(from: .bigint, to: .timestamp))
        #expect(!TypeRules.canCast(from: .boolean, to: .timestamp))
        #expect(!TypeRules.canCast(from: .array(.int), to: .int))
        #expect(!TypeRules.canCast(from: .string, to: .array(.string)))
    }

    @Test func valueTypes() {
        #expect(TypeRules.valueType(.int(1)) == .bigint)
        #expect(TypeRules.valueType(dec("123.45")) == .decimal(precision: 5, scale: 2))
        #expect(TypeRules.valueType(.null) == .any)
        #expect(TypeRules.valueType(.array([.int(1), .null])) == .array(.bigint))
    }

    // MARK: LIKE

    @Test func likeWildcards() {
        #expect(LikePattern(pattern: "abc").matches("abc"))
        #expect(!LikePattern(pattern: "abc").matches("abcd"))
        #expect(LikePattern(pattern: "a%").matches("a"))
        #expect(LikePattern(pattern: "a%").matches("abc"))
        #expect(!LikePattern(pattern: "a%").matches("ba"))
        #expect(LikePattern(pattern: "%c").matches("abc"))
        #expect(LikePattern(pattern: "%b%").matches("abc"))
        #expect(LikePattern(pattern: "%").matches(""))
        #expect(LikePattern(pattern: "a_c").matches("abc"))
        #expect(!LikePattern(pattern: "a_c").matches("ac"))
        #expect(!LikePattern(pattern: "a_c").matches("abbc"))
        #expect(LikePattern(pattern: "_").matches("é"))
        #expect(LikePattern(pattern: "%a%b%c%").matches("xxaxxbxxcxx"))
        #expect(!LikePattern(pattern: "%a%b%c%").matches("xxcxxbxxaxx"))
        #expect(LikePattern(pattern: "a%%b").matches("ab"))
        #expect(LikePattern(pattern: "%ab%ab").matches("abxabab"))
    }

    @Test func likeIsCaseSensitiveAndLiteral() {
        #expect(!LikePattern(pattern: "ABC").matches("abc"))
        #expect(LikePattern(pattern: "a.c").matches("a.c"))
        #expect(!LikePattern(pattern: "a.c").matches("abc"))
        #expect(LikePattern(pattern: "[x]*\\").matches("[x]*\\"))
        #expect(!LikePattern(pattern: "^a$").matches("a"))
    }

    @Test func likeHasNoExponentialBacktracking() {
        let text = String(repeating: "a", count: 5_000)
        let pattern = LikePattern(pattern: String(repeating: "%a", count: 30) + "b")
        #expect(!pattern.matches(text))
    }
}
