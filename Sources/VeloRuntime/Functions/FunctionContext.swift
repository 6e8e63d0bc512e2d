#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import VeloCore

/// A scalar function's implementation: argument values in, one value out. Errors never throw: the
/// function records them on `context.evaluation` and returns NULL.
public typealias ScalarFunction = @Sendable (_ arguments: [Value], _ context: FunctionContext) -> Value

/// What scalar functions see besides their arguments: the operator's error counter, the current
/// record's headers (HEADER, HAS_HEADER) and the clock (NOW, UNIX_TIMESTAMP()). One per operator
/// instance, used from one thread at a time (hence `@unchecked Sendable`).
public final class FunctionContext: @unchecked Sendable {
    public let evaluation: EvaluationContext
    /// The headers of the record being evaluated; the runtime sets them per record when an expression
    /// reads headers.
    public var headers: [Record.Header]
    /// Current time in UTC epoch milliseconds; injectable for tests.
    public var now: () -> Int64

    /// Compiled regular expressions by pattern: a pattern column usually holds few distinct values,
    /// and compiling a Regex costs far more than matching it.
    var regexCache: [String: Regex<AnyRegexOutput>] = [:]
    static let regexCacheLimit = 64

    public init(evaluation: EvaluationContext = EvaluationContext(), headers: [Record.Header] = [],
                now: @escaping () -> Int64 = FunctionContext.systemNow) {
        self.evaluation = evaluation
        self.headers = headers
        self.now = now
    }

    /// The wall clock in UTC epoch milliseconds.
    public static func systemNow() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000 + Int64(time.tv_nsec) / 1_000_000
    }

    /// Records an expression error and returns NULL, so a failing function can `return fail(…)`.
    func fail(_ message: String) -> Value {
        evaluation.error(message)
        return .null
    }

    /// The compiled pattern, nil (not cached) when it does not compile.
    func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        if let cached = regexCache[pattern] { return cached }
        guard let compiled = try? Regex(pattern) else { return nil }
        if regexCache.count >= Self.regexCacheLimit { regexCache.removeAll(keepingCapacity: true) }
        regexCache[pattern] = compiled
        return compiled
    }
}
