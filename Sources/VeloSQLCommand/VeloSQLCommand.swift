import ArgumentParser

/// `velo-sql`: the engine. `run` runs a SQL file's jobs, `fmt` formats SQL; `server` follows.
@main
struct VeloSQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-sql",
        abstract: "Velostream streaming SQL engine.",
        subcommands: [RunCommand.self, FormatCommand.self]
    )
}
