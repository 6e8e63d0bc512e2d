import Testing

/// `velo-cli streams`, `tables`, `topics`: the server's catalog and the broker's topics.
extension LiveServerTests {
    @Test("streams, tables and topics list what was declared and produced", .timeLimit(.minutes(2)))
    func catalogListings() async throws {
        let server = try LiveServer.server()
        try await KafkaData.with { kafka in
            let input = kafka.topic("catalog-in"), accounts = kafka.topic("catalog-accounts")
            try await kafka.produce(input, ids: 0..<12, partitions: 2)
            let stream = kafka.name("payments"), table = kafka.name("accounts")
            let file = try CLI.writeTemporaryFile("catalog.sql", """
                CREATE STREAM \(stream) (id BIGINT, amount BIGINT) WITH ('topic' = '\(input)');
                CREATE TABLE \(table) (id BIGINT PRIMARY KEY, name STRING) WITH ('topic' = '\(accounts)');

                """)
            defer { CLI.removeTemporaryFile(file) }
            let deploy = try await CLI.run(["deploy", file.path], against: server)
            #expect(deploy.status == 0, "declarations alone deploy: \(deploy)")
            #expect(deploy.stdout == "deployed 0 jobs from \(file.path)\ndeclared: \(stream), \(table)\n", "\(deploy)")

            let streams = try await CLI.run(["streams"], against: server)
            #expect(streams.status == 0, "\(streams)")
            #expect(CLI.cells(streams.stdoutLines.first ?? "") == ["NAME", "TOPIC", "FORMAT", "COLUMNS"], "\(streams)")
            let streamRow = try #require(CLI.row(stream, in: streams.stdout), "\(streams)")
            #expect(streamRow.count == 4, "\(streams)")
            #expect(streamRow.dropFirst().first == input, "\(streams)")
            #expect(streamRow.last == "id BIGINT, amount BIGINT", "\(streams)")
            #expect(CLI.row(table, in: streams.stdout) == nil, "a table is not a stream: \(streams)")

            let tables = try await CLI.run(["tables"], against: server)
            #expect(tables.status == 0, "\(tables)")
            #expect(CLI.cells(tables.stdoutLines.first ?? "") == ["NAME", "TOPIC", "FORMAT", "PRIMARY KEY", "COLUMNS"], "\(tables)")
            let tableRow = try #require(CLI.row(table, in: tables.stdout), "\(tables)")
            #expect(tableRow.dropFirst().first == accounts, "\(tables)")
            #expect(Array(tableRow.suffix(2)) == ["id", "id BIGINT, name STRING"], "\(tables)")

            let describeTable = try await CLI.run(["describe", table], against: server)
            #expect(describeTable.status == 0, "\(describeTable)")
            #expect(CLI.row("table", in: describeTable.stdout) == ["table", table], "\(describeTable)")
            #expect(CLI.row("primary key", in: describeTable.stdout) == ["primary key", "id"], "\(describeTable)")

            let topics = try await CLI.run(["topics"], against: server)
            #expect(topics.status == 0, "\(topics)")
            #expect(CLI.cells(topics.stdoutLines.first ?? "") == ["NAME", "PARTITIONS", "RECORDS", "END OFFSETS"], "\(topics)")
            let topicRow = try #require(CLI.row(input, in: topics.stdout), "\(topics)")
            #expect(Array(topicRow.prefix(3)) == [input, "2", "12"], "\(topics)")

            let json = try await CLI.run(["streams", "--output", "json"], against: server)
            let listed = try #require(CLI.json(json)?["streams"] as? [[String: Any]], "\(json)")
            #expect(listed.contains { $0["name"] as? String == stream && $0["topic"] as? String == input }, "\(json)")
        }
    }
}
