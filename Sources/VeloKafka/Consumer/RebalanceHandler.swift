import CRdKafka
import Synchronization

/// Applies partition assignments when librdkafka asks (inside a poll call) and tells the application,
/// first through the synchronous `onRebalance` hook and then on the `rebalanceEvents` stream.
final class RebalanceHandler: Sendable {
    private let hook: (@Sendable (RebalanceEvent) -> Void)?
    private let continuation: AsyncStream<RebalanceEvent>.Continuation
    let events: AsyncStream<RebalanceEvent>
    /// Whether the assignment strategy rebalances incrementally (`cooperative-sticky`). Known from the
    /// configuration: asking librdkafka (`rd_kafka_rebalance_protocol`) inside the callback deadlocks
    /// when the callback runs within `rd_kafka_consumer_close` (a static member's final revoke).
    private let cooperative: Bool

    init(hook: (@Sendable (RebalanceEvent) -> Void)?, cooperative: Bool = false) {
        self.hook = hook
        self.cooperative = cooperative
        (events, continuation) = AsyncStream.makeStream(of: RebalanceEvent.self, bufferingPolicy: .bufferingNewest(1024))
    }

    func handle(handle: OpaquePointer, code: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, state: RDKafkaClientState) {
        let topicPartitions = RDKafkaTopicPartitionList.offsets(partitions).map(\.topicPartition)
        // After a fatal error the group is gone: (un)assigning would wait forever for an answer
        // (seen inside rd_kafka_consumer_close of a fenced static member). Only tell the application.
        if rd_kafka_fatal_error(handle, nil, 0) != RD_KAFKA_RESP_ERR_NO_ERROR {
            publish(code == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS ? .assigned(topicPartitions) : .revoked(topicPartitions))
            return
        }
        switch code {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if cooperative {
                if let error = rd_kafka_incremental_assign(handle, partitions) { rd_kafka_error_destroy(error) }
            } else {
                rd_kafka_assign(handle, partitions)
            }
            state.logger.info("partitions assigned", metadata: ["partitions": "\(topicPartitions)"])
            publish(.assigned(topicPartitions))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            // Tell the application first, so it can commit before the partitions go.
            publish(.revoked(topicPartitions))
            if cooperative {
                if let error = rd_kafka_incremental_unassign(handle, partitions) { rd_kafka_error_destroy(error) }
            } else {
                rd_kafka_assign(handle, nil)
            }
            state.logger.info("partitions revoked", metadata: ["partitions": "\(topicPartitions)"])
        default:
            rd_kafka_assign(handle, nil)
            state.logger.warning("rebalance failed", metadata: ["code": "\(RDKafkaErrorMapping.name(code))"])
            publish(.failed(code: RDKafkaErrorMapping.name(code), message: RDKafkaErrorMapping.text(code)))
        }
    }

    func finish() {
        continuation.finish()
    }

    private func publish(_ event: RebalanceEvent) {
        hook?(event)
        continuation.yield(event)
    }
}
