import Testing
import VeloCore
@testable import VeloRuntime

// MARK: - Helpers

private func dec(_ text: String) -> Value {
    guard let decimal = SQLDecimal(text) else {
        Issue.record("bad decimal literal \(text)")
        return .null
    }
    return .decimal(decimal)
}

/// The call as the planner would build it: the result type from the function catalog.
private func aggregate(_ function: AggregateFunction, _ input: SQLType, distinct: Bool = false,
                       extra: [ScalarExpr] = [], planned: Bool = true) -> AggregateCall {
    let name = function == .countRows ? "COUNT" : function.rawValue
    var types: [SQLType] = function == .countRows ? [] : [input]
    for argument in extra {
        if case .literal(let value) = argument, case .string = value { types.append(.string) } else { types.append(.double) }
    }
    let resultType: SQLType
    switch FunctionCatalog.lookup(name)?.resultType(types) {
    case .success(let type)?: resultType = type
    default:
        // Calls the planner would reject are still built, to test the factory's own checks.
        if planned { Issue.record("no result type for \(name)(\(types))") }
        resultType = .any
    }
    let arguments: [ScalarExpr] = (function == .countRows ? [] : [.column(0)]) + extra
    return AggregateCall(function: function, arguments: arguments, distinct: distinct,
                         inputType: function == .countRows ? .bigint : input, resultType: resultType)
}

private func factory(_ call: AggregateCall, sourceLocation: SourceLocation = #_sourceLocation) throws -> AggregateFactory {
    do {
        return try AggregateFactory(call)
    } catch {
        Issue.record("factory rejected \(call.function.rawValue): \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// One accumulator fed `values` (event time = position unless `times` is given).
private func accumulate(_ factory: AggregateFactory, _ values: ArraySlice<Value>, times: ArraySlice<Int64>? = nil) -> any AggregateAccumulator {
    let accumulator = factory.make()
    for index in values.indices {
        accumulator.add(values[index], time: times?[index] ?? Int64(index))
    }
    return accumulator
}

private func result(_ call: AggregateCall, _ values: [Value], times: [Int64]? = nil) throws -> Value {
    accumulate(try factory(call), values[...], times: times?[...]).result
}

/// Equal as the tests mean it: doubles within a relative 1e-9 (merges and one pass round differently),
/// decimals with the same digits and scale, everything else by `==`.
private func same(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case let (.double(x), .double(y)):
        if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
        if x == y { return true }
        return abs(x - y) <= 1e-9 * max(abs(x), abs(y))
    case let (.decimal(x), .decimal(y)):
        return x.significand == y.significand && x.scale == y.scale
    default:
        return a == b
    }
}

private func encoded(_ accumulator: any AggregateAccumulator) -> [UInt8] {
    var writer = StateWriter()
    accumulator.encode(into: &writer)
    return writer.bytes
}

private let ints: [Value] = [.int(4), .null, .int(-2), .int(10), .null, .int(7), .int(7), .int(1)]
private let doubles: [Value] = [.double(2.5), .null, .double(-1.25), .double(8), .double(0.5)]
private let decimals: [Value] = [dec("0.10"), .null, dec("0.20"), dec("0.30"), dec("-1.05"), dec("2.00")]
private let strings: [Value] = [.string("pear"), .null, .string("apple"), .string("Zebra"), .string("äpfel"), .string("pear")]
private let timestamps: [Value] = [.timestamp(1_700_000_000_000), .null, .timestamp(1_600_000_000_000), .timestamp(1_800_000_000_000)]

/// Every function with a table of input, for the generic properties (merge, encoding).
private struct Case: CustomStringConvertible, Sendable {
    var call: AggregateCall
    var values: [Value]
    var times: [Int64]?

    var description: String {
        "\(call.distinct ? "DISTINCT " : "")\(call.function.rawValue)(\(call.inputType))"
    }
}

private let cases: [Case] = {
    var list: [Case] = []
    func add(_ call: AggregateCall, _ values: [Value], times: [Int64]? = nil) {
        list.append(Case(call: call, values: values, times: times))
    }
    add(aggregate(.countRows, .bigint), ints)
    add(aggregate(.count, .bigint), ints)
    add(aggregate(.count, .string, distinct: true), strings)
    add(aggregate(.countDistinct, .bigint), ints)
    add(aggregate(.approxCountDistinct, .string), strings)
    add(aggregate(.approxCountDistinct, .bigint), ints)
    add(aggregate(.sum, .bigint), ints)
    add(aggregate(.sum, .double), doubles)
    add(aggregate(.sum, .decimal(precision: 10, scale: 2)), decimals)
    add(aggregate(.sum, .bigint, distinct: true), ints)
    add(aggregate(.avg, .bigint), ints)
    add(aggregate(.avg, .double), doubles)
    add(aggregate(.avg, .decimal(precision: 10, scale: 2)), decimals)
    add(aggregate(.avg, .decimal(precision: 10, scale: 2), distinct: true), decimals)
    add(aggregate(.min, .bigint), ints)
    add(aggregate(.max, .bigint), ints)
    add(aggregate(.min, .string), strings)
    add(aggregate(.max, .string), strings)
    add(aggregate(.min, .decimal(precision: 10, scale: 2)), decimals)
    add(aggregate(.max, .timestamp), timestamps)
    add(aggregate(.min, .double), doubles)
    // Times with ties and out of order.
    let edgeTimes: [Int64] = [50, 10, 30, 10, 90, 90, 20, 10]
    add(aggregate(.firstValue, .bigint), ints, times: edgeTimes)
    add(aggregate(.lastValue, .bigint), ints, times: edgeTimes)
    add(aggregate(.firstValue, .string), strings, times: [5, 1, 5, 9, 9, 3])
    add(aggregate(.lastValue, .string), strings, times: [5, 1, 5, 9, 9, 3])
    add(aggregate(.stddev, .bigint), ints)
    add(aggregate(.variance, .double), doubles)
    add(aggregate(.variance, .decimal(precision: 10, scale: 2)), decimals)
    add(aggregate(.median, .bigint), ints)
    add(aggregate(.median, .double), doubles)
    add(aggregate(.percentileCont, .bigint, extra: [.literal(.double(0.9))]), ints)
    add(aggregate(.percentileCont, .decimal(precision: 10, scale: 2), extra: [.literal(dec("0.25"))]), decimals)
    add(aggregate(.stringAgg, .string, extra: [.literal(.string(" | "))]), strings)
    add(aggregate(.stringAgg, .bigint), ints)
    add(aggregate(.stringAgg, .string, distinct: true, extra: [.literal(.string(";"))]), strings)
    add(aggregate(.median, .double, distinct: true), doubles)
    return list
}()

// MARK: - Results

@Suite struct AggregateResultTests {
    @Test func counts() throws {
        #expect(try result(aggregate(.countRows, .bigint), ints) == .int(8))
        #expect(try result(aggregate(.count, .bigint), ints) == .int(6))
        #expect(try result(aggregate(.count, .bigint, distinct: true), ints) == .int(5))
        #expect(try result(aggregate(.countDistinct, .string), strings) == .int(4))
        #expect(try result(aggregate(.countRows, .bigint), [.null, .null]) == .int(2))
        #expect(try result(aggregate(.count, .bigint), [.null, .null]) == .int(0))
    }

    @Test func sums() throws {
        #expect(try result(aggregate(.sum, .bigint), ints) == .int(27))
        #expect(try result(aggregate(.sum, .int), [.int(1), .int(2)]) == .int(3))
        #expect(try result(aggregate(.sum, .double), doubles) == .double(9.75))
        #expect(try result(aggregate(.sum, .interval), [.interval(1000), .null, .interval(500)]) == .interval(1500))
    }

    @Test func decimalSumIsExactAtTheColumnScale() throws {
        let sum = try result(aggregate(.sum, .decimal(precision: 10, scale: 2)), [dec("0.10"), dec("0.20"), .null, dec("0.30")])
        #expect(same(sum, dec("0.60")), "\(sum)")
        #expect(ValueCast.text(sum) == "0.60")
        let big = try result(aggregate(.sum, .decimal(precision: 38, scale: 0)), [dec("99999999999999999999999999999999999998"), dec("1")])
        #expect(ValueCast.text(big) == "99999999999999999999999999999999999999")
        // Past 38 digits: NULL, not a wrong number.
        let over = try result(aggregate(.sum, .decimal(precision: 38, scale: 0)), [dec("99999999999999999999999999999999999999"), dec("1")])
        #expect(over == .null)
    }

    @Test func averages() throws {
        #expect(try result(aggregate(.avg, .bigint), ints) == .double(4.5))
        #expect(try result(aggregate(.avg, .int), [.int(1), .int(2)]) == .double(1.5))
        #expect(try result(aggregate(.avg, .double), doubles) == .double(9.75 / 4))
        let avg = try result(aggregate(.avg, .decimal(precision: 10, scale: 2)), [dec("0.10"), dec("0.20"), .null, dec("0.30")])
        #expect(ValueCast.text(avg) == "0.200000")
        let third = try result(aggregate(.avg, .decimal(precision: 10, scale: 2)), [dec("1.00"), dec("0.00"), dec("1.00")])
        #expect(ValueCast.text(third) == "0.666667")  // rounded half away from zero at scale 6
        let wide = try result(aggregate(.avg, .decimal(precision: 20, scale: 8)), [dec("1.12345678"), dec("2.00000000")])
        #expect(ValueCast.text(wide) == "1.56172839")
        #expect(try result(aggregate(.avg, .interval), [.interval(1000), .interval(2000)]) == .interval(1500))
    }

    @Test func integerSumOverflowIsNullNotATrap() throws {
        #expect(try result(aggregate(.sum, .bigint), [.int(.max), .int(1)]) == .null)
        #expect(try result(aggregate(.sum, .bigint), [.int(.min), .int(-1)]) == .null)
        // Leaving the range on the way and coming back is fine: the running total is wider.
        #expect(try result(aggregate(.sum, .bigint), [.int(.max), .int(.max), .int(.min), .int(.min), .int(5)]) == .int(3))
        #expect(try result(aggregate(.avg, .bigint), [.int(.max), .int(.max)]) == .double(Double(Int64.max)))
    }

    @Test func extremes() throws {
        #expect(try result(aggregate(.min, .bigint), ints) == .int(-2))
        #expect(try result(aggregate(.max, .bigint), ints) == .int(10))
        #expect(try result(aggregate(.min, .string), strings) == .string("Zebra"))  // code point order
        #expect(try result(aggregate(.max, .string), strings) == .string("äpfel"))
        #expect(try result(aggregate(.max, .timestamp), timestamps) == .timestamp(1_800_000_000_000))
        #expect(try result(aggregate(.min, .date), [.date(3), .null, .date(-4)]) == .date(-4))
        let minimum = try result(aggregate(.min, .decimal(precision: 10, scale: 2)), decimals)
        #expect(same(minimum, dec("-1.05")))
        let maximum = try result(aggregate(.max, .decimal(precision: 10, scale: 2)), decimals)
        #expect(ValueCast.text(maximum) == "2.00")  // exact digits kept
        #expect(try result(aggregate(.max, .double), [.double(1), .double(.nan), .double(3)]).numericDouble?.isNaN == true)
        #expect(try result(aggregate(.min, .double), [.double(1), .double(.nan), .double(-.infinity)]) == .double(-.infinity))
        #expect(try result(aggregate(.max, .any), [.int(2), dec("2.5"), .double(1.5)]) == dec("2.5"))
    }

    @Test func firstAndLastFollowEventTime() throws {
        let times: [Int64] = [50, 10, 30, 10, 90, 90, 20, 10]
        // ints: 4 NULL -2 10 NULL 7 7 1 — the NULL at t=10 is skipped; ties: first added / last added.
        #expect(try result(aggregate(.firstValue, .bigint), ints, times: times) == .int(10))
        #expect(try result(aggregate(.lastValue, .bigint), ints, times: times) == .int(7))
        let tied: [Value] = [.string("a"), .string("b"), .string("c")]
        #expect(try result(aggregate(.firstValue, .string), tied, times: [5, 5, 5]) == .string("a"))
        #expect(try result(aggregate(.lastValue, .string), tied, times: [5, 5, 5]) == .string("c"))
        #expect(try result(aggregate(.lastValue, .string), tied, times: [7, 5, 6]) == .string("a"))
    }

    @Test func standardDeviationAndVarianceAreTheSampleForms() throws {
        let values: [Value] = [.int(2), .int(4), .null, .int(4), .int(4), .int(5), .int(5), .int(7), .int(9)]
        // mean 5, Σ(x − 5)² = 32, n − 1 = 7
        let variance = try result(aggregate(.variance, .bigint), values)
        #expect(same(variance, .double(32.0 / 7)), "\(variance)")
        let stddev = try result(aggregate(.stddev, .bigint), values)
        #expect(same(stddev, .double((32.0 / 7).squareRoot())), "\(stddev)")
        #expect(try result(aggregate(.stddev, .double), [.double(3), .null]) == .null)
        #expect(try result(aggregate(.variance, .double), [.double(3), .double(3)]) == .double(0))
        // A large mean with a small spread: the naive Σx² formula loses it all.
        let shifted = try result(aggregate(.variance, .double), [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16].map(Value.double))
        #expect(same(shifted, .double(30)), "\(shifted)")
        let decimalVariance = try result(aggregate(.variance, .decimal(precision: 5, scale: 1)), [dec("1.5"), dec("2.5")])
        #expect(same(decimalVariance, .double(0.5)))
    }

    @Test func medianAndPercentiles() throws {
        #expect(try result(aggregate(.median, .bigint), [.int(3), .null, .int(1), .int(2)]) == .double(2))
        #expect(try result(aggregate(.median, .bigint), [.int(4), .int(1), .int(3), .int(2)]) == .double(2.5))
        #expect(try result(aggregate(.median, .bigint), ints) == .double(5.5))  // 1 -2 4 7 7 10 → (4 + 7) / 2
        #expect(try result(aggregate(.median, .double), [.double(7)]) == .double(7))
        let values: [Value] = [.int(10), .int(20), .null, .int(30), .int(40)]
        func percentile(_ p: Double) throws -> Value {
            try result(aggregate(.percentileCont, .bigint, extra: [.literal(.double(p))]), values)
        }
        #expect(try percentile(0) == .double(10))
        #expect(try percentile(1) == .double(40))
        #expect(try percentile(0.5) == .double(25))
        #expect(same(try percentile(0.9), .double(37)))  // rank 2.7: 30 + 0.7 × 10
        #expect(same(try percentile(0.25), .double(17.5)))
        let decimalP = try result(aggregate(.percentileCont, .bigint, extra: [.literal(dec("0.5"))]), values)
        #expect(decimalP == .double(25))
        let intP = try result(aggregate(.percentileCont, .bigint, extra: [.literal(.int(1))]), values)
        #expect(intP == .double(40))
    }

    @Test func stringAggJoinsInArrivalOrder() throws {
        #expect(try result(aggregate(.stringAgg, .string, extra: [.literal(.string(", "))]), strings)
            == .string("pear, apple, Zebra, äpfel, pear"))
        #expect(try result(aggregate(.stringAgg, .bigint), [.int(1), .null, .int(2)]) == .string("1,2"))
        #expect(try result(aggregate(.stringAgg, .string, extra: [.literal(.string(""))]), [.string("a"), .string(""), .string("b")]) == .string("ab"))
        #expect(try result(aggregate(.stringAgg, .string, extra: [.literal(.string("-"))]), [.string(""), .string("")]) == .string("-"))
        #expect(try result(aggregate(.stringAgg, .string, distinct: true, extra: [.literal(.string("/"))]), strings)
            == .string("pear/apple/Zebra/äpfel"))
    }

    @Test func emptyInputIsNullExceptForCounts() throws {
        for testCase in cases {
            for input in [[], [Value.null, .null]] {
                let value = try result(testCase.call, input)
                switch testCase.call.function {
                case .countRows:
                    #expect(value == .int(Int64(input.count)))
                case .count, .countDistinct, .approxCountDistinct:
                    #expect(value == .int(0), "\(testCase)")
                default:
                    #expect(value == .null, "\(testCase) of \(input) gave \(value)")
                }
            }
        }
    }
}

// MARK: - Merge, encoding

@Suite struct AggregateStateTests {
    @Test(arguments: cases)
    fileprivate func splittingAndMergingChangesNothing(testCase: Case) throws {
        let factory = try factory(testCase.call)
        let times = testCase.times ?? testCase.values.indices.map(Int64.init)
        let whole = accumulate(factory, testCase.values[...], times: times[...]).result
        for split in 0...testCase.values.count {
            let left = accumulate(factory, testCase.values[..<split], times: times[..<split])
            let right = accumulate(factory, testCase.values[split...], times: times[split...])
            left.merge(right)
            #expect(same(left.result, whole), "\(testCase) split at \(split): \(left.result) vs \(whole)")
        }
        // Merging into an empty accumulator, and merging an empty one, too.
        let empty = factory.make()
        empty.merge(accumulate(factory, testCase.values[...], times: times[...]))
        #expect(same(empty.result, whole), "\(testCase) merged into empty")
        let full = accumulate(factory, testCase.values[...], times: times[...])
        full.merge(factory.make())
        #expect(same(full.result, whole), "\(testCase) merged with empty")
    }

    @Test(arguments: cases)
    fileprivate func encodingRoundTrips(testCase: Case) throws {
        let factory = try factory(testCase.call)
        let times = testCase.times ?? testCase.values.indices.map(Int64.init)
        for prefix in [0, 1, testCase.values.count / 2, testCase.values.count] {
            let original = accumulate(factory, testCase.values[..<prefix], times: times[..<prefix])
            let bytes = encoded(original)
            #expect(bytes.first == 1, "format version first")
            var reader = StateReader(bytes)
            let decoded = try factory.decode(&reader)
            #expect(reader.isAtEnd)
            #expect(same(decoded.result, original.result), "\(testCase) after \(prefix) values")
            #expect(encoded(decoded) == bytes, "\(testCase): encoding is deterministic")
            // The decoded accumulator keeps going like the original.
            for index in prefix..<testCase.values.count {
                original.add(testCase.values[index], time: times[index])
                decoded.add(testCase.values[index], time: times[index])
            }
            #expect(same(decoded.result, original.result), "\(testCase) continued after decoding")
        }
    }

    @Test(arguments: cases)
    fileprivate func truncatedStateThrows(testCase: Case) throws {
        let factory = try factory(testCase.call)
        let bytes = encoded(accumulate(factory, testCase.values[...], times: testCase.times?[...]))
        for length in 0..<bytes.count {
            var reader = StateReader(Array(bytes[..<length]))
            #expect(throws: StateFormatError.self, "\(testCase) cut at \(length) of \(bytes.count)") {
                _ = try factory.decode(&reader)
            }
        }
    }

    @Test func stateOfAnotherAggregateOrVersionIsRejected() throws {
        let sum = try factory(aggregate(.sum, .bigint))
        let count = try factory(aggregate(.count, .bigint))
        var reader = StateReader(encoded(accumulate(sum, ints[...])))
        #expect(throws: StateFormatError.self) { _ = try count.decode(&reader) }
        var future = encoded(accumulate(count, ints[...]))
        future[0] = 99
        var futureReader = StateReader(future)
        do {
            _ = try count.decode(&futureReader)
            Issue.record("a future version was accepted")
        } catch {
            #expect(error.description.contains("version 99"))
        }
        var garbage = StateReader([1, 200, 0, 0])
        #expect(throws: StateFormatError.self) { _ = try sum.decode(&garbage) }
    }

    @Test func denseHyperLogLogRoundTripsAndTruncationThrows() throws {
        let factory = try factory(aggregate(.approxCountDistinct, .bigint))
        let accumulator = accumulate(factory, (0..<5000).map { Value.int(Int64($0)) }[...])
        let bytes = encoded(accumulator)
        #expect(bytes.count > HyperLogLogAccumulator.registerCount)
        var reader = StateReader(bytes)
        let decoded = try factory.decode(&reader)
        #expect(decoded.result == accumulator.result)
        #expect(encoded(decoded) == bytes)
        for length in stride(from: 0, to: bytes.count, by: 97) + [bytes.count - 1] {
            var cut = StateReader(Array(bytes[..<length]))
            #expect(throws: StateFormatError.self) { _ = try factory.decode(&cut) }
        }
    }
}

// MARK: - APPROX_COUNT_DISTINCT, DISTINCT

@Suite struct DistinctAggregateTests {
    private func estimate(_ values: some Sequence<Value>) throws -> Int64 {
        let accumulator = try factory(aggregate(.approxCountDistinct, .any)).make()
        for value in values { accumulator.add(value, time: 0) }
        guard case .int(let n) = accumulator.result else {
            Issue.record("not a count: \(accumulator.result)")
            return -1
        }
        return n
    }

    @Test func hyperLogLogIsExactForSmallCounts() throws {
        #expect(try estimate([]) == 0)
        #expect(try estimate([.null]) == 0)
        #expect(try estimate([.int(1), .int(1), .null]) == 1)
        #expect(try estimate((0..<1000).map { Value.int(Int64($0 % 100)) }) == 100)
        #expect(try estimate((0..<1024).map { Value.string("user-\($0)") }) == 1024)
        // Equal values in different spellings are one value.
        #expect(try estimate([dec("1.5"), dec("1.50"), .double(0), .double(-0.0), .double(.nan), .double(.nan)]) == 3)
    }

    @Test(arguments: [2_000, 10_000, 100_000])
    func hyperLogLogIsWithinTwoPercent(distinct: Int) throws {
        let values = (0..<distinct).lazy.map { Value.int(Int64($0) &* 7_919 &+ 13) }
        let n = try estimate(values)
        let error = abs(Double(n) - Double(distinct)) / Double(distinct)
        #expect(error < 0.02, "estimated \(n) for \(distinct)")
        let strings = try estimate((0..<distinct).lazy.map { Value.string("key-\($0)") })
        #expect(abs(Double(strings) - Double(distinct)) / Double(distinct) < 0.02, "estimated \(strings) for \(distinct) strings")
    }

    @Test func hyperLogLogMergesAsTheUnion() throws {
        let factory = try factory(aggregate(.approxCountDistinct, .bigint))
        let a = factory.make()
        let b = factory.make()
        for i in 0..<60_000 { a.add(.int(Int64(i)), time: 0) }
        for i in 40_000..<100_000 { b.add(.int(Int64(i)), time: 0) }
        let whole = factory.make()
        for i in 0..<100_000 { whole.add(.int(Int64(i)), time: 0) }
        a.merge(b)
        #expect(a.result == whole.result)
        // Sparse into dense and dense into sparse.
        let small = factory.make()
        for i in 0..<10 { small.add(.int(Int64(i)), time: 0) }
        let big = factory.make()
        for i in 0..<5_000 { big.add(.int(Int64(i)), time: 0) }
        let bigCopy = factory.make()
        for i in 0..<5_000 { bigCopy.add(.int(Int64(i)), time: 0) }
        small.merge(big)
        bigCopy.merge(factory.make())
        #expect(small.result == bigCopy.result)
    }

    @Test func distinctCountsAndSumsEachValueOnce() throws {
        let values: [Value] = [.int(1), .int(1), .int(2), .null, .int(2), .int(3)]
        #expect(try result(aggregate(.count, .bigint, distinct: true), values) == .int(3))
        #expect(try result(aggregate(.countDistinct, .bigint), values) == .int(3))
        #expect(try result(aggregate(.sum, .bigint, distinct: true), values) == .int(6))
        #expect(try result(aggregate(.avg, .bigint, distinct: true), values) == .double(2))
        #expect(try result(aggregate(.count, .double, distinct: true), [.double(.nan), .double(.nan), .double(0), .double(-0.0)]) == .int(2))
        #expect(try result(aggregate(.count, .decimal(precision: 5, scale: 2), distinct: true), [dec("1.5"), dec("1.50")]) == .int(1))
    }

    @Test func distinctAcrossMerge() throws {
        let sum = try factory(aggregate(.sum, .bigint, distinct: true))
        let count = try factory(aggregate(.countDistinct, .bigint))
        for factory in [sum, count] {
            let a = factory.make()
            let b = factory.make()
            for v in [1, 2, 2] { a.add(.int(Int64(v)), time: 0) }
            for v in [2, 3, 1, 3] { b.add(.int(Int64(v)), time: 0) }
            a.merge(b)
            #expect(a.result == (factory.call.function == .sum ? .int(6) : .int(3)))
            // Values seen through the merge stay seen.
            a.add(.int(3), time: 0)
            #expect(a.result == (factory.call.function == .sum ? .int(6) : .int(3)))
        }
    }
}

// MARK: - Factory

@Suite struct AggregateFactoryTests {
    private func rejects(_ call: AggregateCall, mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try AggregateFactory(call)
            Issue.record("accepted \(call)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description.contains(text), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func percentileFractionMustBeAConstantBetweenZeroAndOne() {
        rejects(aggregate(.percentileCont, .bigint, extra: [.literal(.double(1.5))]), mentioning: "between 0 and 1, got 1.5")
        rejects(aggregate(.percentileCont, .bigint, extra: [.literal(.double(-0.1))]), mentioning: "between 0 and 1")
        rejects(aggregate(.percentileCont, .bigint, extra: [.literal(.double(.nan))]), mentioning: "between 0 and 1")
        rejects(aggregate(.percentileCont, .bigint, extra: [.literal(.null)]), mentioning: "got NULL")
        rejects(aggregate(.percentileCont, .bigint, extra: [.literal(.string("half"))], planned: false), mentioning: "between 0 and 1")
        rejects(aggregate(.percentileCont, .bigint, extra: [.column(1)], planned: false), mentioning: "constant")
        rejects(aggregate(.percentileCont, .bigint), mentioning: "needs 2 arguments")
    }

    @Test func stringAggSeparatorMustBeAConstant() throws {
        rejects(aggregate(.stringAgg, .string, extra: [.column(1)], planned: false), mentioning: "constant string")
        rejects(AggregateCall(function: .sum, arguments: [], inputType: .bigint, resultType: .bigint), mentioning: "needs an argument")
        // A NULL separator joins with nothing.
        let call = AggregateCall(function: .stringAgg, arguments: [.column(0), .literal(.null)], inputType: .string, resultType: .string)
        #expect(try result(call, [.string("a"), .string("b")]) == .string("ab"))
    }
}
