import ArgumentParser

/// `velo-cli jobs [--sql] [--topics]`: the table of jobs.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "List jobs: name, state, records in/out, rate, lag, errors."
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Add each job's SQL.")
    var sql = false

    @Flag(help: "Add each job's source and sink topics with their end offsets.")
    var topics = false

    func run() async throws {
        let client = try connection.client()
        let response = try await client.get("/api/v1/jobs")
        let list = try response.decode(JobList.self)
        var table = JobTable(includeTopics: topics, includeSQL: sql)
        var topicsJSON: JSONValue?
        if topics {
            // The broker may be down while the server answers: show the jobs without offsets then.
            do {
                let topicAnswer = try await client.get("/api/v1/topics")
                table.topics = Dictionary(try topicAnswer.decode(TopicList.self).topics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
                topicsJSON = try topicAnswer.json()["topics"]
            } catch {
                Console.error("warning: no end offsets: \(error)\n")
            }
            table.sourceTopics = await CatalogLookup.topicsByName(client)
        }
        if connection.output == .json {
            var document = try response.json()
            if let topicsJSON, case .object(var members) = document {
                members.append((key: "topics", value: topicsJSON))
                document = .object(members)
            }
            Console.printJSON(document)
        } else if list.jobs.isEmpty {
            Console.out("no jobs\n")
        } else {
            Console.out(table.render(list.jobs))
        }
    }
}

/// Stream and table names → their Kafka topics, for showing what a job reads. Best effort: an empty
/// map when the catalog cannot be read.
enum CatalogLookup {
    static func topicsByName(_ client: APIClient) async -> [String: String] {
        var map: [String: String] = [:]
        if let streams = try? await client.get("/api/v1/streams").decode(StreamList.self) {
            for entry in streams.streams { if let topic = entry.topic { map[entry.name] = topic } }
        }
        if let tables = try? await client.get("/api/v1/tables").decode(TableList.self) {
            for entry in tables.tables { if let topic = entry.topic { map[entry.name] = topic } }
        }
        return map
    }
}
