import Foundation

/// When a record was created (by the producer) or appended (by the broker), in epoch milliseconds.
public struct MessageTimestamp: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case createTime
        case logAppendTime
    }

    public var milliseconds: Int64
    public var kind: Kind

    public init(milliseconds: Int64, kind: Kind = .createTime) {
        self.milliseconds = milliseconds
        self.kind = kind
    }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}

/// A consumed record with its key and value decoded. `value == nil` is a tombstone.
public struct Message<Key, Value> {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var timestamp: MessageTimestamp?
    public var key: Key?
    public var value: Value?
    public var headers: Headers

    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        timestamp: MessageTimestamp? = nil,
        key: Key?,
        value: Value?,
        headers: Headers = Headers()
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }

    public var topicPartition: TopicPartition { TopicPartition(topic, partition) }

    /// The offset to commit once this message is processed (Kafka commits the next offset to read).
    public var nextOffset: TopicPartitionOffset { TopicPartitionOffset(topic, partition, offset + 1) }
}

extension Message: Sendable where Key: Sendable, Value: Sendable {}
extension Message: Equatable where Key: Equatable, Value: Equatable {}

/// What the broker answered for one produced record.
public struct DeliveryReport: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var timestamp: MessageTimestamp?

    public init(topic: String, partition: Int32, offset: Int64, timestamp: MessageTimestamp? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
    }

    public var description: String { "\(topic)[\(partition)]@\(offset)" }
}

/// A record to produce. `topic == nil` means the producer's default topic; `partition == nil` lets the
/// partitioner choose (by key hash when there is a key).
public struct ProducerRecord<Key, Value> {
    public var topic: String?
    public var key: Key?
    public var value: Value?
    public var headers: Headers
    public var partition: Int32?
    /// Epoch milliseconds; `nil` lets librdkafka stamp the current time.
    public var timestamp: Int64?

    public init(
        topic: String? = nil,
        key: Key?,
        value: Value?,
        headers: Headers = Headers(),
        partition: Int32? = nil,
        timestamp: Int64? = nil
    ) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
        self.timestamp = timestamp
    }
}

extension ProducerRecord: Sendable where Key: Sendable, Value: Sendable {}
