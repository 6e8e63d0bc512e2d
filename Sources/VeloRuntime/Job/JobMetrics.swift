import Metrics

/// A job's metrics through swift-metrics, labelled with the job's name. The server hands in its
/// Prometheus factory; `velo-sql run` has none, so a job there records nothing.
public final class JobMetrics: Sendable {
    let recordsIn: Counter
    let recordsOut: Counter
    let errors: Counter
    let deadLettered: Counter
    let lateRecords: Counter
    let lag: Gauge
    let stateBytes: Gauge
    let up: Gauge
    let batchLatency: Timer

    public init(job: String, factory: any MetricsFactory) {
        let labels = [("job", job)]
        recordsIn = Counter(label: "velo_job_records_in_total", dimensions: labels, factory: factory)
        recordsOut = Counter(label: "velo_job_records_out_total", dimensions: labels, factory: factory)
        errors = Counter(label: "velo_job_errors_total", dimensions: labels, factory: factory)
        deadLettered = Counter(label: "velo_job_dlq_records_total", dimensions: labels, factory: factory)
        lateRecords = Counter(label: "velo_job_late_records_total", dimensions: labels, factory: factory)
        lag = Gauge(label: "velo_job_consumer_lag", dimensions: labels, factory: factory)
        stateBytes = Gauge(label: "velo_job_state_bytes", dimensions: labels, factory: factory)
        up = Gauge(label: "velo_job_up", dimensions: labels, factory: factory)
        batchLatency = Timer(label: "velo_job_batch_latency_seconds", dimensions: labels, factory: factory)
    }

    /// Removes the job's series (a dropped job no longer shows in /metrics).
    public func destroy() {
        for counter in [recordsIn, recordsOut, errors, deadLettered, lateRecords] { counter.destroy() }
        for gauge in [lag, stateBytes, up] { gauge.destroy() }
        batchLatency.destroy()
    }
}
