import VeloSQL

/// Where the REPL's statements run: a `velo-sql server` (`RemoteSession`) or this process
/// (`LocalSession`, `repl --local`). Each call prints its own output and throws what failed
/// (`CLIError`, printed by the REPL as `error: …`); SQL errors are printed with a caret first.
protocol REPLSession: Sendable {
    /// One line about where statements go, printed when the shell starts.
    func banner() async -> String
    /// A SELECT: rows live until the query ends or Ctrl-C.
    func query(_ sql: String, output: OutputFormat) async throws
    /// CREATE STREAM/TABLE (declarations and … AS SELECT), INSERT INTO: declares, starts jobs.
    func deploy(_ sql: String, output: OutputFormat) async throws
    func jobs(output: OutputFormat) async throws
    /// A job, stream or table by name.
    func describe(_ name: String, output: OutputFormat) async throws
    func show(_ target: ShowTarget, output: OutputFormat) async throws
    func explain(_ sql: String, output: OutputFormat) async throws
    func lifecycle(_ command: JobLifecycleCommand, job: String, output: OutputFormat) async throws
    /// For Tab: streams, tables, their columns, jobs. Best effort: whatever could be read.
    func completionNames() async -> CompletionNames
    /// Stops what the session runs (local jobs) before the shell exits.
    func close() async
}

/// `STOP JOB x`, `PAUSE JOB x`, `RESUME JOB x`, `START JOB x` (a restart) and `DROP JOB x`.
enum JobLifecycleCommand: String, Sendable {
    case stop, pause, resume, restart, drop

    init(_ action: JobAction) {
        switch action {
        case .start: self = .restart
        case .stop: self = .stop
        case .pause: self = .pause
        case .resume: self = .resume
        }
    }
}
