import ArgumentParser

/// `velo-sql`: the engine. `server` runs the job server, `run` runs a SQL file's jobs in the
/// foreground, `fmt` formats SQL.
@main
struct VeloSQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-sql",
        abstract: "Velostream streaming SQL engine.",
        subcommands: [ServerCommand.self, RunCommand.self, FormatCommand.self]
    )
}
