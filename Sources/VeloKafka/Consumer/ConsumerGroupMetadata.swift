import CRdKafka

/// A consumer's group membership (group id, generation, member id), as a transactional producer
/// needs it for `sendOffsetsToTransaction`.
///
/// `@unchecked Sendable` is sound: the wrapped object is immutable after creation, librdkafka only
/// reads it, and it is destroyed once, in `deinit`.
public final class ConsumerGroupMetadata: @unchecked Sendable {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_consumer_group_metadata_destroy(pointer)
    }
}
