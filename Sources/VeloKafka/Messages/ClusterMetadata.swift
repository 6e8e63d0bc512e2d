import CRdKafka

/// Brokers and topics as one metadata response described them.
public struct ClusterMetadata: Sendable, Hashable {
    public struct Broker: Sendable, Hashable {
        public var id: Int32
        public var host: String
        public var port: Int32
    }

    public struct Partition: Sendable, Hashable {
        public var id: Int32
        public var leader: Int32
        public var replicas: [Int32]
        public var inSyncReplicas: [Int32]
    }

    public struct Topic: Sendable, Hashable {
        public var name: String
        public var partitions: [Partition]
        /// librdkafka's name for a topic-level error, such as `UNKNOWN_TOPIC_OR_PART`.
        public var errorName: String?
    }

    public var brokers: [Broker]
    public var topics: [Topic]
    public var originatingBrokerId: Int32

    public func topic(_ name: String) -> Topic? { topics.first { $0.name == name } }

    init(_ metadata: rd_kafka_metadata) {
        brokers = (0..<Int(metadata.broker_cnt)).compactMap { index in
            guard let broker = metadata.brokers?[index] else { return nil }
            return Broker(id: broker.id, host: RDKafkaStrings.string(broker.host) ?? "", port: broker.port)
        }
        topics = (0..<Int(metadata.topic_cnt)).compactMap { index in
            guard let topic = metadata.topics?[index] else { return nil }
            let partitions = (0..<Int(topic.partition_cnt)).compactMap { p -> Partition? in
                guard let partition = topic.partitions?[p] else { return nil }
                return Partition(
                    id: partition.id,
                    leader: partition.leader,
                    replicas: (0..<Int(partition.replica_cnt)).compactMap { partition.replicas?[$0] },
                    inSyncReplicas: (0..<Int(partition.isr_cnt)).compactMap { partition.isrs?[$0] }
                )
            }.sorted { $0.id < $1.id }
            return Topic(
                name: RDKafkaStrings.string(topic.topic) ?? "",
                partitions: partitions,
                errorName: topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : RDKafkaErrorMapping.name(topic.err)
            )
        }
        originatingBrokerId = metadata.orig_broker_id
    }
}
