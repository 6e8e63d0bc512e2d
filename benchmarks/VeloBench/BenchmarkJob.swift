import Foundation
import VeloPlanner
import VeloRuntime

/// How the engine suites turn their SQL into a job to time.
enum BenchmarkJob {
    /// Plans `sql` (one source, one job) into a runner on `bus`; a SQL error is a failed run and
    /// names the SQL.
    static func runner(_ sql: String, bus: any MessageBus, options: JobOptions = JobOptions(),
                       checkpointInterval: Duration) throws -> JobRunner {
        var planner = ScriptPlanner()
        let plan = planner.plan(source: sql)
        guard plan.errors.isEmpty, let job = plan.jobs.first else {
            throw BenchmarkFailure("the benchmark SQL does not plan: \(plan.errors)\n\(sql)")
        }
        var options = options
        options.checkpointInterval = checkpointInterval
        return JobRunner(graph: job.graph, bus: bus, options: options)
    }

    /// Runs the job to its end, timed from `run()` to its return (the last output flushed and
    /// checkpointed).
    static func timedRun(_ runner: JobRunner) async throws -> (status: JobStatus, seconds: Double) {
        let started = ContinuousClock.now
        let status = try await runner.run()
        return (status, (ContinuousClock.now - started).inSeconds)
    }

    /// Options for a Kafka→Kafka job: stop at the end of the input topic (so the run can be timed),
    /// under consumer groups no earlier run has committed offsets for.
    static func kafkaOptions() -> JobOptions {
        var options = JobOptions()
        options.readToEnd = true
        options.groupPrefix = "velo-bench-\(UUID().uuidString.prefix(6))-"
        return options
    }
}
