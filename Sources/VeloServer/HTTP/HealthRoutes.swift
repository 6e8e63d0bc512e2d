import Foundation
import Hummingbird
import Prometheus
import VeloState

/// GET /health (Kafka, the state store and the jobs, checked for real on every call) and
/// GET /metrics (Prometheus text).
struct HealthRoutes {
    let manager: JobManager
    let kafka: KafkaServices?
    let store: ServerStore
    let registry: PrometheusCollectorRegistry?
    let activeQueries: ActiveQueries
    let startedAt: ContinuousClock.Instant
    static let version = "0.5.0"

    struct Component: Encodable {
        var status: String
        var detail: String?
        var brokers: String?
        var path: String?
        var version: String?
        var uptimeSeconds: Int?
    }

    struct Jobs: Encodable {
        var status: String
        var total: Int
        var starting: Int
        var running: Int
        var paused: Int
        var stopping: Int
        var stopped: Int
        var failed: Int
        /// Transient queries running now.
        var queries: Int
    }

    struct Health: Encodable {
        var status: String
        var server: Component
        var kafka: Component
        var state: Component
        var jobs: Jobs
    }

    func register(on router: some RouterMethods<BasicRequestContext>) {
        router.get("health") { _, _ in
            let health = await check()
            return JSONResponse.make(health, status: health.status == "down" ? .serviceUnavailable : .ok)
        }
        router.get("metrics") { _, _ in
            guard let registry else { throw APIError.notFound("metrics are off (metrics.enabled: false)") }
            await updateJobGauges(registry)
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    func check() async -> Health {
        let uptime = Int((ContinuousClock.now - startedAt).components.seconds)
        let server = Component(status: "ok", version: Self.version, uptimeSeconds: uptime)
        var kafkaComponent = Component(status: "ok", detail: "in-memory bus (no Kafka)")
        if let kafka {
            let status = await kafka.admin.healthCheck(timeout: .seconds(3))
            kafkaComponent = Component(
                status: status.isHealthy ? "ok" : "down",
                detail: status.isHealthy ? "\(status.brokers.count) broker\(status.brokers.count == 1 ? "" : "s")" : (status.error.map { "\($0)" } ?? "unreachable"),
                brokers: kafka.brokers)
        }
        let storeProblem = store.check()
        let state = Component(status: storeProblem == nil ? "ok" : "down", detail: storeProblem, path: store.path)
        let counts = await manager.stateCounts()
        let failed = counts[.failed, default: 0]
        let jobs = Jobs(
            status: failed > 0 ? "degraded" : "ok", total: counts.values.reduce(0, +), starting: counts[.starting, default: 0],
            running: counts[.running, default: 0], paused: counts[.paused, default: 0], stopping: counts[.stopping, default: 0],
            stopped: counts[.stopped, default: 0], failed: failed, queries: activeQueries.current)
        let status = kafkaComponent.status == "down" || state.status == "down" ? "down" : (failed > 0 ? "degraded" : "ok")
        return Health(status: status, server: server, kafka: kafkaComponent, state: state, jobs: jobs)
    }

    /// `velo_jobs{state}`: how many jobs are in each state right now; `velo_queries_active`.
    private func updateJobGauges(_ registry: PrometheusCollectorRegistry) async {
        registry.makeGauge(name: "velo_queries_active").set(Double(activeQueries.current))
        let counts = await manager.stateCounts()
        for state in JobState.allCases {
            registry.makeGauge(name: "velo_jobs", labels: [("state", state.rawValue)]).set(Double(counts[state, default: 0]))
        }
    }
}
