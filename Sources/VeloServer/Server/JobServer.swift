import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals
import VeloRuntime
import VeloState

/// `velo-sql server`: the job registry (SQLite under the state dir), the job manager, and the HTTP
/// API, run as services of one ServiceGroup. SIGTERM/SIGINT stop the HTTP server first, then every
/// job checkpoints and commits (within `shutdownTimeout`), and `run` returns.
public struct JobServer: Sendable {
    public let config: ServerConfig
    public let manager: JobManager
    let store: ServerStore
    let bus: any MessageBus
    let kafka: KafkaServices?
    let registry: PrometheusCollectorRegistry?
    let logger: Logger
    /// The routes registered, in order (for the OpenAPI test).
    public let routeLog = RouteLog()
    public let activeQueries = ActiveQueries()

    /// Opens the state store and connects to Kafka (or uses `bus`, e.g. a `MemoryBus` in tests).
    public init(config: ServerConfig, bus: (any MessageBus)? = nil, logger: Logger) throws {
        self.config = config
        self.logger = logger
        store = try ServerStore(directory: config.stateDirectory)
        if let bus {
            self.bus = bus
            kafka = nil
        } else {
            self.bus = try KafkaBus(brokers: config.brokers, properties: config.kafkaProperties)
            kafka = try KafkaServices(brokers: config.brokers, properties: config.kafkaProperties)
        }
        registry = config.metricsEnabled ? PrometheusCollectorRegistry() : nil
        let factory = registry.map { PrometheusMetricsFactory(registry: $0) }
        manager = JobManager(config: config, store: store, bus: self.bus, kafka: kafka, metricsFactory: factory, logger: logger)
    }

    /// The routes of docs/api.md; with no socket, for tests that need none.
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        if let registry { router.add(middleware: RequestMetricsMiddleware(factory: PrometheusMetricsFactory(registry: registry))) }
        router.add(middleware: ErrorMiddleware(logger: logger))
        let reader = RequestReader(maxBodyBytes: config.maxBodyBytes)
        HealthRoutes(manager: manager, kafka: kafka, store: store, registry: registry, activeQueries: activeQueries, startedAt: .now)
            .register(on: LoggingRoutes(base: router, prefix: "", log: routeLog))
        let api = LoggingRoutes(base: router.group("api/v1").add(middleware: AuthMiddleware(tokens: config.tokens)), prefix: "/api/v1", log: routeLog)
        JobRoutes(manager: manager, reader: reader).register(on: api)
        CatalogRoutes(manager: manager, kafka: kafka, reader: reader).register(on: api)
        QueryRoutes(manager: manager, bus: bus, kafka: kafka, reader: reader, logger: logger, active: activeQueries).register(on: api)
        return router
    }

    /// Serves until a signal in `signals` (or cancellation of the calling task). `onListening` gets
    /// the bound port (useful with port 0).
    public func run(signals: [UnixSignal] = [.sigterm, .sigint], onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "velo-sql"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        // Services stop in reverse order: HTTP first, then the jobs.
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: JobsService(manager: manager, store: store)), .init(service: app)],
            gracefulShutdownSignals: signals,
            logger: logger))
        try await group.run()
    }
}

/// Restores the registry's jobs at start; on shutdown stops them all (each commits its positions).
struct JobsService: Service {
    let manager: JobManager
    let store: ServerStore

    func run() async throws {
        try await manager.restore()
        try? await gracefulShutdown()
        await manager.shutdown()
        store.close()
    }
}
