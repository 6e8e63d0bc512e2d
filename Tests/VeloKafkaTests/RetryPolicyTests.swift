import Synchronization
import Testing
import VeloKafka

/// A clock that does not wait: `sleep` records the requested duration and moves time forward.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<(now: Instant, sleeps: [Duration])>((Instant(offset: .zero), []))

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        state.withLock { state in
            state.sleeps.append(state.now.duration(to: deadline))
            state.now = max(state.now, deadline)
        }
    }
}

private func retriable(_ attempt: Int) -> KafkaClientError {
    KafkaClientError(.timeout, "attempt \(attempt) timed out", context: ErrorContext(operation: "test"))
}

@Suite("RetryPolicy")
struct RetryPolicyTests {
    @Test("backs off exponentially with the injected clock and succeeds on a later attempt")
    func exponentialBackoff() async throws {
        let clock = ManualClock()
        let policy = RetryPolicy(maxAttempts: 5, initialDelay: .milliseconds(100), multiplier: 2, maxDelay: .seconds(10), jitter: 0)
        let attempts = Mutex(0)
        let result = try await policy.run(clock: clock, randomUnit: { 0.5 }) { attempt in
            attempts.withLock { $0 = attempt }
            if attempt < 4 { throw retriable(attempt) }
            return "done"
        }
        #expect(result == "done")
        #expect(attempts.withLock { $0 } == 4)
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
        #expect(clock.now.offset == .milliseconds(700))
    }

    @Test("gives up after maxAttempts and rethrows the last error")
    func exhaustsAttempts() async throws {
        let clock = ManualClock()
        let policy = RetryPolicy(maxAttempts: 3, initialDelay: .seconds(1), jitter: 0)
        do {
            _ = try await policy.run(clock: clock) { attempt -> Int in throw retriable(attempt) }
            Issue.record("must throw")
        } catch let error as KafkaClientError {
            #expect(error.message == "attempt 3 timed out")
        }
        #expect(clock.sleeps == [.seconds(1), .seconds(2)])
    }

    @Test("does not retry errors that are not retriable")
    func nonRetriable() async throws {
        let clock = ManualClock()
        let attempts = Mutex(0)
        do {
            _ = try await RetryPolicy().run(clock: clock) { _ -> Int in
                attempts.withLock { $0 += 1 }
                throw KafkaClientError(.configuration, "bad property", context: ErrorContext(operation: "test"))
            }
            Issue.record("must throw")
        } catch let error as KafkaClientError {
            #expect(error.kind == .configuration)
        }
        #expect(attempts.withLock { $0 } == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("delays are capped at maxDelay, jitter stays within its fraction and never passes the cap")
    func capAndJitter() {
        let policy = RetryPolicy(initialDelay: .milliseconds(100), multiplier: 3, maxDelay: .seconds(2), jitter: 0.2)
        #expect(policy.delay(beforeRetry: 1, randomUnit: 0.5) == .milliseconds(100))
        #expect(policy.delay(beforeRetry: 1, randomUnit: 0) == .milliseconds(80))
        #expect(policy.delay(beforeRetry: 1, randomUnit: 1) == .milliseconds(120))
        #expect(policy.delay(beforeRetry: 3, randomUnit: 0.5) == .milliseconds(900))
        #expect(policy.delay(beforeRetry: 10, randomUnit: 0.5) == .seconds(2))
        #expect(policy.delay(beforeRetry: 10, randomUnit: 1) == .seconds(2), "jitter never exceeds the cap")
        #expect(policy.delay(beforeRetry: 10, randomUnit: 0) == .milliseconds(1600))
        #expect(policy.delay(beforeRetry: 500, randomUnit: 0.5) == .seconds(2), "no overflow for huge attempts")
        for attempt in 1...12 {
            for unit in stride(from: 0.0, through: 1.0, by: 0.125) {
                let delay = policy.delay(beforeRetry: attempt, randomUnit: unit)
                #expect(delay >= .zero && delay <= .seconds(2))
            }
        }
    }

    @Test("a custom shouldRetry decides what is retried")
    func customPredicate() async throws {
        struct Flaky: Error {}
        let clock = ManualClock()
        let policy = RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(10), jitter: 0, shouldRetry: { $0 is Flaky })
        let value = try await policy.run(clock: clock) { attempt in
            if attempt < 3 { throw Flaky() }
            return attempt
        }
        #expect(value == 3)
        #expect(clock.sleeps.count == 2)
    }
}
