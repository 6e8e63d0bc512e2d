import ArgumentParser
import Foundation

/// `velo-cli status [--refresh N] [--verbose]`: the components, then the jobs; `--refresh` redraws
/// every N seconds until Ctrl-C.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Overview of the server's components and jobs.",
        discussion: """
            With --refresh N the overview is redrawn every N seconds until Ctrl-C (in place on a terminal; \
            otherwise one snapshot per interval, separated by a blank line).
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Redraw every N seconds until Ctrl-C.", valueName: "seconds"))
    var refresh: Double?

    @Flag(help: "Add each job's description and failure reason.")
    var verbose = false

    func validate() throws {
        if let refresh, !(refresh >= 0.1 && refresh <= 86_400) {
            throw ValidationError("--refresh must be between 0.1 and 86400 seconds")
        }
    }

    func run() async throws {
        let client = try connection.client()
        let snapshot = Snapshot(client: client, output: connection.output, verbose: verbose)
        guard let refresh else {
            Console.out(try await snapshot.render())
            return
        }
        let clearScreen = Console.outputIsTerminal
        let interval = refresh
        // Ctrl-C ends the loop: exit 0.
        _ = try await Interrupt.run {
            var first = true
            while true {
                let note = "every \(Format.seconds(interval)), \(Self.clock())"
                let text: String
                do {
                    text = try await snapshot.render(note: note)
                } catch let error as CLIError {
                    // Ctrl-C cancelled the request: stop without drawing its error.
                    try Task.checkCancellation()
                    // 401 will not fix itself; anything else (a restarting server) may.
                    if case .unauthorized = error { throw error }
                    text = "\(client.baseURL) (\(note))\n\nerror: \(error)\n"
                }
                if clearScreen {
                    Console.out("\u{1B}[H\u{1B}[2J" + text)
                } else {
                    Console.out((first ? "" : "\n") + text)
                }
                first = false
                try await Task.sleep(for: .seconds(interval))
            }
        }
    }

    static func clock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }

    /// One rendering of the overview.
    struct Snapshot: Sendable {
        var client: APIClient
        var output: OutputFormat
        var verbose: Bool

        /// `note` (the refresh interval and time) goes on the first line, after the status.
        func render(note: String? = nil) async throws(CLIError) -> String {
            let healthAnswer = try await client.get("/health", accepted: [200, 503])
            let jobsAnswer = try await client.get("/api/v1/jobs")
            if output == .json {
                let document = JSONValue.object([
                    (key: "health", value: try healthAnswer.json()),
                    (key: "jobs", value: try jobsAnswer.json()["jobs"] ?? .array([])),
                ])
                return document.rendered(pretty: true, sortedKeys: true) + "\n"
            }
            let health = try healthAnswer.decode(Health.self)
            let jobs = try jobsAnswer.decode(JobList.self).jobs
            var text = "\(client.baseURL): \(health.status)\(note.map { " (\($0))" } ?? "")\n\n" + HealthView.render(health) + "\n"
            text += jobs.isEmpty ? "no jobs\n" : JobTable(includeDetail: verbose).render(jobs)
            return text
        }
    }
}
