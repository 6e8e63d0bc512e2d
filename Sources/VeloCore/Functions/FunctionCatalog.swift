/// Every function the engine provides, as the planner checks calls: name, kind, arity, result type
/// and a one-line summary (`SHOW FUNCTIONS`). Scalar implementations live in the runtime
/// (`ScalarFunctionLibrary`), matched by the canonical name; aggregates and analytic functions by
/// their operators.
///
/// Argument checks are lenient where the runtime converts: `.any` (schema-less JSON, NULL) passes
/// every check, and time functions take a TIMESTAMP, a DATE, epoch milliseconds or ISO-8601 text.
public enum FunctionCatalog {
    /// The upper bound of a variadic function's arity.
    public static let maxArguments = 255

    /// The signature of a function by name (case-insensitive; a few common aliases such as CEILING,
    /// POW, SUBSTR, CHAR_LENGTH, STDDEV_SAMP and VAR_SAMP map to their canonical function).
    public static func lookup(_ name: String) -> FunctionSignature? {
        let upper = name.uppercased()
        return byName[aliases[upper] ?? upper]
    }

    /// Every function, sorted by name.
    public static var all: [FunctionSignature] { sorted }

    /// The names closest to an unknown one by edit distance (best first, at most three), for
    /// "unknown function … did you mean …?". Empty when nothing is reasonably close.
    public static func closest(to name: String) -> [String] {
        let upper = name.uppercased()
        let limit = max(2, upper.count / 3)
        let scored = byName.keys.map { (name: $0, distance: editDistance(upper, $0)) }
            .filter { $0.distance <= limit }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
        return scored.prefix(3).map(\.name)
    }

    // MARK: - The table

    private static let sorted: [FunctionSignature] = (scalars + aggregates + analytics).sorted { $0.name < $1.name }

    private static let byName: [String: FunctionSignature] = Dictionary(
        sorted.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    private static let aliases: [String: String] = [
        "CEILING": "CEIL", "POW": "POWER", "SUBSTR": "SUBSTRING", "CHAR_LENGTH": "LENGTH",
        "CHARACTER_LENGTH": "LENGTH", "STDDEV_SAMP": "STDDEV", "VAR_SAMP": "VARIANCE",
    ]

    private static let scalars: [FunctionSignature] = [
        // Strings
        scalar("UPPER", 1...1, "UPPER(s): s in upper case") { try expect($0, 0, string); return .string },
        scalar("LOWER", 1...1, "LOWER(s): s in lower case") { try expect($0, 0, string); return .string },
        scalar("SUBSTRING", 2...3, "SUBSTRING(s, start[, length]): the characters of s from start (1-based), length of them or to the end") {
            try expect($0, 0, string); try expect($0, 1, integer); try expect($0, 2, integer); return .string
        },
        scalar("LEFT", 2...2, "LEFT(s, n): the first n characters of s (all but the last -n when n < 0)") {
            try expect($0, 0, string); try expect($0, 1, integer); return .string
        },
        scalar("RIGHT", 2...2, "RIGHT(s, n): the last n characters of s (all but the first -n when n < 0)") {
            try expect($0, 0, string); try expect($0, 1, integer); return .string
        },
        scalar("REPLACE", 3...3, "REPLACE(s, from, to): s with every occurrence of from replaced by to") {
            try expectAll($0, string); return .string
        },
        scalar("TRIM", 1...2, "TRIM(s[, characters]): s without leading and trailing whitespace (or the given characters)") {
            try expectAll($0, string); return .string
        },
        scalar("LTRIM", 1...2, "LTRIM(s[, characters]): s without leading whitespace (or the given characters)") {
            try expectAll($0, string); return .string
        },
        scalar("RTRIM", 1...2, "RTRIM(s[, characters]): s without trailing whitespace (or the given characters)") {
            try expectAll($0, string); return .string
        },
        scalar("LENGTH", 1...1, "LENGTH(s): the number of characters (Unicode scalars) of s") {
            try expect($0, 0, string); return .bigint
        },
        scalar("CONCAT", 1...maxArguments, "CONCAT(a, b, …): the arguments' text joined; NULL if any argument is NULL") { _ in .string },
        scalar("SPLIT_PART", 3...3, "SPLIT_PART(s, delimiter, n): the n-th (1-based; negative counts from the end) field of s split at delimiter") {
            try expect($0, 0, string); try expect($0, 1, string); try expect($0, 2, integer); return .string
        },
        scalar("REGEXP_REPLACE", 3...4, "REGEXP_REPLACE(s, pattern, replacement[, flags]): the first match replaced ($1 refers to a group); flags g every match, i case-insensitive") {
            try expectAll($0, string); return .string
        },
        scalar("POSITION", 2...2, "POSITION(sub IN s): the 1-based position of sub in s, 0 when absent") {
            try expectAll($0, string); return .bigint
        },
        scalar("LPAD", 2...3, "LPAD(s, n[, pad]): s padded on the left with pad (default a space) to n characters, or cut to n") {
            try expect($0, 0, string); try expect($0, 1, integer); try expect($0, 2, string); return .string
        },
        scalar("RPAD", 2...3, "RPAD(s, n[, pad]): s padded on the right with pad (default a space) to n characters, or cut to n") {
            try expect($0, 0, string); try expect($0, 1, integer); try expect($0, 2, string); return .string
        },

        // Math
        scalar("ABS", 1...1, "ABS(x): the absolute value of x") { try expect($0, 0, numeric); return $0[0] },
        scalar("ROUND", 1...2, "ROUND(x[, d]): x rounded half away from zero to d decimal places (default 0); exact for DECIMAL") {
            try expect($0, 0, numeric); try expect($0, 1, integer); return $0[0]
        },
        scalar("CEIL", 1...1, "CEIL(x): the smallest integer not less than x") { try expect($0, 0, numeric); return integral($0[0]) },
        scalar("FLOOR", 1...1, "FLOOR(x): the largest integer not greater than x") { try expect($0, 0, numeric); return integral($0[0]) },
        scalar("SQRT", 1...1, "SQRT(x): the square root of x (DOUBLE); NULL and an error for x < 0") {
            try expect($0, 0, numeric); return .double
        },
        scalar("POWER", 2...2, "POWER(x, y): x to the power y (DOUBLE)") { try expectAll($0, numeric); return .double },
        scalar("MOD", 2...2, "MOD(a, b): the remainder of a / b, as a % b (sign of a)") {
            try expectAll($0, numeric)
            guard let type = TypeRules.arithmetic(.modulo, $0[0], $0[1]) else { throw TypeMismatch(argument: 1, expected: "a number", found: $0[1]) }
            return type
        },
        scalar("LEAST", 1...maxArguments, "LEAST(a, b, …): the smallest argument; NULL arguments are ignored (NULL only if all are)") {
            try common($0, comparableOnly: true)
        },
        scalar("GREATEST", 1...maxArguments, "GREATEST(a, b, …): the largest argument; NULL arguments are ignored (NULL only if all are)") {
            try common($0, comparableOnly: true)
        },

        // Conditional
        scalar("COALESCE", 1...maxArguments, "COALESCE(a, b, …): the first argument that is not NULL") { try common($0, comparableOnly: false) },
        scalar("NULLIF", 2...2, "NULLIF(a, b): NULL if a = b, else a") {
            guard TypeRules.comparable($0[0], $0[1]) else { throw TypeMismatch(argument: 1, expected: "comparable with \($0[0])", found: $0[1]) }
            return $0[0]
        },

        // Date and time
        scalar("NOW", 0...0, "NOW(): the current processing time as a TIMESTAMP") { _ in .timestamp },
        scalar("EXTRACT", 2...2, "EXTRACT(unit FROM ts): YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, DOW (0 = Sunday), DOY or EPOCH (seconds) of ts, in UTC") {
            try expect($0, 0, string); try expect($0, 1, time); return .bigint
        },
        scalar("DATE_TRUNC", 2...2, "DATE_TRUNC(unit, ts): ts truncated to the unit ('second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'), UTC") {
            try expect($0, 0, string); try expect($0, 1, time); return .timestamp
        },
        scalar("DATE_FORMAT", 2...2, "DATE_FORMAT(ts, format): ts as UTC text; format in strftime ('%Y-%m-%d %H:%M:%S') or Java ('yyyy-MM-dd HH:mm:ss.SSS') style") {
            try expect($0, 0, time); try expect($0, 1, string); return .string
        },
        scalar("FROM_UNIXTIME", 1...1, "FROM_UNIXTIME(seconds): the TIMESTAMP of an epoch-seconds number (fractions kept to the millisecond)") {
            try expect($0, 0, numeric); return .timestamp
        },
        scalar("UNIX_TIMESTAMP", 0...1, "UNIX_TIMESTAMP([ts]): ts (default now) as epoch seconds, rounded down") {
            try expect($0, 0, time); return .bigint
        },
        scalar("TUMBLE_START", 2...2, "TUMBLE_START(ts, size): the start of the epoch-aligned tumbling window of size holding ts") {
            try expect($0, 0, time); try expect($0, 1, interval); return .timestamp
        },
        scalar("TUMBLE_END", 2...2, "TUMBLE_END(ts, size): the (exclusive) end of the epoch-aligned tumbling window of size holding ts") {
            try expect($0, 0, time); try expect($0, 1, interval); return .timestamp
        },

        // JSON, headers, collections
        scalar("JSON_VALUE", 2...2, "JSON_VALUE(json, path): the scalar at a JSON path ('$.a.b[0]') of a JSON text, as text; NULL when absent or not a scalar") {
            try expect($0, 0, json); try expect($0, 1, string); return .string
        },
        scalar("JSON_QUERY", 2...2, "JSON_QUERY(json, path): the object or array at a JSON path of a JSON text, as JSON text; NULL when absent or a scalar") {
            try expect($0, 0, json); try expect($0, 1, string); return .string
        },
        scalar("HEADER", 1...1, "HEADER(name): the value (UTF-8 text) of the current record's Kafka header name (the last one if repeated); NULL if absent") {
            try expect($0, 0, string); return .string
        },
        scalar("HAS_HEADER", 1...1, "HAS_HEADER(name): whether the current record has the Kafka header name (never NULL)") {
            try expect($0, 0, string); return .boolean
        },
        scalar("CARDINALITY", 1...1, "CARDINALITY(x): the number of elements of an array or entries of a map") {
            try expect($0, 0, collection); return .bigint
        },
        scalar("ARRAY_LENGTH", 1...1, "ARRAY_LENGTH(x): the number of elements of an array (as CARDINALITY)") {
            try expect($0, 0, collection); return .bigint
        },
    ]

    private static let aggregates: [FunctionSignature] = [
        aggregate("COUNT", 0...1, "COUNT(*) rows, COUNT(x) non-NULL values, COUNT(DISTINCT x) distinct non-NULL values") { _ in .bigint },
        aggregate("COUNT_DISTINCT", 1...1, "COUNT_DISTINCT(x): the number of distinct non-NULL values") { _ in .bigint },
        aggregate("APPROX_COUNT_DISTINCT", 1...1, "APPROX_COUNT_DISTINCT(x): an estimate of the distinct count, in bounded memory") { _ in .bigint },
        aggregate("SUM", 1...1, "SUM(x): the sum of non-NULL values; exact for DECIMAL (DECIMAL(38, s))") {
            switch $0[0] {
            case .int, .bigint: return .bigint
            case .decimal(_, let scale): return .decimal(precision: SQLDecimal.maxDigits, scale: scale)
            case .double, .any, .interval: return $0[0]
            default: throw TypeMismatch(argument: 0, expected: "a number", found: $0[0])
            }
        },
        aggregate("AVG", 1...1, "AVG(x): the mean of non-NULL values; DOUBLE for integers, exact DECIMAL(38, max(s, 6)) for DECIMAL") {
            switch $0[0] {
            case .int, .bigint, .double: return .double
            case .decimal(_, let scale): return .decimal(precision: SQLDecimal.maxDigits, scale: max(scale, SQLDecimal.divisionScale))
            case .any, .interval: return $0[0]
            default: throw TypeMismatch(argument: 0, expected: "a number", found: $0[0])
            }
        },
        aggregate("MIN", 1...1, "MIN(x): the smallest non-NULL value") { try expect($0, 0, orderable); return $0[0] },
        aggregate("MAX", 1...1, "MAX(x): the largest non-NULL value") { try expect($0, 0, orderable); return $0[0] },
        aggregate("FIRST_VALUE", 1...1, "FIRST_VALUE(x): the value with the earliest event time the group received (ties: the first to arrive)") { $0[0] },
        aggregate("LAST_VALUE", 1...1, "LAST_VALUE(x): the value with the latest event time the group received (ties: the last to arrive)") { $0[0] },
        aggregate("STDDEV", 1...1, "STDDEV(x): the sample standard deviation (divides by n − 1); NULL for fewer than 2 values") {
            try expect($0, 0, numeric); return .double
        },
        aggregate("VARIANCE", 1...1, "VARIANCE(x): the sample variance (divides by n − 1); NULL for fewer than 2 values") {
            try expect($0, 0, numeric); return .double
        },
        aggregate("MEDIAN", 1...1, "MEDIAN(x): the median of non-NULL values (the mean of the middle two for an even count)") {
            try expect($0, 0, numeric); return .double
        },
        aggregate("PERCENTILE_CONT", 2...2, "PERCENTILE_CONT(x, p): the p percentile (0 ≤ p ≤ 1) of non-NULL values, interpolated") {
            try expectAll($0, numeric); return .double
        },
        aggregate("STRING_AGG", 1...2, "STRING_AGG(x, sep): the non-NULL values' text joined with sep (default ',')") {
            try expect($0, 1, string); return .string
        },
    ]

    private static let analytics: [FunctionSignature] = [
        FunctionSignature(name: "ROW_NUMBER", kind: .analytic, arity: 0...0, summary: "ROW_NUMBER() OVER (…): 1, 2, 3… within the partition") { _ in
            .success(.bigint)
        },
        FunctionSignature(name: "LAG", kind: .analytic, arity: 1...3,
                          summary: "LAG(x[, n[, default]]) OVER (…): x of the row n (default 1) before this one in the partition; default (NULL) if none") {
            offsetRule($0)
        },
        FunctionSignature(name: "LEAD", kind: .analytic, arity: 1...3,
                          summary: "LEAD(x[, n[, default]]) OVER (…): x of the row n (default 1) after this one in the partition; default (NULL) if none") {
            offsetRule($0)
        },
    ]

    // MARK: - Building signatures

    /// A result-type rule; it throws only `TypeMismatch` (closures cannot declare a typed throw inline
    /// without noise, so `run` narrows it).
    private typealias Rule = @Sendable ([SQLType]) throws -> SQLType

    private static func scalar(_ name: String, _ arity: ClosedRange<Int>, _ summary: String, _ rule: @escaping Rule) -> FunctionSignature {
        FunctionSignature(name: name, kind: .scalar, arity: arity, summary: summary) { run(rule, $0) }
    }

    private static func aggregate(_ name: String, _ arity: ClosedRange<Int>, _ summary: String, _ rule: @escaping Rule) -> FunctionSignature {
        FunctionSignature(name: name, kind: .aggregate, arity: arity, summary: summary) { types in
            // COUNT(*) has no argument; the others are checked on their first.
            types.isEmpty ? .success(.bigint) : run(rule, types)
        }
    }

    private static func run(_ rule: Rule, _ types: [SQLType]) -> Result<SQLType, TypeMismatch> {
        do {
            return .success(try rule(types))
        } catch let mismatch as TypeMismatch {
            return .failure(mismatch)
        } catch {
            return .failure(TypeMismatch(argument: 0, expected: "\(error)", found: types.first ?? .any))
        }
    }

    @Sendable
    private static func offsetRule(_ types: [SQLType]) -> Result<SQLType, TypeMismatch> {
        run({ types in
            try expect(types, 1, integer)
            guard types.count > 2 else { return types[0] }
            guard let type = TypeRules.commonType([types[0], types[2]]) else {
                throw TypeMismatch(argument: 2, expected: "of the type of argument 1 (\(types[0]))", found: types[2])
            }
            return type
        }, types)
    }

    /// A kind of argument: what it is called in errors and which types pass.
    private struct Expectation: Sendable {
        var name: String
        var accepts: @Sendable (SQLType) -> Bool
    }

    private static let string = Expectation(name: "a STRING") { $0 == .string || $0 == .any }
    private static let integer = Expectation(name: "an integer") { $0 == .int || $0 == .bigint || $0 == .any }
    private static let numeric = Expectation(name: "a number") { $0.isNumeric || $0 == .any }
    private static let time = Expectation(name: "a TIMESTAMP") {
        [.timestamp, .date, .string, .int, .bigint, .any].contains($0)
    }
    private static let interval = Expectation(name: "an INTERVAL") { [.interval, .int, .bigint, .any].contains($0) }
    private static let json = Expectation(name: "JSON text") {
        switch $0 {
        case .string, .any, .map, .struct, .array: true
        default: false
        }
    }
    private static let collection = Expectation(name: "an ARRAY or MAP") {
        switch $0 {
        case .array, .map, .any: true
        default: false
        }
    }
    private static let orderable = Expectation(name: "a comparable value") { TypeRules.comparable($0, $0) }

    /// Checks argument `index` when it is present (optional arguments may be missing).
    private static func expect(_ types: [SQLType], _ index: Int, _ expectation: Expectation) throws(TypeMismatch) {
        guard index < types.count, !expectation.accepts(types[index]) else { return }
        throw TypeMismatch(argument: index, expected: expectation.name, found: types[index])
    }

    private static func expectAll(_ types: [SQLType], _ expectation: Expectation) throws(TypeMismatch) {
        for index in types.indices { try expect(types, index, expectation) }
    }

    /// The common type of all arguments (COALESCE, LEAST, GREATEST); names the first that does not fit.
    private static func common(_ types: [SQLType], comparableOnly: Bool) throws(TypeMismatch) -> SQLType {
        var result = SQLType.any
        for (index, type) in types.enumerated() {
            guard let merged = TypeRules.commonType([result, type]), !comparableOnly || TypeRules.comparable(merged, merged) else {
                throw TypeMismatch(argument: index, expected: "of a type in common with \(result)", found: type)
            }
            result = merged
        }
        return result
    }

    /// CEIL/FLOOR keep integers and doubles; a DECIMAL(p, s) becomes DECIMAL(p − s + 1, 0).
    private static func integral(_ type: SQLType) -> SQLType {
        if case .decimal(let precision, let scale) = type {
            return .decimal(precision: min(max(precision - scale + 1, 1), SQLDecimal.maxDigits), scale: 0)
        }
        return type
    }

    /// Levenshtein distance over characters, two rows at a time.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
