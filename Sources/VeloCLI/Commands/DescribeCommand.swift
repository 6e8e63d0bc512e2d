import ArgumentParser

/// `velo-cli describe NAME`: a job if there is one of that name, else a stream, else a table.
struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe a job, stream or table: schema, SQL, plan, state, metrics."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "A job, stream or table name.")
    var name: String

    func run() async throws {
        let client = try connection.client()
        let segment = APIClient.segment(name)
        for kind in Kind.allCases {
            guard let response = try await client.getIfPresent("\(kind.path)/\(segment)") else { continue }
            if connection.output == .json {
                Console.printJSON(try response.json())
            } else if kind == .job {
                Console.out(Self.render(try response.decode(Job.self)))
            } else {
                Console.out(Self.render(try response.decode(CatalogEntry.self), isTable: kind == .table))
            }
            return
        }
        throw CLIError.message("no job, stream or table is called \(name)")
    }

    enum Kind: CaseIterable {
        case job, stream, table

        var path: String {
            switch self {
            case .job: "/api/v1/jobs"
            case .stream: "/api/v1/streams"
            case .table: "/api/v1/tables"
            }
        }
    }

    static func render(_ job: Job) -> String {
        var fields: [[String]] = [["job", job.name], ["state", job.state ?? "-"]]
        if let failure = job.failure { fields.append(["failure", failure]) }
        if let description = job.description { fields.append(["description", description]) }
        if let sources = job.sources { fields.append(["sources", sources.joined(separator: ", ")]) }
        if let sink = job.sink {
            let place = sink.topic.map { "topic \($0)" } ?? sink.path.map { "path \($0)" } ?? ""
            fields.append(["sink", [sink.name ?? "", sink.connector.map { "(\($0)\(place.isEmpty ? "" : " \(place)"))" } ?? place]
                .filter { !$0.isEmpty }.joined(separator: " ")])
        }
        if let createdAt = job.createdAt { fields.append(["created", createdAt]) }
        if let updatedAt = job.updatedAt { fields.append(["updated", updatedAt]) }
        if let stats = job.stats {
            fields.append(["records", "\(Format.count(stats.recordsIn)) in, \(Format.count(stats.recordsOut)) out, \(Format.rate(stats.ratePerSecond))/s"])
            fields.append(["lag", Format.count(stats.lag)])
            fields.append(["errors", "\(Format.count(stats.errors)) (\(Format.count(stats.badRecords)) bad records, \(Format.count(stats.deadLettered)) dead-lettered)"])
            fields.append(["checkpoints", Format.count(stats.checkpoints)])
            if let late = stats.lateRecords, late > 0 { fields.append(["late records", Format.count(late)]) }
            if let bytes = stats.stateBytes, bytes > 0 { fields.append(["state", "\(Format.count(bytes)) bytes"]) }
        }
        var text = keyValues(fields)
        if let sql = job.sql { text += "\nSQL\n" + indented(sql) }
        if let explain = job.explain, !explain.isEmpty { text += "\nplan\n" + indented(explain.joined(separator: "\n")) }
        return text
    }

    static func render(_ entry: CatalogEntry, isTable: Bool) -> String {
        var fields: [[String]] = [[isTable ? "table" : "stream", entry.name]]
        if let topic = entry.topic { fields.append(["topic", topic]) }
        if let format = entry.format { fields.append(["format", format]) }
        if let key = entry.primaryKey, !key.isEmpty { fields.append(["primary key", key.joined(separator: ", ")]) }
        var text = keyValues(fields)
        if let columns = entry.columns {
            text += "\n" + TableRenderer(columns: ["COLUMN", "TYPE"]).render(columns.map { [$0.name, $0.type ?? "-"] })
        } else {
            text += "\nno schema: each record's fields are read as they come\n"
        }
        if let sql = entry.sql { text += "\nSQL\n" + indented(sql) }
        return text
    }

    private static func keyValues(_ fields: [[String]]) -> String {
        TableRenderer(columns: ["FIELD", "VALUE"], alignments: [.left, .left], showsHeader: false).render(fields)
    }

    private static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }.joined(separator: "\n") + "\n"
    }
}
