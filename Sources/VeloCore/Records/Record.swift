/// One record flowing through a job: the column values of its row (positional, in the order of the
/// operator's schema) and what Kafka carried with it.
public struct Record: Sendable {
    public var values: [Value]
    /// The message key as bytes (nil for no key).
    public var key: [UInt8]?
    /// Event time, UTC epoch milliseconds (the Kafka timestamp unless a `timestamp` column says otherwise).
    public var timestamp: Int64
    public var headers: [Header]
    /// Where it came from, for offsets, the DLQ and `_partition`/`_offset`.
    public var origin: Origin?
    /// The job's watermark when this record was read, counting the record itself (epoch ms; `.min`
    /// before any). Carried on the record so windowed operators close windows at exactly the right
    /// record, however the records were batched; the `.watermark` control element adds what arrives
    /// between records (idle partitions).
    public var watermark: Int64 = .min

    public init(values: [Value], key: [UInt8]? = nil, timestamp: Int64 = 0, headers: [Header] = [], origin: Origin? = nil) {
        self.values = values
        self.key = key
        self.timestamp = timestamp
        self.headers = headers
        self.origin = origin
    }

    public struct Header: Sendable, Hashable, Codable {
        public var name: String
        public var value: [UInt8]?

        public init(name: String, value: [UInt8]?) {
            self.name = name
            self.value = value
        }
    }

    public struct Origin: Sendable, Hashable, Codable {
        /// The source's name in the job (several sources may read one topic).
        public var source: Int
        public var topic: String
        public var partition: Int32
        public var offset: Int64

        public init(source: Int, topic: String, partition: Int32, offset: Int64) {
            self.source = source
            self.topic = topic
            self.partition = partition
            self.offset = offset
        }
    }
}
