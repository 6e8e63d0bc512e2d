import VeloCore
import VeloKafka
import VeloRuntime

/// Writing test data to the real broker and reading a job's output back.
public enum TestTopics {
    /// Creates `topic` (if needed) and writes `{"id": n, "amount": n * 10}` keyed by n, for each n in `ids`.
    public static func produceIds(_ topic: String, ids: Range<Int>, partitions: Int32, brokers: String, admin: KafkaAdmin) async throws {
        try await produce(topic, partitions: partitions, brokers: brokers, admin: admin, messages: ids.map { ("\($0)", "{\"id\":\($0),\"amount\":\($0 * 10)}") })
    }

    /// Creates `topic` (if needed) and writes each (key, value) in order.
    public static func produce(_ topic: String, partitions: Int32, brokers: String, admin: KafkaAdmin, messages: [(key: String?, value: String)]) async throws {
        try await admin.createTopic(topic, partitions: partitions, replicationFactor: 1, ifNotExists: true)
        let producer = try KafkaProducer(config: ProducerConfig(bootstrapServers: brokers), topic: topic,
                                         keySerializer: StringSerde(), valueSerializer: StringSerde())
        for message in messages { try await producer.enqueue(key: message.key, value: message.value) }
        try await producer.flush()
        try await producer.close()
    }

    /// Every JSON value of a topic, read from the start to the end it has now. Its own function so
    /// that the reader is destroyed before a test deletes the topic: librdkafka 2.0 waits forever
    /// destroying a consumer whose topic was deleted.
    public static func readRows(_ topic: String, brokers: String, group: String) async throws -> [Value] {
        let reader = try await KafkaBus(brokers: brokers).makeReader(topic: topic, group: group, startAtEarliest: true, readToEnd: true, properties: [:])
        var rows: [Value] = []
        while !reader.isDrained {
            for message in try await reader.poll(max: 5_000, timeout: .milliseconds(200)) {
                if let value = message.value, let row = try? JSONReader.parse(value) { rows.append(row) }
            }
        }
        await reader.close()
        return rows
    }

    /// The `id` field of each row.
    public static func ids(_ rows: [Value]) -> [Int64] {
        rows.compactMap { if case .int(let id)? = $0.field("id") { id } else { nil } }
    }
}
