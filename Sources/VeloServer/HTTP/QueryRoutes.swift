import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import VeloCore
import VeloRuntime

/// POST /api/v1/query: a transient push query whose rows stream back as NDJSON while they arrive
/// (docs/api.md). It has a consumer group of its own, deleted when the query ends; it ends at its
/// limit, its timeout, the end of bounded sources, or when the client goes away (noticed at the
/// latest by the keep-alive line written every 2 s without rows), or when the server shuts down (it
/// ends with an error line then, so the server is not kept waiting for the query's timeout).
struct QueryRoutes {
    let manager: JobManager
    let bus: any MessageBus
    let kafka: KafkaServices?
    let reader: RequestReader
    let logger: Logger
    let active: ActiveQueries

    static let defaultTimeoutMs = 60_000
    static let maxTimeoutMs = 3_600_000
    static let keepAliveInterval: Duration = .seconds(2)

    func register(on group: some RouterMethods<BasicRequestContext>) {
        group.post("query") { request, _ in
            let body = try await reader.sqlRequest(request)
            if let limit = body.limit, limit < 1 { throw APIError.badRequest("'limit' must be at least 1, got \(limit)") }
            let timeoutMs = body.timeoutMs ?? Self.defaultTimeoutMs
            guard (1...Self.maxTimeoutMs).contains(timeoutMs) else {
                throw APIError.badRequest("'timeoutMs' must be between 1 and \(Self.maxTimeoutMs), got \(timeoutMs)")
            }
            var plan = try await manager.planQuery(body.sql)
            plan.graph.jobName = "query-" + UUID().uuidString.prefix(8).lowercased()
            if let topics = await manager.tableTopics(of: plan.graph) {
                // A pull query: the tables' current rows, then the end.
                let snapshot: MemoryBus
                do {
                    let (tables, groups) = try await TableSnapshot.read(topics: topics, from: bus)
                    snapshot = tables
                    if let kafka { Task { [logger] in await kafka.deleteGroupsWhenEmpty(groups, logger: logger) } }
                } catch {
                    throw APIError(503, "cannot read the table's topic: \(error)")
                }
                return stream(plan.graph, limit: body.limit, timeout: .milliseconds(timeoutMs), bus: snapshot, readToEnd: true)
            }
            return stream(plan.graph, limit: body.limit, timeout: .milliseconds(timeoutMs), bus: bus, readToEnd: false)
        }
    }

    private enum Event: Sendable {
        case row(String)
        case tick
        case ended(failure: String?)
        case shutdown
    }

    static let shutdownMessage = "the server is shutting down"

    private func stream(_ graph: OperatorGraph, limit: Int?, timeout: Duration, bus: any MessageBus, readToEnd: Bool) -> Response {
        let columns = graph.nodes.last.map { node in node.schema.columns.map { ColumnView(name: $0.name, type: "\($0.type)") } } ?? []
        let kafka = readToEnd ? nil : self.kafka
        let logger = self.logger
        let active = self.active
        let body = ResponseBody { writer in
            active.started()
            let (events, continuation) = AsyncStream.makeStream(of: Event.self)
            var options = JobOptions()
            options.groupPrefix = "velo-"
            options.staticGroupMembership = false
            options.readToEnd = readToEnd
            options.console = { line in continuation.yield(.row(line)) }
            let runner = JobRunner(graph: graph, bus: bus, options: options)
            let job = Task {
                do {
                    try await runner.run()
                    continuation.yield(.ended(failure: nil))
                } catch {
                    continuation.yield(.ended(failure: "\(error)"))
                }
            }
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.keepAliveInterval)
                    continuation.yield(.tick)
                }
            }
            let deadline = ContinuousClock.now + timeout
            var rows = 0
            var reason = "drained"
            var failure: String?
            defer {
                active.ended()
                ticker.cancel()
                runner.stop()
                continuation.finish()
            }
            do {
                try await writer.write(Self.line(["header": ["columns": columns]]))
                // SIGTERM/SIGINT: the HTTP server waits for open requests, so a push query ends now
                // rather than at its timeout (up to an hour) — the server must exit within 30 s.
                try await withGracefulShutdownHandler {
                    loop: for await event in events {
                        switch event {
                        case .row(let json):
                            rows += 1
                            try await writer.write(ByteBuffer(string: "{\"row\":\(json)}\n"))
                            if let limit, rows >= limit {
                                reason = "limit"
                                break loop
                            }
                        case .tick:
                            if ContinuousClock.now >= deadline {
                                reason = "timeout"
                                break loop
                            }
                            try await writer.write(ByteBuffer(string: "\n"))
                        case .ended(let error):
                            failure = error
                            if graph.nodes.contains(where: { if case .limit(let count) = $0.operation { rows >= count } else { false } }) { reason = "limit" }
                            break loop
                        case .shutdown:
                            failure = Self.shutdownMessage
                            break loop
                        }
                    }
                } onGracefulShutdown: {
                    continuation.yield(.shutdown)
                }
            } catch {
                // The client went away: stop the query and clean up, nothing more to write.
                runner.stop()
                await job.value
                await Self.deleteGroups(graph, kafka: kafka, logger: logger)
                throw error
            }
            runner.stop()
            await job.value
            await Self.deleteGroups(graph, kafka: kafka, logger: logger)
            if let failure {
                try await writer.write(Self.line(["error": ["message": failure]]))
            } else {
                try await writer.write(ByteBuffer(string: "{\"end\":{\"rows\":\(rows),\"reason\":\"\(reason)\"}}\n"))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson", .cacheControl: "no-store"], body: body)
    }

    private static func line(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var buffer = ByteBuffer(bytes: (try? encoder.encode(value)) ?? Data("{}".utf8))
        buffer.writeString("\n")
        return buffer
    }

    private static func deleteGroups(_ graph: OperatorGraph, kafka: KafkaServices?, logger: Logger) async {
        guard let kafka else { return }
        let groups = graph.consumerGroups(prefix: "velo-")
        // In the background: the query's answer does not wait for its group to empty.
        Task { await kafka.deleteGroupsWhenEmpty(groups, logger: logger) }
    }
}
