import Testing
@testable import VeloCore

private func dec(_ text: String) throws -> SQLDecimal {
    try #require(SQLDecimal(text), "\(text) should parse")
}

private let nines38 = String(repeating: "9", count: 38)

@Suite struct DecimalParsingTests {
    @Test(arguments: [
        ("123.45", "123.45"), ("-0.5", "-0.5"), (".5", "0.5"), ("1e3", "1000"), ("1.5E-2", "0.015"),
        ("1.50", "1.50"), ("-0.05", "-0.05"), ("100", "100"), ("+7", "7"), ("0.000", "0.000"),
        ("1.", "1"), ("-0", "0"), ("007.10", "7.10"), ("1.50e1", "15.0"), ("2E+2", "200"), ("0e5", "0"),
        ("12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678"),
    ])
    func parsesAndPrintsEveryDigit(text: String, printed: String) throws {
        #expect(try dec(text).description == printed)
    }

    @Test(arguments: [
        "", ".", "-", "+", "1e", "1e+", "abc", "1.2.3", " 1", "1 ", "--1", "0x10", "NaN", "inf", "1,5", "e5",
        String(repeating: "1", count: 39),  // 39 significant digits
        "1e38",  // 39 digits
        "1e-39",  // scale 39
        "1" + String(repeating: "0", count: 38) + "1",
    ])
    func rejects(text: String) {
        #expect(SQLDecimal(text) == nil)
    }

    @Test func thirtyEightDigitsFit() throws {
        #expect(try dec(nines38).description == nines38)
        #expect(try dec("-" + nines38).significand == -SQLDecimal.maxSignificand)
        #expect(try dec("0." + nines38).description == "0." + nines38)
        // Leading zeros are not significant.
        #expect(try dec("0000" + nines38).description == nines38)
    }

    @Test func trailingZerosPastThe38thDigitAreDropped() throws {
        let value = try dec("1." + String(repeating: "0", count: 45))
        #expect(value == SQLDecimal(1))
        #expect(value.scale == 37)
    }

    @Test func parsesFromBytes() {
        let bytes = Array("-12.340".utf8)
        let value = bytes.withUnsafeBytes { SQLDecimal(utf8: $0) }
        #expect(value?.description == "-12.340")
    }
}

@Suite struct DecimalArithmeticTests {
    @Test func pointOnePlusPointTwoIsExactlyPointThree() throws {
        let sum = try #require(try dec("0.1").adding(dec("0.2")))
        #expect(sum == (try dec("0.3")))
        #expect(sum.description == "0.3")
    }

    @Test func equalityAndHashIgnoreTrailingZeros() throws {
        let a = try dec("1.0")
        let b = try dec("1.00")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(try dec("100") == dec("1e2"))
        #expect(try dec("100").hashValue == dec("100.000").hashValue)
        #expect(try dec("0") == dec("0.000"))
        #expect(try dec("0").hashValue == dec("-0.00").hashValue)
        #expect(try dec("1.0") != dec("1.01"))
        #expect(Set([a, b, try dec("1"), try dec("2")]).count == 2)
        #expect(Value.decimal(a) == Value.decimal(b))
    }

    @Test func ordersExactly() throws {
        let ordered = try ["-" + nines38, "-1", "-0.5", "0", "0.000000000000000000000000000000000001", "0.001", "1", nines38]
            .map(dec)
        for (lower, higher) in zip(ordered, ordered.dropFirst()) {
            #expect(lower < higher)
            #expect(!(higher < lower))
        }
        #expect(!(try dec("1") < dec("1.000")))
        // Differ only in the 38th digit, at different scales.
        #expect(try dec("9999999999999999999999999999999999999.8") < dec(nines38 + ".0"))
        #expect(try dec("0.99999999999999999999999999999999999998") < dec("0.99999999999999999999999999999999999999"))
        #expect(SQLDecimal.compare(try dec("2.50"), try dec("2.5")) == 0)
    }

    @Test func addsAndSubtractsThirtyEightDigits() throws {
        let almost = try dec(String(repeating: "9", count: 37) + "8")
        #expect(almost.adding(SQLDecimal(1))?.description == nines38)
        let big = try dec("1234567890123456789012345678.9012345678")
        #expect(big.subtracting(try dec("0.0000000001"))?.description == "1234567890123456789012345678.9012345677")
        #expect(big.adding(big.negated)?.isZero == true)
        #expect(try dec("1.5").subtracting(dec("2.25"))?.description == "-0.75")
    }

    @Test func additionKeepsTheLargerScaleUnlessDigitsMustGo() throws {
        #expect(try dec("1.5").adding(dec("1.25"))?.description == "2.75")
        #expect(try dec("1.50").adding(dec("1"))?.description == "2.50")
        // 10^37 + 1.00: the exact sum fits only at scale 0.
        let sum = try dec("1" + String(repeating: "0", count: 37)).adding(dec("1.00"))
        #expect(sum?.description == "1" + String(repeating: "0", count: 36) + "1")
    }

    @Test func overflowIsNil() throws {
        let max = try dec(nines38)
        #expect(max.adding(SQLDecimal(1)) == nil)
        #expect(max.negated.subtracting(SQLDecimal(1)) == nil)
        #expect(max.multiplying(by: SQLDecimal(10)) == nil)
        #expect(max.adding(try dec("0.1")) == nil)  // 39 digits
        let e19 = try dec("1e19")
        #expect(e19.multiplying(by: e19) == nil)  // 10^38: 39 digits
        #expect(try dec("1e18").multiplying(by: e19)?.description == "1" + String(repeating: "0", count: 37))
        #expect(max.dividing(by: try dec("0.1")) == nil)
        #expect(max.rescaled(to: 1) == nil)
    }

    @Test func multipliesExactly() throws {
        #expect(try dec("1.5").multiplying(by: dec("2.25"))?.description == "3.375")
        #expect(try dec("0.1").multiplying(by: dec("0.1"))?.description == "0.01")
        #expect(try dec("1.0").multiplying(by: dec("1.0"))?.description == "1.00")
        #expect(try dec("-3").multiplying(by: dec("0.5"))?.description == "-1.5")
        // Scale 40 in the exact product: trailing zeros go, the value stays exact.
        let one = try dec("1." + String(repeating: "0", count: 20))
        let square = try #require(one.multiplying(by: one))
        #expect(square == SQLDecimal(1))
        #expect(square.scale <= SQLDecimal.maxScale)
        // 1e-20 squared needs scale 40: not representable.
        #expect(try dec("0.00000000000000000001").multiplying(by: dec("0.00000000000000000001")) == nil)
        let big = try dec("12345678901234567890")
        #expect(big.multiplying(by: big) == nil)
        #expect(try dec("1234567890123456789").multiplying(by: dec("1234567890123456789"))?.description
            == "1524157875323883675019051998750190521")
    }

    @Test func dividesAtTheDivisionScaleRoundingHalfAwayFromZero() throws {
        #expect(try dec("1").dividing(by: dec("3"))?.description == "0.333333")
        #expect(try dec("2").dividing(by: dec("3"))?.description == "0.666667")
        #expect(try dec("-2").dividing(by: dec("3"))?.description == "-0.666667")
        #expect(try dec("2").dividing(by: dec("-3"))?.description == "-0.666667")
        #expect(try dec("10").dividing(by: dec("4"))?.description == "2.500000")
        #expect(try dec("5").dividing(by: dec("0.5"))?.description == "10.000000")
        #expect(try dec("0.000001").dividing(by: dec("2"))?.description == "0.000001")
        #expect(try dec("-0.000001").dividing(by: dec("2"))?.description == "-0.000001")
        #expect(try dec("0.000001").dividing(by: dec("3"))?.description == "0.000000")
        // The larger operand scale wins over divisionScale.
        #expect(try dec("1.00000000").dividing(by: dec("3"))?.description == "0.33333333")
        #expect(try dec("1").dividing(by: dec("3.0000000000"))?.description == "0.3333333333")
        // Wide intermediate: 38 digits over 38 digits.
        #expect(try dec(nines38).dividing(by: dec(nines38))?.description == "1.000000")
        // 1 at scale 38 needs 39 digits: one trailing zero goes.
        #expect(try dec("0." + nines38).dividing(by: dec("0." + nines38))?.description == "1." + String(repeating: "0", count: 37))
        // 1 ÷ 0.1000…0 (scale 38) = 10: the divisor's trailing zeros do not overflow the intermediate.
        #expect(try dec("1").dividing(by: dec("0.1" + String(repeating: "0", count: 37)))?.description
            == "10." + String(repeating: "0", count: 36))
        #expect(try dec(nines38).dividing(by: dec("0.5")) == nil)
    }

    @Test func divisionByZeroIsNil() throws {
        #expect(try dec("1").dividing(by: dec("0.00")) == nil)
        #expect(try dec("1").remainder(dividingBy: dec("0")) == nil)
    }

    @Test func remainderHasTheDividendsSign() throws {
        #expect(try dec("10").remainder(dividingBy: dec("3"))?.description == "1")
        #expect(try dec("-10").remainder(dividingBy: dec("3"))?.description == "-1")
        #expect(try dec("10").remainder(dividingBy: dec("-3"))?.description == "1")
        #expect(try dec("5.5").remainder(dividingBy: dec("2"))?.description == "1.5")
        #expect(try dec("1").remainder(dividingBy: dec("0.3"))?.description == "0.1")
        #expect(try dec("0.5").remainder(dividingBy: dec(nines38)) == (try dec("0.5")))
        #expect(try dec(nines38).remainder(dividingBy: dec("0.7"))?.description == "0.3")
    }

    @Test func rescalesWithRounding() throws {
        #expect(try dec("1.255").rescaled(to: 2)?.description == "1.26")
        #expect(try dec("-1.255").rescaled(to: 2)?.description == "-1.26")
        #expect(try dec("1.254").rescaled(to: 2)?.description == "1.25")
        #expect(try dec("2.5").rescaled(to: 0)?.description == "3")
        #expect(try dec("-2.5").rescaled(to: 0)?.description == "-3")
        #expect(try dec("1").rescaled(to: 2)?.description == "1.00")
        #expect(try dec("1").rescaled(to: 39) == nil)
        #expect(try dec("1").rescaled(to: -1) == nil)
        #expect(try dec("2.5").rescaled(to: 0, rounding: .toNearestOrEven)?.description == "2")
        #expect(try dec("-2.7").rescaled(to: 0, rounding: .towardZero)?.description == "-2")
        #expect(try dec("-2.1").rescaled(to: 0, rounding: .down)?.description == "-3")
        #expect(try dec("2.1").rescaled(to: 0, rounding: .up)?.description == "3")
        #expect(try dec("0." + nines38).rescaled(to: 0)?.description == "1")
    }

    @Test func convertsToInt64TruncatingTowardZero() throws {
        #expect(try dec("3.9").int64Value == 3)
        #expect(try dec("-3.9").int64Value == -3)
        #expect(try dec("9223372036854775807").int64Value == Int64.max)
        #expect(try dec("-9223372036854775808").int64Value == Int64.min)
        #expect(try dec("9223372036854775808").int64Value == nil)
        #expect(try dec(nines38).int64Value == nil)
        #expect(try dec("0.5").int64Value == 0)
    }

    @Test func convertsToAndFromDouble() throws {
        #expect(try dec("0.1").doubleValue == 0.1)
        #expect(try dec("123.45").doubleValue == 123.45)
        #expect(try dec("-2.5e-10").doubleValue == -2.5e-10)
        #expect(try dec("12345678901234567890.123456789").doubleValue == 12345678901234567890.123456789)
        #expect(try dec(nines38).doubleValue == 1e38)

        #expect(SQLDecimal(exactly: 0.5)?.description == "0.5")
        #expect(SQLDecimal(exactly: -0.25)?.description == "-0.25")
        #expect(SQLDecimal(exactly: 3.0)?.description == "3")
        #expect(SQLDecimal(exactly: 1e20)?.description == "100000000000000000000")
        #expect(SQLDecimal(exactly: 0)?.description == "0")
        #expect(SQLDecimal(exactly: 0.1) == nil)
        #expect(SQLDecimal(exactly: 1e40) == nil)
        #expect(SQLDecimal(exactly: .nan) == nil)
        #expect(SQLDecimal(exactly: .infinity) == nil)

        #expect(SQLDecimal(rounding: 1.005, scale: 2)?.description == "1.01")
        #expect(SQLDecimal(rounding: 0.1, scale: 2)?.description == "0.10")
        #expect(SQLDecimal(rounding: 2.5, scale: 0)?.description == "3")
        #expect(SQLDecimal(rounding: -2.5, scale: 0)?.description == "-3")
        #expect(SQLDecimal(rounding: 123.456, scale: 1)?.description == "123.5")
        #expect(SQLDecimal(rounding: 1e-10, scale: 2)?.description == "0.00")
        #expect(SQLDecimal(rounding: 1e20, scale: 0)?.description == "100000000000000000000")
        #expect(SQLDecimal(rounding: .nan, scale: 2) == nil)
        #expect(SQLDecimal(rounding: 1e300, scale: 0) == nil)
    }

    @Test func outOfRangeValuesNeverTrap() {
        let weird = [
            SQLDecimal(significand: .min, scale: 0), SQLDecimal(significand: .max, scale: -5),
            SQLDecimal(significand: 1, scale: .max), SQLDecimal(significand: -1, scale: .min),
            SQLDecimal(significand: 10, scale: -3),
        ]
        for a in weird {
            _ = a.description
            _ = a.hashValue
            _ = a.int64Value
            _ = a.doubleValue
            #expect(a.adding(SQLDecimal(1)) == nil)
            for b in weird { _ = a < b; _ = a == b }
        }
        #expect(SQLDecimal(significand: 10, scale: -3) == SQLDecimal(10_000))
        #expect(SQLDecimal(significand: 10, scale: -3).description == "10000")
    }
}
