import ArgumentParser

// `velo-cli stop|pause|resume|restart|drop JOB`: one request each; the server's state machine
// (docs/api.md) decides what is allowed and answers 409 otherwise.

struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop a job (it checkpoints first).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The job's name.") var job: String

    func run() async throws {
        try await JobLifecycle.send("stop", to: job, connection: connection)
    }
}

struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a job (it keeps its consumer group).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The job's name.") var job: String

    func run() async throws {
        try await JobLifecycle.send("pause", to: job, connection: connection)
    }
}

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused job.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The job's name.") var job: String

    func run() async throws {
        try await JobLifecycle.send("resume", to: job, connection: connection)
    }
}

struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart a job from its committed positions.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The job's name.") var job: String

    func run() async throws {
        try await JobLifecycle.send("restart", to: job, connection: connection)
    }
}

struct DropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop", abstract: "Stop a job and delete it, its state and its consumer group.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The job's name.") var job: String

    func run() async throws {
        let client = try connection.client()
        let response = try await client.send("DELETE", "/api/v1/jobs/\(APIClient.segment(job))")
        if connection.output == .json {
            Console.printJSON(try response.json())
        } else {
            Console.out("dropped \(try response.decode(DropAnswer.self).dropped)\n")
        }
    }
}

enum JobLifecycle {
    /// `POST /api/v1/jobs/{name}/{action}` → the job, printed as `name: state`.
    static func send(_ action: String, to job: String, connection: ConnectionOptions) async throws {
        let client = try connection.client()
        let response = try await client.post("/api/v1/jobs/\(APIClient.segment(job))/\(action)")
        if connection.output == .json {
            Console.printJSON(try response.json())
        } else {
            let answer = try response.decode(Job.self)
            Console.out("\(answer.name): \(answer.state ?? "-")\n")
        }
    }
}
