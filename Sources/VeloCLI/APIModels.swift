// The server's answers as docs/api.md describes them. Decoding is lenient: every field but a name is
// optional, and a field of an unexpected type reads as missing, so a newer server that adds or
// changes a field still works with this client.

extension KeyedDecodingContainer {
    /// The value, or nil when it is absent, null or of another type.
    func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}

// MARK: - Jobs

struct Job: Decodable, Sendable {
    var name: String
    var state: String?
    var failure: String?
    var description: String?
    var sql: String?
    var sources: [String]?
    var sink: JobSink?
    var createdAt: String?
    var updatedAt: String?
    var stats: JobStats?
    var explain: [String]?

    private enum CodingKeys: String, CodingKey {
        case name, state, failure, description, sql, sources, sink, createdAt, updatedAt, stats, explain
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        state = c.lenient(String.self, .state)
        failure = c.lenient(String.self, .failure)
        description = c.lenient(String.self, .description)
        sql = c.lenient(String.self, .sql)
        sources = c.lenient([String].self, .sources)
        sink = c.lenient(JobSink.self, .sink)
        createdAt = c.lenient(String.self, .createdAt)
        updatedAt = c.lenient(String.self, .updatedAt)
        stats = c.lenient(JobStats.self, .stats)
        explain = c.lenient([String].self, .explain)
    }
}

struct JobSink: Decodable, Sendable {
    var name: String?
    var connector: String?
    var topic: String?
    var path: String?

    private enum CodingKeys: String, CodingKey {
        case name, connector, topic, path
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = c.lenient(String.self, .name)
        connector = c.lenient(String.self, .connector)
        topic = c.lenient(String.self, .topic)
        path = c.lenient(String.self, .path)
    }
}

struct JobStats: Decodable, Sendable {
    var recordsIn: Int?
    var recordsOut: Int?
    var errors: Int?
    var badRecords: Int?
    var deadLettered: Int?
    var checkpoints: Int?
    var lateRecords: Int?
    var stateBytes: Int?
    var ratePerSecond: Double?
    var lag: Int?

    private enum CodingKeys: String, CodingKey {
        case recordsIn, recordsOut, errors, badRecords, deadLettered, checkpoints, lateRecords, stateBytes, ratePerSecond, lag
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        recordsIn = c.lenient(Int.self, .recordsIn)
        recordsOut = c.lenient(Int.self, .recordsOut)
        errors = c.lenient(Int.self, .errors)
        badRecords = c.lenient(Int.self, .badRecords)
        deadLettered = c.lenient(Int.self, .deadLettered)
        checkpoints = c.lenient(Int.self, .checkpoints)
        lateRecords = c.lenient(Int.self, .lateRecords)
        stateBytes = c.lenient(Int.self, .stateBytes)
        ratePerSecond = c.lenient(Double.self, .ratePerSecond)
        lag = c.lenient(Int.self, .lag)
    }
}

/// `GET /api/v1/jobs` and the 201 of `POST /api/v1/jobs` (which adds `declared`).
struct JobList: Decodable, Sendable {
    var jobs: [Job]
    var declared: [String]?

    private enum CodingKeys: String, CodingKey {
        case jobs, declared
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        jobs = try c.decode([Job].self, forKey: .jobs)
        declared = c.lenient([String].self, .declared)
    }
}

/// `DELETE /api/v1/jobs/{name}` → `{"dropped": "name"}`.
struct DropAnswer: Decodable, Sendable {
    var dropped: String
}

// MARK: - Catalog

/// A stream or a table (tables add `primaryKey`). `columns` is null for a schema-less stream.
struct CatalogEntry: Decodable, Sendable {
    var name: String
    var topic: String?
    var format: String?
    var columns: [CatalogColumn]?
    var sql: String?
    var primaryKey: [String]?

    private enum CodingKeys: String, CodingKey {
        case name, topic, format, columns, sql, primaryKey
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        topic = c.lenient(String.self, .topic)
        format = c.lenient(String.self, .format)
        columns = c.lenient([CatalogColumn].self, .columns)
        sql = c.lenient(String.self, .sql)
        primaryKey = c.lenient([String].self, .primaryKey)
    }
}

struct CatalogColumn: Decodable, Sendable {
    var name: String
    var type: String?

    private enum CodingKeys: String, CodingKey {
        case name, type
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = c.lenient(String.self, .type)
    }
}

struct StreamList: Decodable, Sendable {
    var streams: [CatalogEntry]
}

struct TableList: Decodable, Sendable {
    var tables: [CatalogEntry]
}

struct Topic: Decodable, Sendable {
    var name: String
    var partitions: Int?
    var endOffsets: [Int]?
    var records: Int?

    private enum CodingKeys: String, CodingKey {
        case name, partitions, endOffsets, records
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        partitions = c.lenient(Int.self, .partitions)
        endOffsets = c.lenient([Int].self, .endOffsets)
        records = c.lenient(Int.self, .records)
    }

    /// The sum of the partitions' end offsets: how many records were ever written.
    var totalEndOffset: Int? {
        endOffsets.map { $0.reduce(0, +) }
    }
}

struct TopicList: Decodable, Sendable {
    var topics: [Topic]
}

// MARK: - Validation

/// `POST /api/v1/validate` → `{"valid", "errors", "jobs": [{"name","explain"}]}`.
struct ValidationAnswer: Decodable, Sendable {
    var valid: Bool
    var errors: [APIErrorDetail]
    var jobs: [ExplainedJob]

    private enum CodingKeys: String, CodingKey {
        case valid, errors, jobs
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        errors = c.lenient([APIErrorDetail].self, .errors) ?? []
        jobs = c.lenient([ExplainedJob].self, .jobs) ?? []
        valid = c.lenient(Bool.self, .valid) ?? errors.isEmpty
    }
}

struct ExplainedJob: Decodable, Sendable {
    var name: String
    var explain: [String]

    private enum CodingKeys: String, CodingKey {
        case name, explain
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        explain = c.lenient([String].self, .explain) ?? []
    }
}

// MARK: - Health

/// `GET /health`: the overall status and one object per component.
struct Health: Decodable, Sendable {
    var status: String
    var server: HealthComponent?
    var kafka: HealthComponent?
    var state: HealthComponent?
    var jobs: HealthComponent?

    private enum CodingKeys: String, CodingKey {
        case status, server, kafka, state, jobs
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = c.lenient(String.self, .status) ?? "unknown"
        server = c.lenient(HealthComponent.self, .server)
        kafka = c.lenient(HealthComponent.self, .kafka)
        state = c.lenient(HealthComponent.self, .state)
        jobs = c.lenient(HealthComponent.self, .jobs)
    }
}

/// The union of the components' fields; each component fills the ones it has.
struct HealthComponent: Decodable, Sendable {
    var status: String?
    var detail: String?
    // server
    var version: String?
    var uptimeSeconds: Double?
    // kafka
    var brokers: String?
    // state
    var path: String?
    // jobs
    var total: Int?
    var starting: Int?
    var running: Int?
    var paused: Int?
    var stopped: Int?
    var failed: Int?

    private enum CodingKeys: String, CodingKey {
        case status, detail, version, uptimeSeconds, brokers, path, total, starting, running, paused, stopped, failed
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = c.lenient(String.self, .status)
        detail = c.lenient(String.self, .detail)
        version = c.lenient(String.self, .version)
        uptimeSeconds = c.lenient(Double.self, .uptimeSeconds)
        brokers = c.lenient(String.self, .brokers)
        path = c.lenient(String.self, .path)
        total = c.lenient(Int.self, .total)
        starting = c.lenient(Int.self, .starting)
        running = c.lenient(Int.self, .running)
        paused = c.lenient(Int.self, .paused)
        stopped = c.lenient(Int.self, .stopped)
        failed = c.lenient(Int.self, .failed)
    }
}
