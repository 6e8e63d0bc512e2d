import VeloCore
import VeloKafka

/// The real thing: topics on a Kafka cluster through VeloKafka (librdkafka).
public final class KafkaBus: MessageBus {
    public let brokers: String
    /// librdkafka properties for every client of every job (the server's `kafka.properties`); a
    /// job's own WITH properties win.
    public let properties: [String: String]
    private let admin: KafkaAdmin

    public init(brokers: String, properties: [String: String] = [:]) throws {
        self.brokers = brokers
        self.properties = properties
        admin = try KafkaAdmin(config: AdminConfig(bootstrapServers: brokers, properties: properties).operationTimeout(.seconds(15)))
    }

    public var address: String { brokers }

    public func ensureTopic(_ topic: String, partitions: Int, replicas: Int) async throws {
        try await admin.createTopic(topic, partitions: Int32(partitions), replicationFactor: Int32(replicas), ifNotExists: true)
    }

    /// Partition ids of `topic`, or nil when it does not exist (yet).
    func partitions(of topic: String) async throws -> [Int32]? {
        let metadata = try await admin.metadata()
        guard let description = metadata.topic(topic), !description.partitions.isEmpty else { return nil }
        return description.partitions.map(\.id)
    }

    public func makeReader(topic: String, group: String, startAtEarliest: Bool, readToEnd: Bool, properties: [String: String]) async throws -> any MessageReader {
        // Static membership (KIP-345): a job restarted after a crash takes its dead member's place
        // at once, instead of every restart waiting out a rebalance for the old session. Each reader
        // has a group of its own (one per job and source), so the group names the member too — and a
        // job dropped and deployed again under its name, reading another topic, still takes the old
        // member's place. A short session bounds the wait where static membership is not supported.
        // A job's own properties win.
        var settings = [
            "group.instance.id": group,
            "session.timeout.ms": "10000",
            "heartbeat.interval.ms": "2000",
            // Some brokers (the local test broker among them) answer a fetch with the whole backlog.
            "receive.message.max.bytes": "1000000000",
        ]
        settings.merge(self.properties) { _, server in server }
        settings.merge(properties) { _, own in own }
        // An empty group.instance.id turns static membership off (a transient query's reader).
        if settings["group.instance.id"]?.isEmpty == true { settings["group.instance.id"] = nil }
        let config = ConsumerConfig(bootstrapServers: brokers, groupId: group, properties: settings)
            .autoCommit(false)
            .autoOffsetReset(startAtEarliest ? .earliest : .latest)
            // Jobs never look at rebalances: librdkafka assigns by itself (see observesRebalances).
            .observesRebalances(false)
        let consumer = try KafkaConsumer(config: config, keyDeserializer: BytesSerde(), valueDeserializer: BytesSerde())
        var end: Positions?
        var start: Positions = [:]
        // Before subscribing: once the group join is in flight (it can wait for a crashed member's
        // session to expire), the coordinator answers nothing else.
        let known = try await partitions(of: topic) ?? []
        if readToEnd {
            end = [:]
            for partition in known {
                let marks = try await consumer.watermarks(topic: topic, partition: partition)
                end?[partition] = marks.high
                start[partition] = startAtEarliest ? marks.low : marks.high
            }
            let committed = try await consumer.committed((end ?? [:]).keys.map { TopicPartition(topic, $0) })
            for entry in committed where entry.offset >= 0 { start[entry.partition] = entry.offset }
        }
        try consumer.subscribe([topic])
        let reader = Reader(consumer: consumer, topic: topic, end: end, start: start)
        // A bounded read expects records only where there is something left to read.
        reader.partitions = known.filter { partition in end.map { start[partition, default: 0] < $0[partition, default: 0] } ?? true }
        return reader
    }

    public func makeWriter(properties: [String: String]) async throws -> any MessageWriter {
        let config = ProducerConfig(bootstrapServers: brokers, properties: self.properties.merging(properties) { _, own in own }).lingerMs(5)
        return Writer(producer: try KafkaProducer(config: config, keySerializer: BytesSerde(), valueSerializer: BytesSerde()))
    }

    private final class Reader: MessageReader, @unchecked Sendable {
        let consumer: KafkaConsumer<[UInt8], [UInt8]>
        let topic: String
        let end: Positions?
        // Owned by the one job task that polls this reader.
        var positions: Positions
        var partitions: [Int32] = []

        init(consumer: KafkaConsumer<[UInt8], [UInt8]>, topic: String, end: Positions?, start: Positions) {
            self.consumer = consumer
            self.topic = topic
            self.end = end
            positions = start
        }

        var isDrained: Bool {
            guard let end else { return false }
            return end.allSatisfy { positions[$0.key, default: 0] >= $0.value }
        }

        func poll(max: Int, timeout: Duration) async throws -> [BusMessage] {
            if isDrained { return [] }
            let results = try await consumer.pollBatch(maxMessages: max, timeout: timeout)
            var messages: [BusMessage] = []
            messages.reserveCapacity(results.count)
            for result in results {
                let message = try result.get()
                if let end, message.offset >= end[message.partition, default: 0] { continue }
                positions[message.partition] = message.offset + 1
                messages.append(BusMessage(
                    topic: message.topic, partition: message.partition, offset: message.offset, key: message.key, value: message.value,
                    timestamp: message.timestamp?.milliseconds ?? 0,
                    headers: message.headers.entries.map { Record.Header(name: $0.name, value: $0.value) }))
            }
            return messages
        }

        /// What the last commit stored, so an unchanged position is not sent again.
        var committed: Positions = [:]

        /// Asynchronous: a synchronous commit can wait on the group coordinator for as long as a
        /// rebalance takes (a crashed member's session), stalling the job. A lost async commit only
        /// means a restart re-reads a little more — still at-least-once.
        func commit(_ positions: Positions) async throws {
            let changed = positions.filter { committed[$0.key] != $0.value }
            guard !changed.isEmpty else { return }
            try await consumer.commit(changed.map { TopicPartitionOffset(topic, $0.key, $0.value) }, mode: .async)
            committed.merge(changed) { _, new in new }
        }

        /// Pausing: rd_kafka_pause_partitions on the current assignment; `keepAlive` polls (serving
        /// heartbeats and rebalances) and, since a partition assigned anew while paused starts unpaused,
        /// pauses again and rewinds anything such a partition delivered.
        var paused = false

        func pause() async throws {
            paused = true
            try consumer.pause(try consumer.assignment())
        }

        func resume() async throws {
            paused = false
            try consumer.resume(try consumer.assignment())
        }

        func keepAlive(timeout: Duration) async throws {
            try consumer.pause(try consumer.assignment())
            var rewind: [Int32: Int64] = [:]
            for result in try await consumer.pollBatch(maxMessages: 1_000, timeout: timeout) {
                guard case .success(let message) = result else { continue }
                rewind[message.partition] = min(rewind[message.partition] ?? message.offset, message.offset)
            }
            for (partition, offset) in rewind {
                try await consumer.seek(TopicPartition(topic, partition), to: offset)
            }
        }

        var lag: Int64? {
            guard let assigned = try? consumer.assignment(), !assigned.isEmpty else { return nil }
            var total: Int64 = 0
            for partition in assigned {
                guard let behind = consumer.lag(partition) else { return nil }
                total += behind
            }
            return total
        }

        func close() async {
            await consumer.close()
        }
    }

    private final class Writer: MessageWriter, @unchecked Sendable {
        let producer: KafkaProducer<[UInt8], [UInt8]>

        init(producer: KafkaProducer<[UInt8], [UInt8]>) {
            self.producer = producer
        }

        func send(topic: String, key: [UInt8]?, value: [UInt8]?, headers: [Record.Header], timestamp: Int64?) async throws {
            try await producer.enqueue(topic: topic, key: key, value: value, headers: Headers(headers.map { Headers.Header(name: $0.name, value: $0.value) }),
                                       timestamp: timestamp)
        }

        func flush() async throws {
            try await producer.flush()
        }

        func close() async {
            try? await producer.close()
        }
    }
}
