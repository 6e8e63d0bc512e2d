/// Retries an operation with exponential backoff, jitter and a cap.
///
/// The delay before retry `n` (1-based) is `initialDelay · multiplier^(n-1)`, capped at `maxDelay`,
/// then spread by ±`jitter` (a fraction) so that many clients do not retry in step; it never exceeds
/// `maxDelay`. Only errors that `shouldRetry` accepts are retried (by default: `KafkaClientError`s
/// that are `isRetriable`); the last error is rethrown when attempts run out.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included. Default 5.
    public var maxAttempts: Int
    /// Default 100 ms.
    public var initialDelay: Duration
    /// Default 2.
    public var multiplier: Double
    /// Default 10 s.
    public var maxDelay: Duration
    /// Fraction of the delay to spread randomly, 0...1. Default 0.2.
    public var jitter: Double
    public var shouldRetry: @Sendable (any Error) -> Bool

    public init(
        maxAttempts: Int = 5,
        initialDelay: Duration = .milliseconds(100),
        multiplier: Double = 2,
        maxDelay: Duration = .seconds(10),
        jitter: Double = 0.2,
        shouldRetry: @escaping @Sendable (any Error) -> Bool = RetryPolicy.retriableKafkaErrors
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.multiplier = max(1, multiplier)
        self.maxDelay = maxDelay
        self.jitter = min(max(jitter, 0), 1)
        self.shouldRetry = shouldRetry
    }

    public static let retriableKafkaErrors: @Sendable (any Error) -> Bool = { error in
        (error as? KafkaClientError)?.isRetriable ?? false
    }

    /// The wait before retry `attempt` (1 = the first retry). `randomUnit` is a number in 0..<1.
    public func delay(beforeRetry attempt: Int, randomUnit: Double) -> Duration {
        let exponent = Double(max(attempt, 1) - 1)
        let base = min(initialDelay.seconds * pow(multiplier, exponent), maxDelay.seconds)
        let spread = base * jitter * (2 * min(max(randomUnit, 0), 1) - 1)
        let seconds = min(max(base + spread, 0), maxDelay.seconds)
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }

    /// Runs `operation` until it succeeds, fails with an error not worth retrying, or runs out of
    /// attempts. `clock` and `randomUnit` are injectable for tests.
    public func run<T: Sendable, C: Clock>(
        clock: C,
        randomUnit: @Sendable () -> Double = { Double.random(in: 0..<1) },
        _ operation: @Sendable (_ attempt: Int) async throws -> T
    ) async throws -> T where C.Duration == Duration {
        var attempt = 1
        while true {
            do {
                return try await operation(attempt)
            } catch {
                guard attempt < maxAttempts, shouldRetry(error), !Task.isCancelled else { throw error }
                try await clock.sleep(for: delay(beforeRetry: attempt, randomUnit: randomUnit()))
                attempt += 1
            }
        }
    }

    /// `run` on the continuous clock.
    public func run<T: Sendable>(_ operation: @Sendable (_ attempt: Int) async throws -> T) async throws -> T {
        try await run(clock: ContinuousClock(), operation)
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var remaining = Int(exponent)
    while remaining > 0 {
        result *= base
        remaining -= 1
        if result > 1e12 { return result }
    }
    return result
}
