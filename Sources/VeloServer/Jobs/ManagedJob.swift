import VeloCore
import VeloRuntime
import VeloState

/// One job the server knows: its stored record, where its state machine is, and the runner while
/// one runs. Touched only inside the `JobManager` actor.
final class ManagedJob {
    var record: JobRecord
    let graph: OperatorGraph
    var state: JobState
    var failure: String?
    var runner: JobRunner?
    var task: Task<Void, Never>?
    var metrics: JobMetrics?
    /// Counts runner starts, so the end of an old runner is not taken for the new one's.
    var generation = 0

    init(record: JobRecord, graph: OperatorGraph) {
        self.record = record
        self.graph = graph
        state = JobState(rawValue: record.state) ?? .stopped
        failure = record.failure
    }

    var name: String { record.name }

    var sink: SinkSpec? {
        for node in graph.nodes { if case .sink(let spec) = node.operation { return spec } }
        return nil
    }

    var sourceNames: [String] {
        graph.nodes.compactMap { node in
            guard case .source(let spec) = node.operation else { return nil }
            return spec.connector == .file ? "file:" + (spec.path ?? "") : spec.topic
        }
    }
}
