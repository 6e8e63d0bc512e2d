import Testing
import VeloKafka

private struct Trade: Codable, Sendable, Equatable {
    var symbol: String
    var quantity: Int
    var nested: Nested
    struct Nested: Codable, Sendable, Equatable { var venue: String }
}

private func decode<D: Deserializer>(_ deserializer: D, _ bytes: [UInt8]) throws -> D.Value {
    try bytes.withUnsafeBytes { try deserializer.deserialize($0) }
}

@Suite("Serializers")
struct SerializationTests {
    @Test func jsonRoundTrip() throws {
        let serde = JSONSerde<Trade>()
        let trade = Trade(symbol: "AAPL", quantity: 10, nested: .init(venue: "XNAS"))
        #expect(try decode(serde, try serde.serialize(trade)) == trade)
    }

    @Test("JSON errors say where the input is wrong")
    func jsonErrors() throws {
        let serde = JSONSerde<Trade>()
        #expect(throws: SerializationError.self) { try decode(serde, Array("{".utf8)) }
        do {
            _ = try decode(serde, Array(#"{"symbol":"A","quantity":1,"nested":{}}"#.utf8))
            Issue.record("must throw")
        } catch let error as SerializationError {
            #expect(error.message.contains("venue"))
            #expect(error.message.contains("$.nested"))
        }
        do {
            _ = try decode(serde, Array(#"{"symbol":"A","quantity":"ten","nested":{"venue":"X"}}"#.utf8))
            Issue.record("must throw")
        } catch let error as SerializationError {
            #expect(error.message.contains("$.quantity"))
        }
    }

    @Test("strings must be valid UTF-8; bytes pass unchanged")
    func stringsAndBytes() throws {
        #expect(try decode(StringSerde(), Array("grüße ✓".utf8)) == "grüße ✓")
        #expect(try StringSerde().serialize("é") == [0xC3, 0xA9])
        #expect(throws: SerializationError.self) { try decode(StringSerde(), [0xFF, 0x41]) }
        #expect(try decode(BytesSerde(), [0, 1, 255]) == [0, 1, 255])
        #expect(try decode(BytesSerde(), []) == [])
    }
}

@Suite("Headers")
struct HeadersTests {
    @Test("ordered, repeatable names; last value wins on lookup; null values kept")
    func semantics() {
        var headers: Headers = ["trace": "a", "source": "web"]
        headers.append("trace", "b")
        headers.append("flag", nil as [UInt8]?)
        #expect(headers.count == 4)
        #expect(headers["trace"] == "b")
        #expect(headers.all("trace") == [Array("a".utf8), Array("b".utf8)])
        #expect(headers.bytes("flag") == nil)
        #expect(headers.entries.map(\.name) == ["trace", "source", "trace", "flag"])
        headers.remove("trace")
        #expect(headers.entries.map(\.name) == ["source", "flag"])
        #expect(headers["missing"] == nil)
    }
}

@Suite("Configuration")
struct ConfigurationTests {
    @Test("typed producer settings become librdkafka properties; raw properties win")
    func producerProperties() {
        let config = ProducerConfig(bootstrapServers: "b:9092", clientId: "app")
            .acks(.all).idempotence(true).transactional(id: "tx-1").batchSize(65536).lingerMs(10)
            .compression(.zstd).requestTimeout(.seconds(15)).deliveryTimeout(.seconds(45))
            .property("linger.ms", "20").property("queue.buffering.max.messages", "500000")
        let properties = config.librdkafkaProperties
        #expect(properties["bootstrap.servers"] == "b:9092")
        #expect(properties["client.id"] == "app")
        #expect(properties["acks"] == "all")
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["transactional.id"] == "tx-1")
        #expect(properties["batch.size"] == "65536")
        #expect(properties["compression.type"] == "zstd")
        #expect(properties["request.timeout.ms"] == "15000")
        #expect(properties["message.timeout.ms"] == "45000")
        #expect(properties["linger.ms"] == "20", "a raw property overrides the typed one")
        #expect(properties["queue.buffering.max.messages"] == "500000")
    }

    @Test("consumer defaults: earliest, read_committed, auto-commit, eager assignment")
    func consumerProperties() {
        let defaults = ConsumerConfig(bootstrapServers: "b:9092", groupId: "g").librdkafkaProperties
        #expect(defaults["group.id"] == "g")
        #expect(defaults["auto.offset.reset"] == "earliest")
        #expect(defaults["isolation.level"] == "read_committed")
        #expect(defaults["enable.auto.commit"] == "true")
        #expect(defaults["partition.assignment.strategy"] == "range,roundrobin")
        let custom = ConsumerConfig(bootstrapServers: "b:9092")
            .autoOffsetReset(.latest).isolationLevel(.readUncommitted).autoCommit(false)
            .sessionTimeout(.seconds(10)).maxPollInterval(.seconds(60)).librdkafkaProperties
        #expect(custom["auto.offset.reset"] == "latest")
        #expect(custom["isolation.level"] == "read_uncommitted")
        #expect(custom["enable.auto.commit"] == "false")
        #expect(custom["session.timeout.ms"] == "10000")
        #expect(custom["max.poll.interval.ms"] == "60000")
        #expect(custom["group.id"]?.hasPrefix("velo-unnamed-") == true, "assign-only consumers get a private group id")
    }
}
