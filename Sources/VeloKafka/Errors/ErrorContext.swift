import Foundation

/// Where and when an error happened: enough to find the failing call in logs without a debugger.
public struct ErrorContext: Sendable, CustomStringConvertible {
    /// The client operation that failed, such as `producer.send` or `admin.createTopic`.
    public var operation: String
    public var topic: String?
    public var partition: Int32?
    public var offset: Int64?
    /// The bootstrap servers the client was configured with.
    public var brokers: String?
    public var timestamp: Date
    /// A unique id for this error, to correlate a log line with a metric or a DLQ record.
    public var correlationId: String
    /// Free-form details (for example `failedCount`, `timeoutMs`).
    public var metadata: [String: String]
    /// The error that caused this one, if any.
    public var underlying: (any Error)?

    public init(
        operation: String,
        topic: String? = nil,
        partition: Int32? = nil,
        offset: Int64? = nil,
        brokers: String? = nil,
        metadata: [String: String] = [:],
        underlying: (any Error)? = nil,
        timestamp: Date = Date(),
        correlationId: String = UUID().uuidString
    ) {
        self.operation = operation
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.brokers = brokers
        self.metadata = metadata
        self.underlying = underlying
        self.timestamp = timestamp
        self.correlationId = correlationId
    }

    /// The chain of underlying errors, nearest first.
    public var underlyingChain: [any Error] {
        var chain: [any Error] = []
        var next = underlying
        while let error = next, chain.count < 32 {
            chain.append(error)
            next = (error as? KafkaClientError)?.context.underlying
        }
        return chain
    }

    public var description: String {
        var parts = ["operation=\(operation)"]
        if let topic { parts.append("topic=\(topic)") }
        if let partition { parts.append("partition=\(partition)") }
        if let offset { parts.append("offset=\(offset)") }
        if let brokers { parts.append("brokers=\(brokers)") }
        for key in metadata.keys.sorted() { parts.append("\(key)=\(metadata[key] ?? "")") }
        parts.append("correlationId=\(correlationId)")
        return parts.joined(separator: " ")
    }
}
