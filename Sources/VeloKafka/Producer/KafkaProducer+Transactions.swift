import CRdKafka

/// Kafka transactions: records produced between `beginTransaction` and `commitTransaction` become
/// visible to `read_committed` consumers together, or (after `abortTransaction`) never. Together
/// with `sendOffsetsToTransaction` this is consume-transform-produce exactly once.
///
/// Errors: `.fenced` means another producer with the same `transactional.id` took over; this one can
/// only be closed. An error with `requiresAbort` means: call `abortTransaction` and start again.
extension KafkaProducer {
    /// Registers the `transactional.id` with the cluster and fences older producers that share it.
    /// `beginTransaction` calls it when needed.
    public func initTransactions(timeout: Duration = .seconds(30)) async throws(KafkaClientError) {
        try requireTransactional("producer.initTransactions")
        guard !transactionsInitialized.load(ordering: .acquiring) else { return }
        try await transactionCall("producer.initTransactions") { handle in rd_kafka_init_transactions(handle, timeout.milliseconds) }
        transactionsInitialized.store(true, ordering: .releasing)
    }

    public func beginTransaction() async throws(KafkaClientError) {
        try await initTransactions()
        try await transactionCall("producer.beginTransaction") { handle in rd_kafka_begin_transaction(handle) }
    }

    /// Flushes the transaction's records and commits them (and any offsets sent with them).
    public func commitTransaction(timeout: Duration = .seconds(30)) async throws(KafkaClientError) {
        try requireTransactional("producer.commitTransaction")
        try await transactionCall("producer.commitTransaction") { handle in rd_kafka_commit_transaction(handle, timeout.milliseconds) }
    }

    /// Aborts the transaction: its records stay invisible to `read_committed` consumers and its
    /// offsets are not committed.
    public func abortTransaction(timeout: Duration = .seconds(30)) async throws(KafkaClientError) {
        try requireTransactional("producer.abortTransaction")
        try await transactionCall("producer.abortTransaction") { handle in rd_kafka_abort_transaction(handle, timeout.milliseconds) }
    }

    /// Adds a consumer group's positions to the current transaction: they are committed to the group
    /// if and only if the transaction commits. `offsets` are the next offsets to read (last processed + 1).
    public func sendOffsetsToTransaction(
        _ offsets: [TopicPartitionOffset],
        groupMetadata: ConsumerGroupMetadata,
        timeout: Duration = .seconds(30)
    ) async throws(KafkaClientError) {
        try requireTransactional("producer.sendOffsetsToTransaction")
        let metadata = groupMetadata
        try await transactionCall("producer.sendOffsetsToTransaction") { handle in
            RDKafkaTopicPartitionList.with(offsets) { list in
                rd_kafka_send_offsets_to_transaction(handle, list, metadata.pointer, timeout.milliseconds)
            }
        }
    }

    private func requireTransactional(_ operation: String) throws(KafkaClientError) {
        guard config.transactionalId != nil else {
            throw KafkaClientError(.configuration, "transactions need a transactional id: ProducerConfig.transactional(id:)", context: context(operation), isRetriable: false)
        }
        guard !closed.load(ordering: .relaxed) else {
            throw KafkaClientError(.closed, "the producer is closed", context: context(operation))
        }
    }

    /// Runs a blocking transactional call off the cooperative pool and converts its `rd_kafka_error_t`.
    private func transactionCall(_ operation: String, _ call: @escaping @Sendable (OpaquePointer) -> OpaquePointer?) async throws(KafkaClientError) {
        let client = self.client
        let handle = HandleReference(client.handle)
        let error = await Blocking.runNonThrowing { ErrorReference(call(handle.pointer)) }
        guard let pointer = error.pointer else { return }
        var ctx = context(operation)
        ctx.metadata["transactionalId"] = config.transactionalId
        throw RDKafkaErrorMapping.consume(pointer, context: ctx, brokersDown: client.state.areBrokersDown)
    }
}

/// Carries an `rd_kafka_error_t` from the blocking thread back; it is consumed exactly once.
private struct ErrorReference: @unchecked Sendable {
    let pointer: OpaquePointer?
    init(_ pointer: OpaquePointer?) { self.pointer = pointer }
}
