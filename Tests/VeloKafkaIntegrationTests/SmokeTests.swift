import Testing
import VeloKafka

@Suite("Smoke")
struct SmokeTests {
    @Test func roundTrip() async throws {
        let topic = uniqueTopic("smoke")
        try await withTopics([NewTopic(topic, partitions: 2)]) { _ in
            let producer = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers),
                topic: topic, keySerializer: StringSerde(), valueSerializer: StringSerde())
            let report = try await producer.send(key: "k1", value: "v1", headers: ["h": "1"])
            #expect(report.topic == topic)
            #expect(report.offset >= 0)
            for i in 0..<100 { try await producer.enqueue(key: "k\(i)", value: "v\(i)") }
            try await producer.flush()
            let consumer = try KafkaConsumer(
                config: ConsumerConfig(bootstrapServers: testBrokers, groupId: uniqueTopic("g")),
                keyDeserializer: StringSerde(), valueDeserializer: StringSerde())
            try consumer.subscribe([topic])
            let messages = try await consume(consumer, count: 101)
            #expect(messages.count == 101)
            #expect(messages.contains { $0.key == "k1" && $0.value == "v1" && $0.headers["h"] == "1" })
            await consumer.close()
            try await producer.close()
        }
    }
}
