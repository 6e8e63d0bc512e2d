import CRdKafka

/// Conversions between `rd_kafka_topic_partition_list_t` and Swift arrays.
enum RDKafkaTopicPartitionList {
    /// Calls `body` with a temporary list holding `offsets`; the list is destroyed afterwards.
    /// (librdkafka aborts on allocation failure, so the list is never NULL.)
    static func with<T, E: Error>(
        _ offsets: [TopicPartitionOffset],
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(E) -> T
    ) throws(E) -> T {
        let list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t> = rd_kafka_topic_partition_list_new(Int32(clamping: max(offsets.count, 1)))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for entry in offsets {
            let element = rd_kafka_topic_partition_list_add(list, entry.topic, entry.partition)
            element?.pointee.offset = entry.offset
        }
        return try body(list)
    }

    static func offsets(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [TopicPartitionOffset] {
        guard let list, let elements = list.pointee.elems else { return [] }
        return (0..<Int(list.pointee.cnt)).map { index in
            let element = elements[index]
            return TopicPartitionOffset(RDKafkaStrings.string(element.topic) ?? "", element.partition, element.offset)
        }
    }

    /// The first per-partition error in a list that librdkafka filled, if any.
    static func firstError(_ list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> (TopicPartition, rd_kafka_resp_err_t)? {
        guard let elements = list.pointee.elems else { return nil }
        for index in 0..<Int(list.pointee.cnt) where elements[index].err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let element = elements[index]
            return (TopicPartition(RDKafkaStrings.string(element.topic) ?? "", element.partition), element.err)
        }
        return nil
    }
}
