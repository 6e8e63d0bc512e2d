import Hummingbird

/// /api/v1/streams, /tables, /topics and /validate.
struct CatalogRoutes {
    let manager: JobManager
    let kafka: KafkaServices?
    let reader: RequestReader

    func register(on group: some RouterMethods<BasicRequestContext>) {
        group.get("streams") { _, _ in
            JSONResponse.make(StreamList(streams: await manager.relations(tables: false)))
        }
        group.get("streams/{name}") { _, context in
            try await relation(try context.parameters.require("name"), tables: false)
        }
        group.get("tables") { _, _ in
            JSONResponse.make(TableList(tables: await manager.relations(tables: true)))
        }
        group.get("tables/{name}") { _, context in
            try await relation(try context.parameters.require("name"), tables: true)
        }
        group.get("topics") { _, _ in
            JSONResponse.make(TopicList(topics: try await topics()))
        }
        group.post("validate") { request, _ in
            let body = try await reader.sqlRequest(request)
            return JSONResponse.make(await manager.validate(sql: body.sql))
        }
    }

    private func relation(_ name: String, tables: Bool) async throws(APIError) -> Response {
        guard let found = await manager.relations(tables: tables).first(where: { $0.name == name }) else {
            throw APIError.notFound("no \(tables ? "table" : "stream") named '\(name)'")
        }
        return JSONResponse.make(found)
    }

    /// Every topic with its partitions' end offsets, from the broker.
    private func topics() async throws(APIError) -> [TopicView] {
        guard let kafka else { return [] }
        do {
            var views: [TopicView] = []
            for topic in try await kafka.admin.listTopics() where !topic.partitions.isEmpty {
                // A topic deleted between the listing and this question is left out, not an error.
                guard let ends = try? await kafka.endOffsets(topic: topic.name, partitions: topic.partitions.map(\.id)) else { continue }
                views.append(TopicView(name: topic.name, partitions: topic.partitions.count, endOffsets: ends.map(\.high),
                                       records: ends.reduce(0) { $0 + max(0, $1.high - $1.low) }))
            }
            return views
        } catch {
            throw APIError(503, "Kafka at \(kafka.brokers) did not answer: \(error)")
        }
    }
}
