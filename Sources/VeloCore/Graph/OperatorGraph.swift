/// A job, compiled: operators in topological order, each reading the outputs of earlier ones. The
/// planner builds it; the runtime runs it; the server stores it (Codable) with the job.
///
/// Watermarks and checkpoint barriers travel through the same edges as records (see the runtime's
/// `StreamElement`), so windowed and stateful operators (next issues) fit without a new graph shape.
public struct OperatorGraph: Sendable, Codable, Hashable {
    public var jobName: String
    public var nodes: [Node]

    public init(jobName: String, nodes: [Node]) {
        self.jobName = jobName
        self.nodes = nodes
    }

    public struct Node: Sendable, Codable, Hashable {
        public var id: Int
        public var inputs: [Int]
        public var operation: Operation
        /// The columns this node outputs.
        public var schema: Schema

        public init(id: Int, inputs: [Int], operation: Operation, schema: Schema) {
            self.id = id
            self.inputs = inputs
            self.operation = operation
            self.schema = schema
        }
    }

    public enum Operation: Sendable, Codable, Hashable {
        case source(SourceSpec)
        case filter(ScalarExpr)
        case project([ScalarExpr])
        /// Records of every input, as they come (UNION ALL).
        case union
        /// Drops rows equal to one already seen (a bounded source; state grows with distinct rows).
        case distinct
        /// Passes the first n rows, then ends the job's input.
        case limit(Int)
        /// GROUP BY with or without a window (keyed, windowed state).
        case aggregate(AggregateSpec)
        /// `f(…) OVER (PARTITION BY …)`: the input row plus one column per function.
        case analytic(AnalyticSpec)
        case sink(SinkSpec)
    }
}

/// Named, typed columns.
public struct Schema: Sendable, Codable, Hashable {
    public var columns: [Column]

    public init(_ columns: [Column]) {
        self.columns = columns
    }

    public struct Column: Sendable, Codable, Hashable {
        public var name: String
        public var type: SQLType

        public init(name: String, type: SQLType) {
            self.name = name
            self.type = type
        }
    }

    public var names: [String] { columns.map(\.name) }

    /// A column of this name holds a whole JSON object whose fields are written in its place
    /// (`SELECT *` on a schema-less stream).
    public static let spreadColumn = "*"
}

public enum Connector: String, Sendable, Codable, Hashable {
    case kafka, file
    /// Standard output, one JSON line per row: the sink of a transient SELECT under `velo-sql run`.
    case console
}

public enum DataFormat: String, Sendable, Codable, Hashable {
    case json, csv, raw
}

/// What to do with a record that cannot be decoded or converted.
public enum ErrorPolicy: String, Sendable, Codable, Hashable {
    case dlq, skip, fail
}

public struct SourceSpec: Sendable, Codable, Hashable {
    /// The stream, table or topic name the query reads.
    public var name: String
    public var connector: Connector
    public var topic: String
    public var path: String?
    public var format: DataFormat
    /// Declared columns to read (by name, converted to their type); for a schema-less stream, the
    /// fields the query uses (type `.any`), plus the whole object when it selects `*`.
    public var columns: [Schema.Column]
    public var schemaless: Bool
    /// Position of the column holding the whole decoded object (`SELECT *` on a schema-less stream).
    public var wholeObjectColumn: Int?
    /// The event-time column (its position in `columns`), else the message timestamp.
    public var timestampColumn: Int?
    /// `watermark.delay` in ms: out-of-orderness allowed before a window closes (nil = 0). Optional, so
    /// graphs stored by an older version still decode.
    public var watermarkDelayMs: Int64?
    /// `watermark.idle` in ms: a partition silent this long stops holding the watermark back (nil = 10 s).
    public var watermarkIdleMs: Int64?
    public var autoOffsetReset: String
    public var errors: ErrorPolicy
    /// Everything else from WITH, passed to librdkafka unchanged.
    public var properties: [String: String]

    public init(
        name: String, connector: Connector, topic: String, path: String? = nil, format: DataFormat = .json,
        columns: [Schema.Column], schemaless: Bool, wholeObjectColumn: Int? = nil, timestampColumn: Int? = nil,
        autoOffsetReset: String = "earliest", errors: ErrorPolicy = .dlq, properties: [String: String] = [:]
    ) {
        self.name = name
        self.connector = connector
        self.topic = topic
        self.path = path
        self.format = format
        self.columns = columns
        self.schemaless = schemaless
        self.wholeObjectColumn = wholeObjectColumn
        self.timestampColumn = timestampColumn
        self.autoOffsetReset = autoOffsetReset
        self.errors = errors
        self.properties = properties
    }
}

public struct SinkSpec: Sendable, Codable, Hashable {
    public var name: String
    public var connector: Connector
    public var topic: String
    public var path: String?
    public var format: DataFormat
    /// The column written as the message key, else the input key.
    public var keyColumn: Int?
    public var partitions: Int
    public var replicas: Int
    public var errors: ErrorPolicy
    public var dlqTopic: String
    /// `at_least_once` or `exactly_once`.
    public var processingGuarantee: String
    public var properties: [String: String]

    public init(
        name: String, connector: Connector, topic: String, path: String? = nil, format: DataFormat = .json,
        keyColumn: Int? = nil, partitions: Int = 1, replicas: Int = 1, errors: ErrorPolicy = .dlq, dlqTopic: String,
        processingGuarantee: String = "at_least_once", properties: [String: String] = [:]
    ) {
        self.name = name
        self.connector = connector
        self.topic = topic
        self.path = path
        self.format = format
        self.keyColumn = keyColumn
        self.partitions = partitions
        self.replicas = replicas
        self.errors = errors
        self.dlqTopic = dlqTopic
        self.processingGuarantee = processingGuarantee
        self.properties = properties
    }
}
