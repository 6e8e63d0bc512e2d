import CRdKafka
import Synchronization

/// A typed Kafka producer.
///
/// ```swift
/// let producer = try KafkaProducer(
///     config: ProducerConfig(bootstrapServers: "127.0.0.1:9092"),
///     topic: "orders", keySerializer: StringSerde(), valueSerializer: JSONSerde<Order>())
/// let report = try await producer.send(key: "o-1", value: order, headers: ["source": "web"])
/// ```
///
/// `send` waits for the broker's acknowledgement and returns where the record landed. For throughput,
/// `enqueue` hands records to librdkafka without waiting; `flush` then waits for all of them and
/// reports any that failed. Transactions: see `KafkaProducer+Transactions.swift`.
public final class KafkaProducer<Key: Sendable, Value: Sendable>: Sendable {
    public let config: ProducerConfig
    /// The topic used when a call names none.
    public let defaultTopic: String?
    let client: RDKafkaClient
    let tracker: DeliveryTracker
    private let keySerializer: any Serializer<Key>
    private let valueSerializer: any Serializer<Value>
    /// The default topic's handle, resolved once: a lookup per record costs a lock and a hash.
    private let defaultTopicHandle: HandleReference?
    let closed = Atomic<Bool>(false)
    let transactionsInitialized = Atomic<Bool>(false)

    public init(
        config: ProducerConfig,
        topic: String? = nil,
        keySerializer: some Serializer<Key>,
        valueSerializer: some Serializer<Value>
    ) throws(KafkaClientError) {
        self.config = config
        defaultTopic = topic
        self.keySerializer = keySerializer
        self.valueSerializer = valueSerializer
        tracker = DeliveryTracker()
        let state = RDKafkaClientState(logger: config.client.logger, brokers: config.client.bootstrapServers, delivery: tracker)
        let client = try RDKafkaClient(role: .producer, properties: config.librdkafkaProperties, state: state, operation: "producer.create")
        self.client = client
        defaultTopicHandle = topic.flatMap { client.topicHandle($0) }.map(HandleReference.init)
    }

    /// Sends one record and waits until the broker has it (per `acks`).
    public func send(
        topic: String? = nil,
        key: Key?,
        value: Value?,
        headers: Headers = Headers(),
        partition: Int32? = nil,
        timestamp: Int64? = nil
    ) async throws(KafkaClientError) -> DeliveryReport {
        let record = ProducerRecord(topic: topic, key: key, value: value, headers: headers, partition: partition, timestamp: timestamp)
        let results = await send([record], operation: "producer.send")
        guard let first = results.first else {
            throw KafkaClientError(.kafka, "no delivery result", context: context("producer.send", topic: topic))
        }
        return try first.get()
    }

    /// Sends many records and waits for all of their acknowledgements. The result at index `i` is the
    /// outcome of `records[i]`: a failure of one record never hides the others.
    public func sendBatch(_ records: [ProducerRecord<Key, Value>]) async -> [Result<DeliveryReport, KafkaClientError>] {
        await send(records, operation: "producer.sendBatch")
    }

    private func send(_ records: [ProducerRecord<Key, Value>], operation: String) async -> [Result<DeliveryReport, KafkaClientError>] {
        let waiter = DeliveryWaiter(count: records.count)
        for (index, record) in records.enumerated() {
            let opaque = tracker.register(waiter, index: index, operation: operation)
            do {
                try await produce(record, opaque: opaque, operation: operation)
            } catch {
                tracker.cancel(opaque)
                waiter.fill(index, .failure(error))
            }
        }
        return await waiter.wait()
    }

    /// Hands a record to librdkafka and returns without waiting for the broker. Waits only while
    /// librdkafka's local queue is full (back-pressure). A record that later fails to be delivered is
    /// reported by the next `flush`.
    @_specialize(exported: true, where Key == [UInt8], Value == [UInt8])
    public func enqueue(
        topic: String? = nil,
        key: Key?,
        value: Value?,
        headers: Headers = Headers(),
        partition: Int32? = nil,
        timestamp: Int64? = nil
    ) async throws(KafkaClientError) {
        try await produce(
            ProducerRecord(topic: topic, key: key, value: value, headers: headers, partition: partition, timestamp: timestamp),
            opaque: nil,
            operation: "producer.enqueue"
        )
    }

    /// Waits until every record handed to librdkafka is delivered or failed. Throws when the wait
    /// times out, or when records sent with `enqueue` failed since the last flush (the error says how
    /// many, and carries the first failure as its underlying error).
    public func flush(timeout: Duration = .seconds(30)) async throws(KafkaClientError) {
        let client = self.client
        let code = await Blocking.runNonThrowing { rd_kafka_flush(client.handle, timeout.milliseconds) }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            var ctx = context("producer.flush")
            ctx.metadata["outstanding"] = String(rd_kafka_outq_len(client.handle))
            ctx.metadata["timeoutMs"] = String(timeout.milliseconds)
            throw RDKafkaErrorMapping.error(
                code: code,
                message: "flush did not complete: \(RDKafkaErrorMapping.text(code))",
                context: ctx,
                brokersDown: client.state.areBrokersDown
            )
        }
        let (first, count) = tracker.takeUnreported()
        if let first, count > 0 {
            var ctx = context("producer.flush", topic: first.context.topic)
            ctx.metadata["failedCount"] = String(count)
            ctx.underlying = first
            throw KafkaClientError(first.kind, "\(count) enqueued record(s) were not delivered; first: \(first.message)", context: ctx, code: first.code, codeName: first.codeName)
        }
    }

    /// Records handed to librdkafka and not yet delivered or failed.
    public var outstandingCount: Int { Int(rd_kafka_outq_len(client.handle)) }

    /// Records delivered and failed since the producer was created.
    public var deliveryCounts: (delivered: Int, failed: Int) {
        (tracker.delivered.load(ordering: .relaxed), tracker.failed.load(ordering: .relaxed))
    }

    /// Flushes and stops the producer. Later calls fail with `.closed`.
    public func close(timeout: Duration = .seconds(30)) async throws(KafkaClientError) {
        guard closed.exchange(true, ordering: .acquiringAndReleasing) == false else { return }
        defer { client.stopPolling() }
        try await flush(timeout: timeout)
    }

    /// Asks the cluster for its metadata: healthy when a broker answers within `timeout`.
    public func healthCheck(timeout: Duration = .seconds(5)) async -> HealthStatus {
        await HealthStatus.check(client: client, timeout: timeout, operation: "producer.healthCheck")
    }

    func context(_ operation: String, topic: String? = nil, partition: Int32? = nil) -> ErrorContext {
        client.state.context(operation, topic: topic ?? defaultTopic, partition: partition)
    }

    /// Serializes and produces one record, waiting (bounded by the delivery timeout) while librdkafka's
    /// queue is full. The first attempt is synchronous: a record that fits costs no suspension point.
    @_specialize(where Key == [UInt8], Value == [UInt8])
    private func produce(_ record: ProducerRecord<Key, Value>, opaque: UnsafeMutableRawPointer?, operation: String) async throws(KafkaClientError) {
        let prepared = try prepare(record, operation: operation)
        if try attempt(prepared, record: record, opaque: opaque, operation: operation) { return }
        // Back-pressure: serve delivery reports (which frees queue space) for at most 1 ms at a time,
        // as librdkafka's examples do, yielding now and then so other tasks can run.
        let started = ContinuousClock.now
        var retries = 0
        while true {
            if ContinuousClock.now - started >= config.deliveryTimeout || Task.isCancelled {
                throw RDKafkaErrorMapping.error(
                    code: RD_KAFKA_RESP_ERR__QUEUE_FULL,
                    message: "produce failed: librdkafka's queue stayed full for \(config.deliveryTimeout)",
                    context: context(operation, topic: prepared.topic, partition: record.partition),
                    brokersDown: client.state.areBrokersDown
                )
            }
            rd_kafka_poll(client.handle, 1)
            retries += 1
            if retries % 64 == 0 { await Task.yield() }
            if try attempt(prepared, record: record, opaque: opaque, operation: operation) { return }
        }
    }

    /// A record's topic handle and serialized bytes.
    private struct PreparedRecord {
        var topic: String
        var topicHandle: OpaquePointer
        var key: [UInt8]?
        var value: [UInt8]?
    }

    private func prepare(_ record: ProducerRecord<Key, Value>, operation: String) throws(KafkaClientError) -> PreparedRecord {
        guard !closed.load(ordering: .relaxed) else {
            throw KafkaClientError(.closed, "the producer is closed", context: context(operation, topic: record.topic))
        }
        guard let topic = record.topic ?? defaultTopic else {
            throw KafkaClientError(.configuration, "no topic: pass one, or create the producer with a default topic", context: context(operation), isRetriable: false)
        }
        let keyBytes = try record.key.map { key throws(KafkaClientError) in try serialize(key, with: keySerializer, part: "key", topic: topic, operation: operation) }
        let valueBytes = try record.value.map { value throws(KafkaClientError) in try serialize(value, with: valueSerializer, part: "value", topic: topic, operation: operation) }
        let cached = record.topic == nil ? defaultTopicHandle?.pointer : nil
        guard let topicHandle = cached ?? client.topicHandle(topic) else {
            throw KafkaClientError(.configuration, "invalid topic name '\(topic)'", context: context(operation, topic: topic), isRetriable: false)
        }
        return PreparedRecord(topic: topic, topicHandle: topicHandle, key: keyBytes, value: valueBytes)
    }

    /// One produce call: true when queued, false when librdkafka's queue is full; throws otherwise.
    private func attempt(_ prepared: PreparedRecord, record: ProducerRecord<Key, Value>, opaque: UnsafeMutableRawPointer?, operation: String) throws(KafkaClientError) -> Bool {
        let code = RDKafkaProduce.produce(
            handle: client.handle,
            topic: prepared.topicHandle,
            partition: record.partition,
            key: prepared.key,
            value: prepared.value,
            headers: record.headers,
            timestamp: record.timestamp,
            opaque: opaque
        )
        switch code {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            // Serve ready delivery reports here, as librdkafka's examples do: buffers are then freed
            // on the thread that allocated them, and the poll thread rarely has work.
            rd_kafka_poll(client.handle, 0)
            return true
        case RD_KAFKA_RESP_ERR__QUEUE_FULL:
            return false
        default:
            throw RDKafkaErrorMapping.error(
                code: code,
                message: "produce failed: \(RDKafkaErrorMapping.text(code))",
                context: context(operation, topic: prepared.topic, partition: record.partition),
                brokersDown: client.state.areBrokersDown
            )
        }
    }

    private func serialize<T>(_ value: T, with serializer: any Serializer<T>, part: String, topic: String, operation: String) throws(KafkaClientError) -> [UInt8] {
        do {
            return try serializer.serialize(value)
        } catch {
            var ctx = context(operation, topic: topic)
            ctx.underlying = error
            throw KafkaClientError(.serialization, "cannot serialize the record's \(part): \(error)", context: ctx, isRetriable: false)
        }
    }
}
