/// One statement of a script, with the annotations (`-- @name: …`) written before it.
public struct Statement: Sendable, Hashable {
    public var kind: Kind
    public var annotations: [Annotation] = []
    @NotCompared public var span: SourceSpan = .none

    public indirect enum Kind: Sendable, Hashable {
        case createStream(CreateStream)
        case createTable(CreateTable)
        case insert(Insert)
        case query(Query)
        case show(ShowTarget)
        case describe(name: String)
        case explain(Statement)
        case drop(ObjectKind, name: String)
        case job(JobAction, name: String)
    }

    /// The value of an annotation such as `name` or `description`.
    public func annotation(_ key: String) -> String? {
        annotations.last { $0.key == key }?.value
    }
}

public struct Annotation: Sendable, Hashable {
    public var key: String
    public var value: String
}

/// `CREATE STREAM name [(columns)] [WITH (…)] [AS query]`.
public struct CreateStream: Sendable, Hashable {
    public var name: String
    public var columns: [ColumnDefinition] = []
    public var properties: [Property] = []
    public var query: Query?
    /// How many of `properties` (the last ones) were written after the query (printed back so).
    @NotCompared public var propertiesAfterQuery = 0
}

/// `CREATE TABLE name (columns, PRIMARY KEY …) [WITH (…)]` or `CREATE TABLE name [WITH (…)] AS query`.
public struct CreateTable: Sendable, Hashable {
    public var name: String
    public var columns: [ColumnDefinition] = []
    /// From `PRIMARY KEY` on columns or a `PRIMARY KEY (a, b)` element, in order.
    public var primaryKey: [String] = []
    public var properties: [Property] = []
    public var query: Query?
    /// How many of `properties` (the last ones) were written after the query (printed back so).
    @NotCompared public var propertiesAfterQuery = 0
}

/// `INSERT INTO name SELECT …` (no column list: the query's output names are the columns).
public struct Insert: Sendable, Hashable {
    public var target: String
    public var query: Query
}

public struct ColumnDefinition: Sendable, Hashable {
    public var name: String
    public var type: DataType
    /// `KEY` (ksqlDB style, streams): the column is read from the message key.
    public var isKey: Bool = false
    public var notNull: Bool = false
    @NotCompared public var span: SourceSpan = .none
}

/// One `'key' = value` of a WITH list. Keys are compared exactly (`'orders.type'` stays as written).
public struct Property: Sendable, Hashable {
    public var key: String
    public var value: Literal
    @NotCompared public var span: SourceSpan = .none
}

public enum ShowTarget: String, Sendable, Hashable, CaseIterable {
    case streams = "STREAMS"
    case tables = "TABLES"
    case topics = "TOPICS"
    case jobs = "JOBS"
    case functions = "FUNCTIONS"
}

public enum ObjectKind: String, Sendable, Hashable {
    case stream = "STREAM"
    case table = "TABLE"
    case job = "JOB"
}

public enum JobAction: String, Sendable, Hashable, CaseIterable {
    case start = "START"
    case stop = "STOP"
    case pause = "PAUSE"
    case resume = "RESUME"
}
