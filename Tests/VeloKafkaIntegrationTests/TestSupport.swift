import Foundation
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
