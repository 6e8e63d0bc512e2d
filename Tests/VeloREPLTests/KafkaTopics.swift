import Foundation
import VeloKafka

/// Topics with test data on the real broker, named uniquely per test; deleted by `cleanUp`.
struct KafkaTopics {
    let brokers: String
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let admin: KafkaAdmin
    private(set) var created: [String] = []

    init(brokers: String) throws {
        self.brokers = brokers
        admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: brokers))
    }

    /// `base_<suffix>`: a name for a topic, stream or job unique to this test.
    func name(_ base: String) -> String { "\(base)_\(suffix)" }

    /// Creates the topic and writes `{"id": n, "amount": n * 10}` for each n in `ids`.
    mutating func produce(_ topic: String, ids: Range<Int>) async throws {
        try await admin.createTopic(topic, partitions: 1, replicationFactor: 1, ifNotExists: true)
        created.append(topic)
        let producer = try KafkaProducer(config: ProducerConfig(bootstrapServers: brokers), topic: topic,
                                         keySerializer: StringSerde(), valueSerializer: StringSerde())
        for id in ids { try await producer.enqueue(key: "\(id)", value: "{\"id\":\(id),\"amount\":\(id * 10)}") }
        try await producer.flush()
        try await producer.close()
    }

    func cleanUp() async {
        try? await admin.deleteTopics(created, ifExists: true)
    }
}
