/// A deployed job as the server persists it: enough to show it, explain it and restart it after a
/// restart without re-planning (`graph` is the compiled operator graph as JSON).
public struct JobRecord: Sendable, Equatable {
    public var name: String
    public var sql: String
    public var description: String?
    /// JSON of the compiled operator graph.
    public var graph: String
    /// EXPLAIN output, one line per entry.
    public var explain: [String]
    public var state: String
    public var failure: String?
    /// Epoch milliseconds.
    public var createdAt: Int64
    /// Epoch milliseconds.
    public var updatedAt: Int64
    public var sources: [String]
    public var sinkTopic: String?

    public init(
        name: String,
        sql: String,
        description: String?,
        graph: String,
        explain: [String],
        state: String,
        failure: String?,
        createdAt: Int64,
        updatedAt: Int64,
        sources: [String],
        sinkTopic: String?
    ) {
        self.name = name
        self.sql = sql
        self.description = description
        self.graph = graph
        self.explain = explain
        self.state = state
        self.failure = failure
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.sources = sources
        self.sinkTopic = sinkTopic
    }
}
