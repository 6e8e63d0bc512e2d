import Foundation
import VeloKafka

/// Topics with test data on the real broker, named uniquely per test.
struct KafkaFixture {
    let brokers: String
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let admin: KafkaAdmin

    init(brokers: String) throws {
        self.brokers = brokers
        admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: brokers))
    }

    func topic(_ base: String) -> String { "\(base)-\(suffix)" }

    /// Creates `topic` and writes `{"id": n, "amount": n * 10}` for each n in `ids`.
    func produce(_ topic: String, ids: Range<Int>, partitions: Int32 = 2) async throws {
        try await admin.createTopic(topic, partitions: partitions, replicationFactor: 1, ifNotExists: true)
        let producer = try KafkaProducer(config: ProducerConfig(bootstrapServers: brokers), topic: topic,
                                         keySerializer: StringSerde(), valueSerializer: StringSerde())
        for id in ids { try await producer.enqueue(key: "\(id)", value: "{\"id\":\(id),\"amount\":\(id * 10)}") }
        try await producer.flush()
        try await producer.close()
    }

    /// Writes each value in order (no key), creating the topic with one partition if needed.
    func produceValues(_ topic: String, _ values: [String]) async throws {
        try await admin.createTopic(topic, partitions: 1, replicationFactor: 1, ifNotExists: true)
        let producer = try KafkaProducer(config: ProducerConfig(bootstrapServers: brokers), topic: topic,
                                         keySerializer: StringSerde(), valueSerializer: StringSerde())
        for value in values { try await producer.enqueue(key: nil, value: value) }
        try await producer.flush()
        try await producer.close()
    }

    func cleanUp(_ topics: [String]) async {
        try? await admin.deleteTopics(topics, ifExists: true)
    }
}
