import Foundation
import Testing
import VeloKafka

private struct Reading: Codable, Sendable, Equatable {
    var sensor: String
    var celsius: Double
}

/// A serializer that refuses some values, to check how producers report it.
private struct PickySerializer: Serializer {
    func serialize(_ value: String) throws -> [UInt8] {
        if value == "poison" { throw SerializationError("poison is not allowed") }
        return Array(value.utf8)
    }
}

@Suite("Bad input")
struct BadInputTests {
    @Test("an undecodable record surfaces as a typed error with its position and bytes; the next one still arrives")
    func undecodableRecords() async throws {
        let topic = uniqueTopic("bad-json")
        try await withTopics([NewTopic(topic, partitions: 1)]) { _ in
            let raw = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers),
                topic: topic, keySerializer: BytesSerde(), valueSerializer: BytesSerde())
            try await raw.send(key: Array("s1".utf8), value: Array(#"{"sensor":"s1","celsius":21.5}"#.utf8))
            let bad = try await raw.send(key: Array("s2".utf8), value: Array("{\"sensor\": tru".utf8))
            try await raw.send(key: [0xC3, 0x28], value: Array(#"{"sensor":"s3","celsius":1}"#.utf8)) // key not UTF-8
            try await raw.send(key: Array("s4".utf8), value: Array(#"{"sensor":"s4","celsius":-3}"#.utf8))

            let consumer = try KafkaConsumer(
                config: ConsumerConfig(bootstrapServers: testBrokers, groupId: uniqueTopic("bad-group")),
                keyDeserializer: StringSerde(), valueDeserializer: JSONSerde<Reading>())
            try consumer.subscribe([topic])
            let first = try await pollUntilMessage(consumer)
            #expect(first?.value == Reading(sensor: "s1", celsius: 21.5))
            do throws(KafkaClientError) {
                _ = try await consumer.poll(timeout: .seconds(5))
                Issue.record("the broken record must surface as an error")
            } catch {
                #expect(error.kind == .deserialization)
                #expect(error.severity == .critical)
                #expect(error.context.topic == topic)
                #expect(error.context.partition == 0)
                #expect(error.context.offset == bad.offset)
                #expect(error.rawKey == Array("s2".utf8))
                #expect(error.rawValue == Array("{\"sensor\": tru".utf8))
                #expect(error.message.contains("JSON"))
            }
            // Batches keep the failure in place, in order, without hiding the records around it.
            let rest = try await pollBatchUntil(consumer, count: 2)
            #expect(rest.count == 2)
            if case .failure(let error) = rest.first {
                #expect(error.kind == .deserialization)
                #expect(error.message.contains("key"))
                #expect(error.rawKey == [0xC3, 0x28])
            } else {
                Issue.record("expected the undecodable key first, got \(String(describing: rest.first))")
            }
            #expect((try? rest.last?.get())?.value == Reading(sensor: "s4", celsius: -3))
            await consumer.close()
        }
    }

    @Test("unknown or invalid configuration is rejected at construction with librdkafka's message")
    func invalidConfiguration() throws {
        do throws(KafkaClientError) {
            _ = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers).property("no.such.property", "1"),
                keySerializer: BytesSerde(), valueSerializer: BytesSerde())
            Issue.record("an unknown property must be rejected")
        } catch {
            #expect(error.kind == .configuration)
            #expect(error.severity == .critical)
            #expect(error.message.contains("no.such.property"))
            #expect(error.message.contains("No such configuration property"))
            #expect(error.context.metadata["property"] == "no.such.property")
        }
        do throws(KafkaClientError) {
            _ = try KafkaConsumer(
                config: ConsumerConfig(bootstrapServers: testBrokers, groupId: "g").property("session.timeout.ms", "soon"),
                keyDeserializer: BytesSerde(), valueDeserializer: BytesSerde())
            Issue.record("an invalid value must be rejected")
        } catch {
            #expect(error.kind == .configuration)
            #expect(error.message.contains("session.timeout.ms"))
            #expect(error.message.contains("soon"))
        }
        do throws(KafkaClientError) {
            _ = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers).acks(.leader).idempotence(true),
                keySerializer: BytesSerde(), valueSerializer: BytesSerde())
            Issue.record("idempotence without acks=all must be rejected")
        } catch {
            #expect(error.kind == .configuration)
            #expect(error.message.lowercased().contains("acks"))
        }
        do throws(KafkaClientError) {
            _ = try KafkaAdmin(config: AdminConfig(bootstrapServers: testBrokers).property("compression.codec", "zip"))
            Issue.record("an invalid enum value must be rejected")
        } catch {
            #expect(error.kind == .configuration)
        }
    }

    @Test("a value the serializer refuses fails that send only, with a critical serialization error")
    func serializationFailure() async throws {
        let topic = uniqueTopic("picky")
        try await withTopics([NewTopic(topic)]) { _ in
            let producer = try KafkaProducer(
                config: ProducerConfig(bootstrapServers: testBrokers),
                topic: topic, keySerializer: StringSerde(), valueSerializer: PickySerializer())
            let results = await producer.sendBatch([
                ProducerRecord(key: "a", value: "fine"),
                ProducerRecord(key: "b", value: "poison"),
                ProducerRecord(key: "c", value: "also fine"),
            ])
            #expect((try? results[0].get()) != nil)
            #expect((try? results[2].get()) != nil)
            guard case .failure(let error) = results[1] else {
                Issue.record("the poison value must fail")
                return
            }
            #expect(error.kind == .serialization)
            #expect(error.severity == .critical)
            #expect(error.context.operation == "producer.sendBatch")
            #expect(error.context.topic == topic)
            #expect(error.message.contains("poison is not allowed"))

            let noTopic = try KafkaProducer(config: ProducerConfig(bootstrapServers: testBrokers), keySerializer: StringSerde(), valueSerializer: StringSerde())
            await #expect(throws: KafkaClientError.self) { try await noTopic.send(key: nil, value: "x") }
            try await producer.close()
            await #expect(throws: KafkaClientError.self) { try await producer.send(key: nil, value: "after close") }
        }
    }
}

private func pollUntilMessage<K, V>(_ consumer: KafkaConsumer<K, V>) async throws -> Message<K, V>? {
    let deadline = ContinuousClock.now + .seconds(15)
    while ContinuousClock.now < deadline {
        if let message = try await consumer.poll(timeout: .milliseconds(200)) { return message }
    }
    return nil
}

private func pollBatchUntil<K, V>(_ consumer: KafkaConsumer<K, V>, count: Int) async throws -> [Result<Message<K, V>, KafkaClientError>] {
    var results: [Result<Message<K, V>, KafkaClientError>] = []
    let deadline = ContinuousClock.now + .seconds(15)
    while results.count < count, ContinuousClock.now < deadline {
        results += try await consumer.pollBatch(maxMessages: 100, timeout: .milliseconds(200))
    }
    return results
}
