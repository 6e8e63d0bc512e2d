import ArgumentParser

/// `velo-cli health`: one line per component; exit 0 only when the server says `ok`.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Show the health of the server, Kafka, the state store and the jobs.",
        discussion: "Exits 0 only when every component is healthy (status ok)."
    )

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let client = try connection.client()
        // 503 carries the same document: the server is down, and says why.
        let response = try await client.get("/health", accepted: [200, 503])
        let health = try response.decode(Health.self)
        if connection.output == .json {
            Console.printJSON(try response.json())
        } else {
            Console.out(HealthView.render(health))
        }
        guard health.status == "ok" else { throw CLIError.message("the server is \(health.status)") }
    }
}
