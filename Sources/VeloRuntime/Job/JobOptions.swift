import VeloState

/// How a job runs, beyond what its SQL says.
public struct JobOptions: Sendable {
    /// Kafka sources stop at the end offsets they saw when the job started (a bounded read: tests,
    /// the demo's replay, `velo-sql run --until-end`). Otherwise they run until stopped.
    public var readToEnd = false
    /// How often sinks are flushed and source offsets committed (at-least-once: offsets only after
    /// everything before them is delivered).
    public var checkpointInterval: Duration = .seconds(1)
    /// Records per poll of a source.
    public var batchSize = 4_096
    public var pollTimeout: Duration = .milliseconds(100)
    /// Consumer groups are named `<prefix><job name>`.
    public var groupPrefix = "velo-"
    /// Where the console sink (a transient SELECT) writes its lines.
    public var console: @Sendable (String) -> Void = { print($0) }
    /// Static consumer-group membership (a restarted job takes its old member's place at once). Off
    /// for transient queries: their consumers leave the group on close, so it can be deleted.
    public var staticGroupMembership = true
    /// Where the job reports its counters, lag and batch latency (the server's Prometheus registry).
    public var metrics: JobMetrics?
    /// Where stateful jobs keep their state: one SQLite file per job (`<dir>/<job>.state.db`),
    /// restored when the job starts again. Nil keeps state in memory only (lost with the process).
    public var stateDirectory: String?
    /// A store to use instead (tests: a `MemoryStateStore` shared by two runs of a job).
    public var stateStore: (any StateStore)?

    public init() {}
}

import VeloCore

extension OperatorGraph {
    /// The graph with relative file paths of sources and sinks resolved against `directory` (a SQL
    /// file's paths are relative to the SQL file).
    public func resolvingPaths(relativeTo directory: String) -> OperatorGraph {
        guard !directory.isEmpty else { return self }
        var graph = self
        for index in graph.nodes.indices {
            switch graph.nodes[index].operation {
            case .source(var spec):
                if let path = spec.path, !path.hasPrefix("/") { spec.path = directory + "/" + path }
                graph.nodes[index].operation = .source(spec)
            case .sink(var spec):
                if let path = spec.path, !path.hasPrefix("/") { spec.path = directory + "/" + path }
                graph.nodes[index].operation = .sink(spec)
            default:
                break
            }
        }
        return graph
    }
}

extension OperatorGraph {
    /// The consumer group of each Kafka source, by source position: `<prefix><job>`, then
    /// `<prefix><job>.1`, … (two sources of one job reading one topic, a UNION ALL of a stream with
    /// itself, must each see every partition).
    public func consumerGroup(prefix: String, sourceIndex index: Int) -> String {
        prefix + jobName + (index == 0 ? "" : ".\(index)")
    }

    /// Every Kafka source's consumer group (what dropping a job deletes).
    public func consumerGroups(prefix: String) -> [String] {
        let sources = nodes.compactMap { node -> SourceSpec? in
            if case .source(let spec) = node.operation { return spec }
            return nil
        }
        return sources.enumerated().compactMap { index, spec in
            spec.connector == .kafka ? consumerGroup(prefix: prefix, sourceIndex: index) : nil
        }
    }
}
