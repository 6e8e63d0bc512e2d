import Foundation
import Synchronization
import Testing
import VeloKafka

/// Where the test broker listens: `KAFKA_BOOTSTRAP_SERVERS` (set by scripts/test.sh), else the default.
let testBrokers = ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP_SERVERS"] ?? "127.0.0.1:9092"

/// A topic name no other test uses.
func uniqueTopic(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

func makeAdmin() throws -> KafkaAdmin {
    try KafkaAdmin(config: AdminConfig(bootstrapServers: testBrokers).operationTimeout(.seconds(15)))
}

/// Creates topics for the duration of `body` and deletes them afterwards, also when it throws.
func withTopics<T>(
    _ topics: [NewTopic],
    _ body: (KafkaAdmin) async throws -> T
) async throws -> T {
    let admin = try makeAdmin()
    try await admin.createTopics(topics)
    do {
        let result = try await body(admin)
        try? await admin.deleteTopics(topics.map(\.name), ifExists: true)
        return result
    } catch {
        try? await admin.deleteTopics(topics.map(\.name), ifExists: true)
        throw error
    }
}

/// Polls until `count` messages arrived or `timeout` passed.
func consume<K, V>(
    _ consumer: KafkaConsumer<K, V>,
    count: Int,
    timeout: Duration = .seconds(30)
) async throws -> [Message<K, V>] {
    var messages: [Message<K, V>] = []
    let deadline = ContinuousClock.now + timeout
    while messages.count < count, ContinuousClock.now < deadline {
        for outcome in try await consumer.pollBatch(maxMessages: 1000, timeout: .milliseconds(200)) {
            messages.append(try outcome.get())
        }
    }
    return messages
}

// MARK: - Helpers for group and transaction tests

/// A condition that did not become true (or messages that did not arrive) in time. Its description
/// says what was awaited and what was last seen, so a failing test explains itself.
struct WaitTimedOut: Error, CustomStringConvertible {
    let description: String
}

/// Re-checks `condition` every `interval` until it holds; throws `WaitTimedOut` (naming `what` and
/// the last `state`) when it still does not hold after `timeout`.
func eventually(
    _ what: String,
    timeout: Duration = .seconds(20),
    every interval: Duration = .milliseconds(50),
    state: () throws -> String = { "" },
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try await condition() { return }
        if clock.now >= deadline {
            let seen = (try? state()) ?? ""
            throw WaitTimedOut(description: "timed out after \(timeout) waiting until \(what)\(seen.isEmpty ? "" : "; last seen: \(seen)")")
        }
        try await Task.sleep(for: interval)
    }
}

/// Polls exactly `count` messages (never more: each batch asks for at most the missing number, so
/// the consumer's position ends right after the last one returned). Throws `WaitTimedOut` when
/// fewer arrive within `timeout`.
func consumeExactly<K: Sendable, V: Sendable>(
    _ consumer: KafkaConsumer<K, V>,
    count: Int,
    timeout: Duration = .seconds(20)
) async throws -> [Message<K, V>] {
    var messages: [Message<K, V>] = []
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while messages.count < count {
        guard clock.now < deadline else {
            throw WaitTimedOut(description: "received \(messages.count) of \(count) messages within \(timeout); offsets \(messages.map(\.offset))")
        }
        for outcome in try await consumer.pollBatch(maxMessages: count - messages.count, timeout: .milliseconds(200)) {
            messages.append(try outcome.get())
        }
    }
    return messages
}

/// Polls until a message satisfying `isLast` arrives and returns every message up to and including
/// it. With a single partition and a sentinel record written last, this reads "everything there is"
/// without waiting for a quiet period.
func consumeUntil<K: Sendable, V: Sendable>(
    _ consumer: KafkaConsumer<K, V>,
    timeout: Duration = .seconds(20),
    isLast: (Message<K, V>) -> Bool
) async throws -> [Message<K, V>] {
    var messages: [Message<K, V>] = []
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        guard clock.now < deadline else {
            throw WaitTimedOut(description: "the closing message did not arrive within \(timeout); got \(messages.count) messages, offsets \(messages.map(\.offset))")
        }
        for outcome in try await consumer.pollBatch(maxMessages: 1, timeout: .milliseconds(200)) {
            let message = try outcome.get()
            messages.append(message)
            if isLast(message) { return messages }
        }
    }
}

/// A consumer that reads one partition from its beginning outside any group (nothing is committed),
/// with the given isolation level: for checking what a topic holds.
func makeReader(
    topic: String,
    partition: Int32 = 0,
    isolation: ConsumerConfig.IsolationLevel
) throws -> KafkaConsumer<String, String> {
    let consumer = try KafkaConsumer(
        config: ConsumerConfig(bootstrapServers: testBrokers).isolationLevel(isolation).autoCommit(false),
        keyDeserializer: StringSerde(), valueDeserializer: StringSerde())
    try consumer.assign([TopicPartitionOffset(topic, partition, KafkaOffset.beginning)])
    return consumer
}

/// A thread-safe list that callbacks and poll loops append to while the test reads it.
final class Recorder<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])

    func append(_ element: Element) { storage.withLock { $0.append(element) } }
    var all: [Element] { storage.withLock { $0 } }
    var count: Int { storage.withLock { $0.count } }
}
