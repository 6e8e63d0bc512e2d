/// One partition of one topic.
public struct TopicPartition: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }
}

/// A partition and an offset in it: a position to read from, or an offset to commit (the offset of
/// the next record to read, as in Kafka).
public struct TopicPartitionOffset: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(_ topic: String, _ partition: Int32, _ offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public init(_ topicPartition: TopicPartition, _ offset: Int64) {
        self.init(topicPartition.topic, topicPartition.partition, offset)
    }

    public var topicPartition: TopicPartition { TopicPartition(topic, partition) }

    public var description: String { "\(topic)[\(partition)]@\(KafkaOffset.describe(offset))" }
}

/// librdkafka's logical offsets.
public enum KafkaOffset {
    /// The oldest retained record.
    public static let beginning: Int64 = -2
    /// The next record to be written.
    public static let end: Int64 = -1
    /// The group's committed offset.
    public static let stored: Int64 = -1000
    /// No offset (nothing committed, or not yet fetched).
    public static let invalid: Int64 = -1001

    static func describe(_ offset: Int64) -> String {
        switch offset {
        case beginning: "beginning"
        case end: "end"
        case stored: "stored"
        case invalid: "invalid"
        default: String(offset)
        }
    }
}
