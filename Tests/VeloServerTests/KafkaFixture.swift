import Foundation
import VeloKafka
import VeloTestSupport

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
        try await TestTopics.produceIds(topic, ids: ids, partitions: partitions, brokers: brokers, admin: admin)
    }

    /// Writes each value in order (no key), creating the topic with one partition if needed.
    func produceValues(_ topic: String, _ values: [String]) async throws {
        try await TestTopics.produce(topic, partitions: 1, brokers: brokers, admin: admin, messages: values.map { (nil, $0) })
    }

    func cleanUp(_ topics: [String]) async {
        try? await admin.deleteTopics(topics, ifExists: true)
    }
}
