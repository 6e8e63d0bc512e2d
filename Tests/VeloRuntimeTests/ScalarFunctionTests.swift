import Testing
import VeloCore
@testable import VeloRuntime

/// A fixed clock: 2024-01-02T03:04:05.678Z.
private let fixedNow: Int64 = 1_704_164_645_678

private func makeContext(headers: [Record.Header] = []) -> FunctionContext {
    FunctionContext(evaluation: EvaluationContext(), headers: headers, now: { fixedNow })
}

/// Calls a library function by name; records an issue when it is missing.
private func call(_ name: String, _ arguments: Value..., context: FunctionContext = makeContext(),
                  sourceLocation: SourceLocation = #_sourceLocation) -> Value {
    guard let function = ScalarFunctionLibrary.implementation(name) else {
        Issue.record("no implementation of \(name)", sourceLocation: sourceLocation)
        return .null
    }
    return function(arguments, context)
}

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

private func s(_ text: String) -> Value { .string(text) }

private func expectDecimal(_ value: Value, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard case .decimal(let decimal) = value else {
        Issue.record("expected DECIMAL \(text), got \(value)", sourceLocation: sourceLocation)
        return
    }
    #expect(decimal.description == text, sourceLocation: sourceLocation)
}

@Suite struct ScalarFunctionTests {
    // MARK: Catalog and library agree

    @Test func everyCatalogScalarHasAnImplementation() {
        let scalars = FunctionCatalog.all.filter { $0.kind == .scalar }
        #expect(scalars.count >= 40)
        for signature in scalars {
            #expect(ScalarFunctionLibrary.implementation(signature.name) != nil, "missing \(signature.name)")
        }
        for name in ScalarFunctionLibrary.names {
            #expect(FunctionCatalog.lookup(name)?.kind == .scalar, "\(name) is not a catalog scalar")
        }
    }

    @Test func catalogHasTheProductFunctions() {
        let required = ["COUNT", "SUM", "AVG", "MIN", "MAX", "COUNT_DISTINCT", "APPROX_COUNT_DISTINCT", "FIRST_VALUE",
                        "LAST_VALUE", "STDDEV", "VARIANCE", "MEDIAN", "PERCENTILE_CONT", "STRING_AGG", "UPPER", "LOWER",
                        "SUBSTRING", "REPLACE", "TRIM", "LENGTH", "CONCAT", "SPLIT_PART", "REGEXP_REPLACE", "POSITION",
                        "LPAD", "RPAD", "ABS", "ROUND", "CEIL", "FLOOR", "SQRT", "POWER", "MOD", "LEAST", "GREATEST",
                        "COALESCE", "NULLIF", "NOW", "EXTRACT", "DATE_TRUNC", "DATE_FORMAT", "FROM_UNIXTIME",
                        "UNIX_TIMESTAMP", "TUMBLE_START", "TUMBLE_END", "JSON_VALUE", "JSON_QUERY", "HEADER", "HAS_HEADER",
                        "LAG", "LEAD", "ROW_NUMBER"]
        for name in required {
            #expect(FunctionCatalog.lookup(name) != nil, "missing \(name)")
        }
        #expect(FunctionCatalog.lookup("upper")?.name == "UPPER")
        #expect(FunctionCatalog.lookup("ceiling")?.name == "CEIL")
        #expect(FunctionCatalog.lookup("no_such_function") == nil)
        #expect(FunctionCatalog.lookup("COUNT")?.kind == .aggregate)
        #expect(FunctionCatalog.lookup("LAG")?.kind == .analytic)
    }

    @Test func closestNames() {
        #expect(FunctionCatalog.closest(to: "UPPR").first == "UPPER")
        #expect(FunctionCatalog.closest(to: "substr1ng").first == "SUBSTRING")
        #expect(FunctionCatalog.closest(to: "json_valu").first == "JSON_VALUE")
        #expect(FunctionCatalog.closest(to: "qqqqqqqqqqqqqq").isEmpty)
    }

    @Test func signatureResultTypes() throws {
        func result(_ name: String, _ types: [SQLType]) -> SQLType? {
            guard let signature = FunctionCatalog.lookup(name), case .success(let type) = signature.resultType(types) else { return nil }
            return type
        }
        #expect(result("SUM", [.decimal(precision: 10, scale: 2)]) == .decimal(precision: 38, scale: 2))
        #expect(result("SUM", [.int]) == .bigint)
        #expect(result("SUM", [.double]) == .double)
        #expect(result("AVG", [.decimal(precision: 10, scale: 2)]) == .decimal(precision: 38, scale: 6))
        #expect(result("AVG", [.decimal(precision: 20, scale: 8)]) == .decimal(precision: 38, scale: 8))
        #expect(result("AVG", [.int]) == .double)
        #expect(result("COUNT", []) == .bigint)
        #expect(result("COUNT", [.string]) == .bigint)
        #expect(result("MAX", [.timestamp]) == .timestamp)
        #expect(result("STDDEV", [.int]) == .double)
        #expect(result("VARIANCE", [.double]) == .double)
        #expect(result("STRING_AGG", [.string, .string]) == .string)
        #expect(result("LAG", [.double, .int]) == .double)
        #expect(result("ROW_NUMBER", []) == .bigint)
        #expect(result("UPPER", [.string]) == .string)
        #expect(result("UPPER", [.any]) == .string)
        #expect(result("UPPER", [.int]) == nil)
        #expect(result("LENGTH", [.string]) == .bigint)
        #expect(result("ROUND", [.decimal(precision: 10, scale: 4), .int]) == .decimal(precision: 10, scale: 4))
        #expect(result("CEIL", [.decimal(precision: 10, scale: 2)]) == .decimal(precision: 9, scale: 0))
        #expect(result("SQRT", [.int]) == .double)
        #expect(result("MOD", [.int, .int]) == .int)
        #expect(result("COALESCE", [.any, .int, .bigint]) == .bigint)
        #expect(result("COALESCE", [.string, .int]) == nil)
        #expect(result("LEAST", [.int, .double]) == .double)
        #expect(result("EXTRACT", [.string, .timestamp]) == .bigint)
        #expect(result("DATE_TRUNC", [.string, .timestamp]) == .timestamp)
        #expect(result("TUMBLE_START", [.timestamp, .interval]) == .timestamp)
        #expect(result("TUMBLE_START", [.timestamp, .string]) == nil)
        #expect(result("JSON_VALUE", [.string, .string]) == .string)
        #expect(result("HAS_HEADER", [.string]) == .boolean)
        #expect(result("NOW", []) == .timestamp)

        let mismatch = try #require(FunctionCatalog.lookup("SUBSTRING")).resultType([.string, .string])
        guard case .failure(let problem) = mismatch else {
            Issue.record("SUBSTRING(STRING, STRING) type-checked")
            return
        }
        #expect(problem.argument == 1)
        #expect(FunctionCatalog.lookup("STDDEV")?.summary.contains("sample") == true)
        #expect(FunctionCatalog.lookup("VARIANCE")?.summary.contains("sample") == true)
    }

    // MARK: Strings

    @Test func upperLowerLength() {
        #expect(call("UPPER", s("abc é")) == s("ABC É"))
        #expect(call("LOWER", s("AbC")) == s("abc"))
        #expect(call("LENGTH", s("héllo")) == .int(5))
        #expect(call("LENGTH", s("")) == .int(0))
        #expect(call("UPPER", .null) == .null)
        #expect(call("LOWER", .null) == .null)
        #expect(call("LENGTH", .null) == .null)
    }

    @Test func substring() {
        #expect(call("SUBSTRING", s("hello"), .int(2)) == s("ello"))
        #expect(call("SUBSTRING", s("hello"), .int(2), .int(3)) == s("ell"))
        #expect(call("SUBSTRING", s("hello"), .int(0), .int(3)) == s("he"))
        #expect(call("SUBSTRING", s("hello"), .int(4), .int(10)) == s("lo"))
        #expect(call("SUBSTRING", s("hello"), .int(9)) == s(""))
        #expect(call("SUBSTRING", s("héllo"), .int(2), .int(1)) == s("é"))
        #expect(call("SUBSTRING", .null, .int(1)) == .null)
        #expect(call("SUBSTRING", s("hello"), .null) == .null)
        #expect(call("SUBSTRING", s("hello"), .int(1), .null) == .null)
        let context = makeContext()
        #expect(call("SUBSTRING", s("hello"), .int(1), .int(-1), context: context) == .null)
        #expect(context.evaluation.errorCount == 1)
    }

    @Test func leftAndRight() {
        #expect(call("LEFT", s("hello"), .int(2)) == s("he"))
        #expect(call("LEFT", s("hello"), .int(-2)) == s("hel"))
        #expect(call("LEFT", s("hi"), .int(10)) == s("hi"))
        #expect(call("RIGHT", s("hello"), .int(2)) == s("lo"))
        #expect(call("RIGHT", s("hello"), .int(-2)) == s("llo"))
        #expect(call("LEFT", .null, .int(1)) == .null)
        #expect(call("RIGHT", s("a"), .null) == .null)
    }

    @Test func replace() {
        #expect(call("REPLACE", s("a-b-c"), s("-"), s("+")) == s("a+b+c"))
        #expect(call("REPLACE", s("aaa"), s("aa"), s("b")) == s("ba"))
        #expect(call("REPLACE", s("abc"), s(""), s("x")) == s("abc"))
        #expect(call("REPLACE", s("abc"), s("b"), s("")) == s("ac"))
        #expect(call("REPLACE", .null, s("a"), s("b")) == .null)
        #expect(call("REPLACE", s("a"), .null, s("b")) == .null)
        #expect(call("REPLACE", s("a"), s("a"), .null) == .null)
    }

    @Test func trims() {
        #expect(call("TRIM", s("  a b \t\n")) == s("a b"))
        #expect(call("LTRIM", s("  a ")) == s("a "))
        #expect(call("RTRIM", s("  a ")) == s("  a"))
        #expect(call("TRIM", s("xxaxx"), s("x")) == s("a"))
        #expect(call("TRIM", s("   ")) == s(""))
        #expect(call("TRIM", .null) == .null)
        #expect(call("LTRIM", .null) == .null)
        #expect(call("RTRIM", .null) == .null)
    }

    @Test func concat() {
        #expect(call("CONCAT", s("a"), s("b"), s("c")) == s("abc"))
        #expect(call("CONCAT", s("n="), .int(5), s(" "), dec("1.50")) == s("n=5 1.50"))
        #expect(call("CONCAT", s("a")) == s("a"))
        // NULL if any argument is NULL (as `||`, Flink and the Rust Velostream).
        #expect(call("CONCAT", s("a"), .null, s("c")) == .null)
    }

    @Test func splitPart() {
        #expect(call("SPLIT_PART", s("a,b,c"), s(","), .int(2)) == s("b"))
        #expect(call("SPLIT_PART", s("a,b,c"), s(","), .int(4)) == s(""))
        #expect(call("SPLIT_PART", s("a,b,c"), s(","), .int(-1)) == s("c"))
        #expect(call("SPLIT_PART", s("a::b"), s("::"), .int(2)) == s("b"))
        #expect(call("SPLIT_PART", s(",a"), s(","), .int(1)) == s(""))
        #expect(call("SPLIT_PART", s("abc"), s(""), .int(1)) == s("abc"))
        #expect(call("SPLIT_PART", .null, s(","), .int(1)) == .null)
        #expect(call("SPLIT_PART", s("a"), .null, .int(1)) == .null)
        #expect(call("SPLIT_PART", s("a"), s(","), .null) == .null)
        let context = makeContext()
        #expect(call("SPLIT_PART", s("a"), s(","), .int(0), context: context) == .null)
        #expect(context.evaluation.errorCount == 1)
    }

    @Test func regexpReplace() {
        #expect(call("REGEXP_REPLACE", s("a1b22c"), s("[0-9]+"), s("#")) == s("a#b22c"))
        #expect(call("REGEXP_REPLACE", s("a1b22c"), s("[0-9]+"), s("#"), s("g")) == s("a#b#c"))
        #expect(call("REGEXP_REPLACE", s("Abc abc"), s("abc"), s("x"), s("i")) == s("x abc"))
        #expect(call("REGEXP_REPLACE", s("Abc abc"), s("abc"), s("x"), s("gi")) == s("x x"))
        #expect(call("REGEXP_REPLACE", s("Abc abc"), s("abc"), s("x"), s("g")) == s("Abc x"))
        #expect(call("REGEXP_REPLACE", s("https://x.io/p?q=1#top"), s("[?#].*$"), s(""), s("g")) == s("https://x.io/p"))
        #expect(call("REGEXP_REPLACE", s("john smith"), s("(\\w+) (\\w+)"), s("$2, $1")) == s("smith, john"))
        #expect(call("REGEXP_REPLACE", s("ab"), s("(a)"), s("\\1\\1$$")) == s("aa$b"))
        #expect(call("REGEXP_REPLACE", s("abc"), s("x"), s("y")) == s("abc"))
        #expect(call("REGEXP_REPLACE", .null, s("a"), s("b")) == .null)
        #expect(call("REGEXP_REPLACE", s("a"), .null, s("b")) == .null)
        #expect(call("REGEXP_REPLACE", s("a"), s("a"), .null) == .null)
        #expect(call("REGEXP_REPLACE", s("a"), s("a"), s("b"), .null) == .null)
        let context = makeContext()
        #expect(call("REGEXP_REPLACE", s("a"), s("(unclosed"), s("b"), context: context) == .null)
        #expect(context.evaluation.errorCount == 1)
        #expect(call("REGEXP_REPLACE", s("a"), s("a"), s("b"), s("q"), context: context) == .null)
        #expect(context.evaluation.errorCount == 2)
    }

    @Test func position() {
        #expect(call("POSITION", s("lo"), s("hello")) == .int(4))
        #expect(call("POSITION", s("h"), s("hello")) == .int(1))
        #expect(call("POSITION", s("z"), s("hello")) == .int(0))
        #expect(call("POSITION", s(""), s("hello")) == .int(1))
        #expect(call("POSITION", s("l"), s("héllo")) == .int(3))
        #expect(call("POSITION", .null, s("a")) == .null)
        #expect(call("POSITION", s("a"), .null) == .null)
    }

    @Test func padding() {
        #expect(call("LPAD", s("7"), .int(3), s("0")) == s("007"))
        #expect(call("LPAD", s("ab"), .int(5)) == s("   ab"))
        #expect(call("LPAD", s("ab"), .int(7), s("xy")) == s("xyxyxab"))
        #expect(call("LPAD", s("hello"), .int(2)) == s("he"))
        #expect(call("RPAD", s("7"), .int(3), s("0")) == s("700"))
        #expect(call("RPAD", s("ab"), .int(5), s("xy")) == s("abxyx"))
        #expect(call("RPAD", s("hello"), .int(-1)) == s(""))
        #expect(call("LPAD", .null, .int(3)) == .null)
        #expect(call("RPAD", s("a"), .null) == .null)
        #expect(call("LPAD", s("a"), .int(3), .null) == .null)
        let context = makeContext()
        #expect(call("LPAD", s("a"), .int(1_000_000_000_000), context: context) == .null)
        #expect(context.evaluation.errorCount == 1)
    }

    // MARK: Math

    @Test func abs() {
        #expect(call("ABS", .int(-3)) == .int(3))
        #expect(call("ABS", .double(-2.5)) == .double(2.5))
        expectDecimal(call("ABS", dec("-1.50")), "1.50")
        #expect(call("ABS", .null) == .null)
        let context = makeContext()
        #expect(call("ABS", .int(.min), context: context) == .null)
        #expect(context.evaluation.errorCount == 1)
    }

    @Test func round() {
        #expect(call("ROUND", .double(2.5)) == .double(3))
        #expect(call("ROUND", .double(-2.5)) == .double(-3))
        #expect(call("ROUND", .double(2.675), .int(2)) == .double(2.68))
        #expect(call("ROUND", .double(1234.5), .int(-2)) == .double(1200))
        expectDecimal(call("ROUND", dec("2.345"), .int(2)), "2.35")
        expectDecimal(call("ROUND", dec("-2.345"), .int(2)), "-2.35")
        expectDecimal(call("ROUND", dec("2.5")), "3")
        expectDecimal(call("ROUND", dec("1.5"), .int(4)), "1.5")
        expectDecimal(call("ROUND", dec("1250.4"), .int(-2)), "1300")
        #expect(call("ROUND", .int(1250), .int(-2)) == .int(1300))
        #expect(call("ROUND", .int(-1250), .int(-2)) == .int(-1300))
        #expect(call("ROUND", .int(7), .int(2)) == .int(7))
        #expect(call("ROUND", .int(7), .int(.min)) == .int(0))
        #expect(call("ROUND", .double(7.5), .int(.max)) == .double(7.5))
        #expect(call("ROUND", .null) == .null)
        #expect(call("ROUND", .double(1), .null) == .null)
    }

    @Test func ceilAndFloor() {
        #expect(call("CEIL", .double(1.2)) == .double(2))
        #expect(call("CEIL", .double(-1.5)) == .double(-1))
        #expect(call("FLOOR", .double(-1.5)) == .double(-2))
        #expect(call("FLOOR", .double(1.9)) == .double(1))
        expectDecimal(call("CEIL", dec("1.01")), "2")
        expectDecimal(call("CEIL", dec("-1.5")), "-1")
        expectDecimal(call("FLOOR", dec("-1.5")), "-2")
        expectDecimal(call("FLOOR", dec("1.99")), "1")
        #expect(call("CEIL", .int(4)) == .int(4))
        #expect(call("FLOOR", .int(4)) == .int(4))
        #expect(call("CEIL", .null) == .null)
        #expect(call("FLOOR", .null) == .null)
    }

    @Test func sqrtAndPower() {
        #expect(call("SQRT", .int(9)) == .double(3))
        #expect(call("SQRT", dec("2.25")) == .double(1.5))
        #expect(call("POWER", .int(2), .int(10)) == .double(1024))
        #expect(call("POWER", .double(9), dec("0.5")) == .double(3))
        #expect(call("SQRT", .null) == .null)
        #expect(call("POWER", .null, .int(1)) == .null)
        #expect(call("POWER", .int(1), .null) == .null)
        let context = makeContext()
        #expect(call("SQRT", .int(-1), context: context) == .null)
        #expect(call("POWER", .int(-8), .double(1.0 / 3), context: context) == .null)
        #expect(call("POWER", .int(0), .int(-1), context: context) == .null)
        #expect(context.evaluation.errorCount == 3)
    }

    @Test func mod() {
        #expect(call("MOD", .int(7), .int(3)) == .int(1))
        #expect(call("MOD", .int(-7), .int(3)) == .int(-1))
        expectDecimal(call("MOD", dec("7.5"), .int(2)), "1.5")
        #expect(call("MOD", .null, .int(3)) == .null)
        let context = makeContext()
        #expect(call("MOD", .int(7), .int(0), context: context) == .null)
        #expect(context.evaluation.errorCount == 1)
        #expect(context.evaluation.lastError == "division by zero")
    }

    @Test func leastAndGreatestIgnoreNulls() {
        #expect(call("LEAST", .int(3), .null, .int(1), .int(2)) == .int(1))
        #expect(call("GREATEST", .int(3), .null, .int(1), .int(2)) == .int(3))
        #expect(call("LEAST", .null, .int(5)) == .int(5))
        #expect(call("GREATEST", .int(5), .null) == .int(5))
        #expect(call("LEAST", .null, .null) == .null)
        #expect(call("GREATEST", .null) == .null)
        #expect(call("LEAST", .int(2), dec("1.5"), .double(1.75)) == dec("1.5"))
        #expect(call("GREATEST", s("apple"), s("pear")) == s("pear"))
        let context = makeContext()
        #expect(call("LEAST", s("a"), .int(1), context: context) == .null)
        #expect(context.evaluation.errorCount == 1)
    }

    // MARK: Conditional

    @Test func coalesceAndNullif() {
        #expect(call("COALESCE", .null, .int(2), .int(3)) == .int(2))
        #expect(call("COALESCE", .null, .null) == .null)
        #expect(call("COALESCE", s("a")) == s("a"))
        #expect(call("NULLIF", .int(1), .int(1)) == .null)
        #expect(call("NULLIF", .int(1), .int(2)) == .int(1))
        #expect(call("NULLIF", .int(1), .null) == .int(1))
        #expect(call("NULLIF", .null, .int(1)) == .null)
        #expect(call("NULLIF", .int(0), dec("0.00")) == .null)
    }

    // MARK: Time

    @Test func now() {
        #expect(call("NOW") == .timestamp(fixedNow))
        #expect(call("UNIX_TIMESTAMP") == .int(1_704_164_645))
    }

    @Test func extract() {
        let t = ts("2024-03-10T14:25:36.789Z")  // a Sunday
        #expect(call("EXTRACT", s("YEAR"), t) == .int(2024))
        #expect(call("EXTRACT", s("QUARTER"), t) == .int(1))
        #expect(call("EXTRACT", s("MONTH"), t) == .int(3))
        #expect(call("EXTRACT", s("DAY"), t) == .int(10))
        #expect(call("EXTRACT", s("HOUR"), t) == .int(14))
        #expect(call("EXTRACT", s("MINUTE"), t) == .int(25))
        #expect(call("EXTRACT", s("SECOND"), t) == .int(36))
        #expect(call("EXTRACT", s("MILLISECOND"), t) == .int(789))
        #expect(call("EXTRACT", s("DOW"), t) == .int(0))
        #expect(call("EXTRACT", s("ISODOW"), t) == .int(7))
        #expect(call("EXTRACT", s("DOY"), t) == .int(70))
        #expect(call("EXTRACT", s("WEEK"), t) == .int(10))
        #expect(call("EXTRACT", s("EPOCH"), t) == .int(1_710_080_736))
        #expect(call("EXTRACT", s("year"), .date(19723)) == .int(2024))
        #expect(call("EXTRACT", s("HOUR"), s("2024-01-01T05:00:00Z")) == .int(5))
        #expect(call("EXTRACT", s("WEEK"), ts("2021-01-03T00:00:00Z")) == .int(53))
        #expect(call("EXTRACT", s("YEAR"), ts("1969-12-31T23:59:59.999Z")) == .int(1969))
        #expect(call("EXTRACT", s("MILLISECOND"), ts("1969-12-31T23:59:59.999Z")) == .int(999))
        #expect(call("EXTRACT", .null, t) == .null)
        #expect(call("EXTRACT", s("YEAR"), .null) == .null)
        let context = makeContext()
        #expect(call("EXTRACT", s("FORTNIGHT"), t, context: context) == .null)
        #expect(call("EXTRACT", s("YEAR"), s("yesterday"), context: context) == .null)
        #expect(context.evaluation.errorCount == 2)
    }

    @Test func dateTrunc() {
        let t = ts("2024-05-15T14:25:36.789Z")  // a Wednesday
        #expect(call("DATE_TRUNC", s("second"), t) == ts("2024-05-15T14:25:36Z"))
        #expect(call("DATE_TRUNC", s("minute"), t) == ts("2024-05-15T14:25:00Z"))
        #expect(call("DATE_TRUNC", s("hour"), t) == ts("2024-05-15T14:00:00Z"))
        #expect(call("DATE_TRUNC", s("DAY"), t) == ts("2024-05-15T00:00:00Z"))
        #expect(call("DATE_TRUNC", s("week"), t) == ts("2024-05-13T00:00:00Z"))
        #expect(call("DATE_TRUNC", s("month"), t) == ts("2024-05-01T00:00:00Z"))
        #expect(call("DATE_TRUNC", s("quarter"), t) == ts("2024-04-01T00:00:00Z"))
        #expect(call("DATE_TRUNC", s("year"), t) == ts("2024-01-01T00:00:00Z"))
        #expect(call("DATE_TRUNC", s("hour"), ts("1969-12-31T23:30:00Z")) == ts("1969-12-31T23:00:00Z"))
        #expect(call("DATE_TRUNC", .null, t) == .null)
        #expect(call("DATE_TRUNC", s("day"), .null) == .null)
        let context = makeContext()
        #expect(call("DATE_TRUNC", s("eon"), t, context: context) == .null)
        #expect(context.evaluation.errorCount == 1)
    }

    @Test func dateFormat() {
        let t = ts("2024-03-05T14:07:09.045Z")
        #expect(call("DATE_FORMAT", t, s("%Y-%m-%d")) == s("2024-03-05"))
        #expect(call("DATE_FORMAT", t, s("%Y-%m-%d %H:%M:%S%.3f")) == s("2024-03-05 14:07:09.045"))
        #expect(call("DATE_FORMAT", t, s("%a %b %e %I:%M %p %j %%")) == s("Tue Mar  5 02:07 PM 065 %"))
        #expect(call("DATE_FORMAT", t, s("%FT%TZ")) == s("2024-03-05T14:07:09Z"))
        #expect(call("DATE_FORMAT", t, s("yyyy-MM-dd HH:mm:ss.SSS")) == s("2024-03-05 14:07:09.045"))
        #expect(call("DATE_FORMAT", t, s("yy/M/d h:mm a")) == s("24/3/5 2:07 PM"))
        #expect(call("DATE_FORMAT", t, s("EEEE, MMMM d 'at' HH'h' ''yy")) == s("Tuesday, March 5 at 14h '24"))
        #expect(call("DATE_FORMAT", .date(19723), s("yyyyMMdd")) == s("20240101"))
        #expect(call("DATE_FORMAT", .null, s("%Y")) == .null)
        #expect(call("DATE_FORMAT", t, .null) == .null)
    }

    @Test func unixTimes() {
        #expect(call("FROM_UNIXTIME", .int(1_704_067_200)) == ts("2024-01-01T00:00:00Z"))
        #expect(call("FROM_UNIXTIME", .double(1.5)) == .timestamp(1_500))
        #expect(call("FROM_UNIXTIME", dec("1704067200.123")) == ts("2024-01-01T00:00:00.123Z"))
        #expect(call("UNIX_TIMESTAMP", ts("2024-01-01T00:00:00.999Z")) == .int(1_704_067_200))
        #expect(call("UNIX_TIMESTAMP", .timestamp(-1)) == .int(-1))
        #expect(call("FROM_UNIXTIME", .null) == .null)
        #expect(call("UNIX_TIMESTAMP", .null) == .null)
        let context = makeContext()
        #expect(call("FROM_UNIXTIME", .int(.max), context: context) == .null)
        #expect(context.evaluation.errorCount == 1)
    }

    @Test func tumbleBounds() {
        let t = ts("2024-01-01T10:07:30Z")
        let tenMinutes = Value.interval(600_000)
        #expect(call("TUMBLE_START", t, tenMinutes) == ts("2024-01-01T10:00:00Z"))
        #expect(call("TUMBLE_END", t, tenMinutes) == ts("2024-01-01T10:10:00Z"))
        #expect(call("TUMBLE_START", ts("2024-01-01T10:10:00Z"), tenMinutes) == ts("2024-01-01T10:10:00Z"))
        #expect(call("TUMBLE_START", .timestamp(-1), .interval(1_000)) == .timestamp(-1_000))
        #expect(call("TUMBLE_START", .null, tenMinutes) == .null)
        #expect(call("TUMBLE_END", t, .null) == .null)
        let context = makeContext()
        #expect(call("TUMBLE_START", t, .interval(0), context: context) == .null)
        #expect(context.evaluation.errorCount == 1)
    }

    // MARK: JSON

    @Test func jsonValue() {
        let doc = s(#"{"a":{"b":[10,{"c":"x"}],"n":1.50,"t":true,"z":null},"k.e":"dot"}"#)
        #expect(call("JSON_VALUE", doc, s("$.a.b[0]")) == s("10"))
        #expect(call("JSON_VALUE", doc, s("$.a.b[1].c")) == s("x"))
        #expect(call("JSON_VALUE", doc, s("$.a.n")) == s("1.50"))
        #expect(call("JSON_VALUE", doc, s("$.a.t")) == s("true"))
        #expect(call("JSON_VALUE", doc, s("$['k.e']")) == s("dot"))
        #expect(call("JSON_VALUE", doc, s("$.a.z")) == .null)
        #expect(call("JSON_VALUE", doc, s("$.a.missing")) == .null)
        #expect(call("JSON_VALUE", doc, s("$.a.b[5]")) == .null)
        #expect(call("JSON_VALUE", doc, s("$.a")) == .null)  // not a scalar
        #expect(call("JSON_VALUE", .struct([.init("v", .int(3))]), s("$.v")) == s("3"))
        #expect(call("JSON_VALUE", .null, s("$.a")) == .null)
        #expect(call("JSON_VALUE", doc, .null) == .null)
        let context = makeContext()
        #expect(call("JSON_VALUE", s("{not json"), s("$.a"), context: context) == .null)
        #expect(call("JSON_VALUE", doc, s("a.b"), context: context) == .null)
        #expect(context.evaluation.errorCount == 2)
    }

    @Test func jsonQuery() {
        let doc = s(#"{"a":{"b":[1,2],"s":"x"}}"#)
        #expect(call("JSON_QUERY", doc, s("$.a.b")) == s("[1,2]"))
        #expect(call("JSON_QUERY", doc, s("$.a")) == s(#"{"b":[1,2],"s":"x"}"#))
        #expect(call("JSON_QUERY", doc, s("$")) == s(#"{"a":{"b":[1,2],"s":"x"}}"#))
        #expect(call("JSON_QUERY", doc, s("$.a.s")) == .null)  // a scalar
        #expect(call("JSON_QUERY", doc, s("$.nope")) == .null)
        #expect(call("JSON_QUERY", .null, s("$")) == .null)
        #expect(call("JSON_QUERY", doc, .null) == .null)
    }

    // MARK: Headers and collections

    @Test func headers() {
        let context = makeContext(headers: [
            Record.Header(name: "trace-id", value: Array("abc".utf8)),
            Record.Header(name: "empty", value: nil),
            Record.Header(name: "trace-id", value: Array("def".utf8)),
        ])
        #expect(call("HEADER", s("trace-id"), context: context) == s("def"))
        #expect(call("HEADER", s("empty"), context: context) == .null)
        #expect(call("HEADER", s("missing"), context: context) == .null)
        #expect(call("HEADER", .null, context: context) == .null)
        #expect(call("HAS_HEADER", s("trace-id"), context: context) == .boolean(true))
        #expect(call("HAS_HEADER", s("empty"), context: context) == .boolean(true))
        #expect(call("HAS_HEADER", s("Trace-Id"), context: context) == .boolean(false))
        #expect(call("HAS_HEADER", .null, context: context) == .boolean(false))
        context.headers = []
        #expect(call("HAS_HEADER", s("trace-id"), context: context) == .boolean(false))
    }

    @Test func cardinality() {
        #expect(call("CARDINALITY", .array([.int(1), .null])) == .int(2))
        #expect(call("ARRAY_LENGTH", .array([])) == .int(0))
        #expect(call("CARDINALITY", .map([.init("a", .int(1))])) == .int(1))
        #expect(call("CARDINALITY", .null) == .null)
    }

    // MARK: Robustness

    @Test func wrongArityIsNullAndCounted() {
        let context = makeContext()
        #expect(call("UPPER", context: context) == .null)
        #expect(call("SUBSTRING", s("a"), context: context) == .null)
        #expect(context.evaluation.errorCount == 2)
    }

    @Test func aliasesResolve() {
        #expect(call("ceiling", .double(1.1)) == .double(2))
        #expect(call("SUBSTR", s("abc"), .int(2)) == s("bc"))
        #expect(ScalarFunctionLibrary.implementation("NO_SUCH") == nil)
    }
}
