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
