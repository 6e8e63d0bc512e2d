import ArgumentParser

// `velo-cli topics` · `streams` · `tables`: the server's catalog and the broker's topics.

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "topics", abstract: "List the broker's topics with their end offsets.")
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let response = try await connection.client().get("/api/v1/topics")
        if connection.output == .json { return Console.printJSON(try response.json()) }
        let topics = try response.decode(TopicList.self).topics
        guard !topics.isEmpty else { return Console.out("no topics\n") }
        let rows = topics.map { topic in
            [topic.name, Format.count(topic.partitions), Format.count(topic.records),
             TableRenderer.truncate(topic.endOffsets.map { $0.map(String.init).joined(separator: " ") } ?? "-", to: 60)]
        }
        Console.out(TableRenderer(columns: ["NAME", "PARTITIONS", "RECORDS", "END OFFSETS"]).render(rows))
    }
}

struct StreamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "streams", abstract: "List the declared streams.")
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let response = try await connection.client().get("/api/v1/streams")
        if connection.output == .json { return Console.printJSON(try response.json()) }
        Console.out(Self.render(try response.decode(StreamList.self).streams))
    }

    /// The listing (also the REPL's `\d` in a local session).
    static func render(_ streams: [CatalogEntry]) -> String {
        guard !streams.isEmpty else { return "no streams\n" }
        let rows = streams.map { [$0.name, $0.topic ?? "-", $0.format ?? "-", CatalogListing.columns($0)] }
        return TableRenderer(columns: ["NAME", "TOPIC", "FORMAT", "COLUMNS"]).render(rows)
    }
}

struct TablesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tables", abstract: "List the declared tables.")
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let response = try await connection.client().get("/api/v1/tables")
        if connection.output == .json { return Console.printJSON(try response.json()) }
        Console.out(Self.render(try response.decode(TableList.self).tables))
    }

    /// The listing (also the REPL's `\d` in a local session).
    static func render(_ tables: [CatalogEntry]) -> String {
        guard !tables.isEmpty else { return "no tables\n" }
        let rows = tables.map {
            [$0.name, $0.topic ?? "-", $0.format ?? "-", ($0.primaryKey ?? []).joined(separator: ", "), CatalogListing.columns($0)]
        }
        return TableRenderer(columns: ["NAME", "TOPIC", "FORMAT", "PRIMARY KEY", "COLUMNS"]).render(rows)
    }
}

enum CatalogListing {
    /// `symbol VARCHAR, price DECIMAL(12,2)`, cut to fit a listing; `describe` shows them all.
    static func columns(_ entry: CatalogEntry) -> String {
        guard let columns = entry.columns else { return "(no schema)" }
        let text = columns.map { [$0.name, $0.type].compactMap { $0 }.joined(separator: " ") }.joined(separator: ", ")
        return TableRenderer.truncate(text, to: 60)
    }
}
