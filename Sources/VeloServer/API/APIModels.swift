/// The JSON shapes of docs/api.md. Encodable values only: the server builds them from its own state.

public struct JobView: Codable, Sendable, Equatable {
    public struct Sink: Codable, Sendable, Equatable {
        public var name: String
        public var connector: String
        public var topic: String?
        public var path: String?
    }

    public struct Stats: Codable, Sendable, Equatable {
        public var recordsIn: Int
        public var recordsOut: Int
        public var errors: Int
        public var badRecords: Int
        public var deadLettered: Int
        public var checkpoints: Int
        /// Records for windows already closed.
        public var lateRecords: Int
        /// Bytes of window, group and analytic state held.
        public var stateBytes: Int
        public var ratePerSecond: Double
        public var lag: Int64?
    }

    public var name: String
    public var state: String
    public var failure: String?
    public var description: String?
    public var sql: String
    public var sources: [String]
    public var sink: Sink?
    public var createdAt: String
    public var updatedAt: String
    public var stats: Stats
    public var explain: [String]
}

struct JobList: Encodable {
    var jobs: [JobView]
}

struct DeployResponse: Encodable {
    var jobs: [JobView]
    var declared: [String]
}

struct DroppedResponse: Encodable {
    var dropped: String
}

public struct ColumnView: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
}

public struct RelationView: Codable, Sendable, Equatable {
    public var name: String
    public var topic: String?
    public var format: String?
    public var columns: [ColumnView]?
    public var primaryKey: [String]?
    public var sql: String
}

struct StreamList: Encodable {
    var streams: [RelationView]
}

struct TableList: Encodable {
    var tables: [RelationView]
}

struct TopicView: Encodable {
    var name: String
    var partitions: Int
    var endOffsets: [Int64]
    var records: Int64
}

struct TopicList: Encodable {
    var topics: [TopicView]
}

public struct ValidationView: Codable, Sendable {
    public struct PlannedJob: Codable, Sendable {
        public var name: String
        public var explain: [String]
    }

    public var valid: Bool
    public var errors: [APIError.Detail]
    public var jobs: [PlannedJob]
}

/// `{"sql": …, "name"?: …}` for deploy and validate; `limit`/`timeoutMs` for queries.
struct SQLRequest: Decodable {
    var sql: String
    var name: String?
    var limit: Int?
    var timeoutMs: Int?
}
