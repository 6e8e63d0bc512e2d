import ArgumentParser

/// `velo-sql`: the engine and job server. This issue brings `fmt`; `run` and `server` follow.
@main
struct VeloSQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-sql",
        abstract: "Velostream streaming SQL engine.",
        subcommands: [FormatCommand.self]
    )
}
