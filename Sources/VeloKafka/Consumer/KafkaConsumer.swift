import CRdKafka
import Synchronization

/// A typed Kafka consumer: a member of a consumer group (`subscribe`) or a reader of chosen
/// partitions (`assign`).
///
/// ```swift
/// let consumer = try KafkaConsumer(
///     config: ConsumerConfig(bootstrapServers: "127.0.0.1:9092", groupId: "billing").autoCommit(false),
///     keyDeserializer: StringSerde(), valueDeserializer: JSONSerde<Order>())
/// try consumer.subscribe(["orders"])
/// for try await message in consumer.messages {
///     handle(message)
///     try await consumer.commit()
/// }
/// ```
///
/// Positions: the consumer stores the offset of exactly the messages it has returned to you, so
/// `commit()` (and auto-commit) never covers a message you have not seen. Messages are fetched in
/// the background by librdkafka; a poll first takes what is already fetched without blocking, and
/// only waits (on a Dispatch thread, never on a cooperative one) when nothing is there.
public final class KafkaConsumer<Key: Sendable, Value: Sendable>: Sendable {
    public enum CommitMode: Sendable {
        /// Wait until the broker has stored the offsets.
        case sync
        /// Send the commit and return at once.
        case async
    }

    public let config: ConsumerConfig
    let client: RDKafkaClient
    private let keyDeserializer: any Deserializer<Key>
    private let valueDeserializer: any Deserializer<Value>
    private let rebalance: RebalanceHandler
    private let closed = Atomic<Bool>(false)

    public init(
        config: ConsumerConfig,
        keyDeserializer: some Deserializer<Key>,
        valueDeserializer: some Deserializer<Value>
    ) throws(KafkaClientError) {
        self.config = config
        self.keyDeserializer = keyDeserializer
        self.valueDeserializer = valueDeserializer
        let strategy = config.librdkafkaProperties["partition.assignment.strategy"] ?? config.assignmentStrategy
        rebalance = RebalanceHandler(hook: config.onRebalance, cooperative: strategy.contains("cooperative"))
        let state = RDKafkaClientState(logger: config.client.logger, brokers: config.client.bootstrapServers,
                                       rebalance: config.observesRebalances || config.onRebalance != nil ? rebalance : nil)
        client = try RDKafkaClient(role: .consumer, properties: config.librdkafkaProperties, state: state, operation: "consumer.create")
    }

    /// Every assignment change of this member, in order. This is one stream: iterate it from one task
    /// only (use `ConsumerConfig.onRebalance` to react in several places).
    public var rebalanceEvents: AsyncStream<RebalanceEvent> { rebalance.events }

    /// The messages of this consumer as an `AsyncSequence`; it ends when the consumer is closed.
    public var messages: KafkaMessageSequence<Key, Value> { KafkaMessageSequence(consumer: self) }

    public var isClosed: Bool { closed.load(ordering: .relaxed) }

    // MARK: - Subscription and assignment

    /// Joins the group and reads the topics' partitions that the group assigns to this member.
    public func subscribe(_ topics: [String]) throws(KafkaClientError) {
        try checkOpen("consumer.subscribe")
        guard config.groupId != nil else {
            throw KafkaClientError(.configuration, "subscribe needs a group id: ConsumerConfig(groupId:)", context: context("consumer.subscribe"), isRetriable: false)
        }
        let code = RDKafkaTopicPartitionList.with(topics.map { TopicPartitionOffset($0, RD_KAFKA_PARTITION_UA, KafkaOffset.invalid) }) { list in
            rd_kafka_subscribe(client.handle, list)
        }
        try check(code, "consumer.subscribe", topic: topics.joined(separator: ","))
    }

    public func unsubscribe() throws(KafkaClientError) {
        try check(rd_kafka_unsubscribe(client.handle), "consumer.unsubscribe")
    }

    /// Reads exactly these partitions from these offsets (`KafkaOffset.beginning`, `.end`, `.stored`
    /// or a number), outside of group management.
    public func assign(_ partitions: [TopicPartitionOffset]) throws(KafkaClientError) {
        try checkOpen("consumer.assign")
        let code = RDKafkaTopicPartitionList.with(partitions) { list in rd_kafka_assign(client.handle, list) }
        try check(code, "consumer.assign", topic: partitions.first?.topic)
    }

    /// The partitions this consumer currently reads.
    public func assignment() throws(KafkaClientError) -> [TopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        try check(rd_kafka_assignment(client.handle, &list), "consumer.assignment")
        defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
        return RDKafkaTopicPartitionList.offsets(list).map(\.topicPartition)
    }

    // MARK: - Polling

    /// The next message, or `nil` when none arrives within `timeout`. Throws `.deserialization` for a
    /// record that cannot be decoded (its position is consumed; the error carries its bytes) and
    /// any fatal consumer error.
    @_specialize(exported: true, where Key == [UInt8], Value == [UInt8])
    public func poll(timeout: Duration = .milliseconds(100)) async throws(KafkaClientError) -> Message<Key, Value>? {
        try checkOpen("consumer.poll")
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var decoder = makeDecoder()
        while true {
            if let outcome = try pollOnce(timeoutMs: 0, decoder: &decoder) {
                return try outcome.get()
            }
            let remaining = deadline - clock.now
            if remaining <= .zero || isClosed { return nil }
            let waitMs = min(remaining, .milliseconds(100)).milliseconds
            let outcome = try await Blocking.run { () throws(KafkaClientError) in
                var decoder = self.makeDecoder()
                return try self.pollOnce(timeoutMs: max(waitMs, 1), decoder: &decoder)
            }
            if let outcome { return try outcome.get() }
        }
    }

    /// Up to `maxMessages` messages: everything already fetched, or, when nothing is, what arrives
    /// within `timeout`. Each entry is a message or the `.deserialization` error of an undecodable
    /// record, in partition order, so nothing is skipped silently.
    @_specialize(exported: true, where Key == [UInt8], Value == [UInt8])
    public func pollBatch(maxMessages: Int = 500, timeout: Duration = .milliseconds(100)) async throws(KafkaClientError) -> [Result<Message<Key, Value>, KafkaClientError>] {
        try checkOpen("consumer.pollBatch")
        var decoder = makeDecoder()
        var batch: [Result<Message<Key, Value>, KafkaClientError>] = []
        try drain(into: &batch, max: maxMessages, decoder: &decoder)
        if !batch.isEmpty || timeout <= .zero { return batch }
        let waitMs = timeout.milliseconds
        return try await Blocking.run { () throws(KafkaClientError) in
            var decoder = self.makeDecoder()
            var batch: [Result<Message<Key, Value>, KafkaClientError>] = []
            if let first = try self.pollOnce(timeoutMs: max(waitMs, 1), decoder: &decoder) {
                batch.append(first)
                try self.drain(into: &batch, max: maxMessages, decoder: &decoder)
            }
            return batch
        }
    }

    private func makeDecoder() -> RDKafkaMessageDecoder<Key, Value> {
        RDKafkaMessageDecoder(keyDeserializer: keyDeserializer, valueDeserializer: valueDeserializer, readHeaders: config.readHeaders, state: client.state)
    }

    private func drain(into batch: inout [Result<Message<Key, Value>, KafkaClientError>], max: Int, decoder: inout RDKafkaMessageDecoder<Key, Value>) throws(KafkaClientError) {
        while batch.count < max, let outcome = try pollOnce(timeoutMs: 0, decoder: &decoder) {
            batch.append(outcome)
        }
    }

    /// One `rd_kafka_consumer_poll`. Returns nil when nothing (or only a non-fatal event) arrived.
    private func pollOnce(timeoutMs: Int32, decoder: inout RDKafkaMessageDecoder<Key, Value>) throws(KafkaClientError) -> Result<Message<Key, Value>, KafkaClientError>? {
        guard !isClosed, let message = rd_kafka_consumer_poll(client.handle, timeoutMs) else { return nil }
        defer { rd_kafka_message_destroy(message) }
        let code = message.pointee.err
        if code == RD_KAFKA_RESP_ERR_NO_ERROR {
            return decoder.decode(message)
        }
        if code == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
        let topic = decoder.topicName(message.pointee.rkt)
        let text = RDKafkaStrings.string(rd_kafka_message_errstr(message)) ?? RDKafkaErrorMapping.text(code)
        if code == RD_KAFKA_RESP_ERR__FATAL {
            var buffer = [CChar](repeating: 0, count: 512)
            let fatal = rd_kafka_fatal_error(client.handle, &buffer, buffer.count)
            throw RDKafkaErrorMapping.error(
                code: fatal,
                message: "fatal consumer error: \(RDKafkaStrings.string(fromNulTerminated: buffer))",
                context: context("consumer.poll", topic: topic)
            )
        }
        // Not fatal (an unknown topic not created yet, a broker reconnecting): librdkafka retries.
        client.state.record(errorCode: code, reason: "\(topic.isEmpty ? "" : topic + ": ")\(text)")
        return nil
    }

    // MARK: - Offsets

    /// Commits offsets: by default the position after the last message returned by this consumer,
    /// for every assigned partition; or exactly `offsets` (each the next offset to read).
    public func commit(_ offsets: [TopicPartitionOffset]? = nil, mode: CommitMode = .sync) async throws(KafkaClientError) {
        try checkOpen("consumer.commit")
        let client = self.client
        let async: Int32 = mode == .async ? 1 : 0
        let code: rd_kafka_resp_err_t
        if let offsets {
            code = await Blocking.runNonThrowing {
                RDKafkaTopicPartitionList.with(offsets) { list in rd_kafka_commit(client.handle, list, async) }
            }
        } else {
            code = await Blocking.runNonThrowing { rd_kafka_commit(client.handle, nil, async) }
        }
        // NO_OFFSET: nothing consumed since the last commit, which is not a failure.
        if code == RD_KAFKA_RESP_ERR__NO_OFFSET { return }
        try check(code, "consumer.commit", topic: offsets?.first?.topic)
    }

    /// The group's committed offsets for these partitions (`KafkaOffset.invalid` where none).
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaClientError) -> [TopicPartitionOffset] {
        let client = self.client
        let requested = partitions.map { TopicPartitionOffset($0, KafkaOffset.invalid) }
        let (code, result) = await Blocking.runNonThrowing {
            RDKafkaTopicPartitionList.with(requested) { list in
                let code = rd_kafka_committed(client.handle, list, timeout.milliseconds)
                return (code, RDKafkaTopicPartitionList.offsets(list))
            }
        }
        try check(code, "consumer.committed", topic: partitions.first?.topic)
        return result
    }

    /// The current position (next offset to return) of each assigned partition. This is the
    /// "current offsets" view; pass them to `sendOffsetsToTransaction` for exactly-once.
    public func positions() throws(KafkaClientError) -> [TopicPartitionOffset] {
        let assigned = try assignment()
        return try RDKafkaTopicPartitionList.with(assigned.map { TopicPartitionOffset($0, KafkaOffset.invalid) }) { list throws(KafkaClientError) in
            try check(rd_kafka_position(client.handle, list), "consumer.positions")
            return RDKafkaTopicPartitionList.offsets(list)
        }
    }

    /// Moves a partition's position; the next poll returns the record at `offset`.
    public func seek(_ partition: TopicPartition, to offset: Int64, timeout: Duration = .seconds(10)) async throws(KafkaClientError) {
        try checkOpen("consumer.seek")
        let client = self.client
        let target = [TopicPartitionOffset(partition, offset)]
        let failure = await Blocking.runNonThrowing { () -> String? in
            RDKafkaTopicPartitionList.with(target) { list in
                if let error = rd_kafka_seek_partitions(client.handle, list, timeout.milliseconds) {
                    defer { rd_kafka_error_destroy(error) }
                    return RDKafkaStrings.string(rd_kafka_error_string(error)) ?? "seek failed"
                }
                if let (_, code) = RDKafkaTopicPartitionList.firstError(list) { return RDKafkaErrorMapping.text(code) }
                return nil
            }
        }
        if let failure {
            throw KafkaClientError(.kafka, "seek to \(offset) failed: \(failure)", context: context("consumer.seek", topic: partition.topic, partition: partition.partition, offset: offset))
        }
    }

    /// The low (oldest retained) and high (next to be written) offsets of a partition, from the broker.
    public func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) async throws(KafkaClientError) -> (low: Int64, high: Int64) {
        let client = self.client
        return try await Blocking.run { () throws(KafkaClientError) in
            try client.watermarks(topic: topic, partition: partition, timeout: timeout, operation: "consumer.watermarks")
        }
    }

    /// Stops fetching these partitions (they stay assigned: no rebalance); what was fetched and not
    /// yet returned is dropped and fetched again after `resume`.
    public func pause(_ partitions: [TopicPartition]) throws(KafkaClientError) {
        try changeFetching(partitions, operation: "consumer.pause") { rd_kafka_pause_partitions($0, $1) }
    }

    /// Fetches paused partitions again, from where they stopped.
    public func resume(_ partitions: [TopicPartition]) throws(KafkaClientError) {
        try changeFetching(partitions, operation: "consumer.resume") { rd_kafka_resume_partitions($0, $1) }
    }

    private func changeFetching(
        _ partitions: [TopicPartition], operation: String,
        _ call: (OpaquePointer, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> rd_kafka_resp_err_t
    ) throws(KafkaClientError) {
        try checkOpen(operation)
        guard !partitions.isEmpty else { return }
        try RDKafkaTopicPartitionList.with(partitions.map { TopicPartitionOffset($0, KafkaOffset.invalid) }) { list throws(KafkaClientError) in
            try check(call(client.handle, list), operation, topic: partitions.first?.topic)
            if let (partition, code) = RDKafkaTopicPartitionList.firstError(list) {
                try check(code, operation, topic: partition.topic, partition: partition.partition)
            }
        }
    }

    /// Records between this consumer's position and the partition's end, from the high watermark
    /// the last fetch reported (no broker round trip, so cheap enough for every checkpoint). nil
    /// while either is unknown (nothing fetched yet).
    public func lag(_ partition: TopicPartition) -> Int64? {
        var low: Int64 = 0
        var high: Int64 = 0
        guard rd_kafka_get_watermark_offsets(client.handle, partition.topic, partition.partition, &low, &high) == RD_KAFKA_RESP_ERR_NO_ERROR,
              high >= 0 else { return nil }
        let position = RDKafkaTopicPartitionList.with([TopicPartitionOffset(partition, KafkaOffset.invalid)]) { list in
            rd_kafka_position(client.handle, list) == RD_KAFKA_RESP_ERR_NO_ERROR ? RDKafkaTopicPartitionList.offsets(list).first?.offset : nil
        }
        guard let position else { return nil }
        return position >= 0 ? max(0, high - position) : nil
    }

    /// This member's group metadata, for `KafkaProducer.sendOffsetsToTransaction`.
    public func groupMetadata() throws(KafkaClientError) -> ConsumerGroupMetadata {
        guard let pointer = rd_kafka_consumer_group_metadata(client.handle) else {
            throw KafkaClientError(.configuration, "this consumer has no group metadata (no group id?)", context: context("consumer.groupMetadata"), isRetriable: false)
        }
        return ConsumerGroupMetadata(pointer: pointer)
    }

    public func healthCheck(timeout: Duration = .seconds(5)) async -> HealthStatus {
        await HealthStatus.check(client: client, timeout: timeout, operation: "consumer.healthCheck")
    }

    /// Leaves the group (partitions are revoked first, so the `onRebalance` hook can commit), commits
    /// when auto-commit is on, and stops the consumer. Safe to call twice.
    public func close() async {
        guard closed.exchange(true, ordering: .acquiringAndReleasing) == false else { return }
        let client = self.client
        // A consumer in a fatal state (e.g. a static member fenced by a newer one with its
        // group.instance.id) has no group to leave; librdkafka 2.0's close then waits forever on the
        // final revoke. Skip it: the handle is destroyed without a consumer close.
        if let fatal = client.fatalError {
            client.skipConsumerClose.store(true, ordering: .relaxed)
            client.state.logger.warning("consumer close skipped after a fatal error: \(RDKafkaErrorMapping.name(fatal))")
            rebalance.finish()
            return
        }
        let code = await Blocking.runNonThrowing { rd_kafka_consumer_close(client.handle) }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            client.state.logger.warning("consumer close: \(RDKafkaErrorMapping.text(code))")
        }
        rebalance.finish()
    }

    // MARK: - Helpers

    func context(_ operation: String, topic: String? = nil, partition: Int32? = nil, offset: Int64? = nil) -> ErrorContext {
        var ctx = client.state.context(operation, topic: topic, partition: partition, offset: offset)
        if let groupId = config.groupId { ctx.metadata["groupId"] = groupId }
        return ctx
    }

    private func checkOpen(_ operation: String) throws(KafkaClientError) {
        if isClosed { throw KafkaClientError(.closed, "the consumer is closed", context: context(operation)) }
    }

    private func check(_ code: rd_kafka_resp_err_t, _ operation: String, topic: String? = nil, partition: Int32? = nil) throws(KafkaClientError) {
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        throw RDKafkaErrorMapping.error(
            code: code,
            message: "\(operation) failed: \(RDKafkaErrorMapping.text(code))",
            context: context(operation, topic: topic, partition: partition),
            brokersDown: client.state.areBrokersDown
        )
    }
}
