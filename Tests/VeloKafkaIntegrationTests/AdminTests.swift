import Testing
import VeloKafka

@Suite("Admin")
struct AdminTests {
    @Test("create, list, describe (partitions and configs) and delete topics")
    func topicLifecycle() async throws {
        let admin = try makeAdmin()
        let topic = uniqueTopic("admin")
        try await admin.createTopic(topic, partitions: 3, configs: ["cleanup.policy": "compact", "retention.ms": "3600000"])
        let listed = try await admin.listTopics()
        #expect(listed.contains { $0.name == topic && $0.partitions.count == 3 })
        #expect(!listed.contains { $0.name.hasPrefix("__") }, "internal topics are hidden by default")

        let description = try await admin.describeTopic(topic)
        #expect(description.partitions.map(\.id) == [0, 1, 2])
        #expect(description.partitions.allSatisfy { $0.leader >= 0 })
        #expect(description.config("cleanup.policy") == "compact")
        #expect(description.config("retention.ms") == "3600000")

        await #expect(throws: KafkaClientError.self) { try await admin.createTopic(topic) }
        do throws(KafkaClientError) {
            try await admin.createTopic(topic)
            Issue.record("creating an existing topic must fail")
        } catch {
            #expect(error.kind == .topicAlreadyExists)
            #expect(error.context.topic == topic)
        }
        try await admin.createTopic(topic, ifNotExists: true)

        try await admin.deleteTopic(topic)
        let afterDelete = try await admin.listTopics()
        #expect(!afterDelete.contains { $0.name == topic })
        try await admin.deleteTopic(topic, ifExists: true)
        do throws(KafkaClientError) {
            _ = try await admin.describeTopic(topic)
            Issue.record("describing a deleted topic must fail")
        } catch {
            #expect(error.kind == .unknownTopic)
        }
    }

    @Test("health checks of every client kind see the broker")
    func healthChecks() async throws {
        let admin = try makeAdmin()
        let adminHealth = await admin.healthCheck()
        #expect(adminHealth.isHealthy)
        #expect(!adminHealth.brokers.isEmpty)
        #expect(adminHealth.error == nil)

        let producer = try KafkaProducer(config: ProducerConfig(bootstrapServers: testBrokers), keySerializer: BytesSerde(), valueSerializer: BytesSerde())
        #expect(await producer.healthCheck().isHealthy)
        let consumer = try KafkaConsumer(config: ConsumerConfig(bootstrapServers: testBrokers), keyDeserializer: BytesSerde(), valueDeserializer: BytesSerde())
        #expect(await consumer.healthCheck().isHealthy)
        await consumer.close()
    }
}
