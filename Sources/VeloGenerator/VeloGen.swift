import ArgumentParser

/// `velo-gen`: writes realistic test data to Kafka topics or files, for the demo
/// (`scripts/demo.sh`), the example queries and the benchmarks.
@main
struct VeloGen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-gen",
        abstract: "Generate test data for Velostream: equity trades and Nexmark-style bids.",
        subcommands: [TradesCommand.self, BidsCommand.self]
    )
}

/// A failure the user caused or can fix (no broker, unwritable file): its message on stderr and
/// exit 1, no stack trace.
struct GeneratorFailure: Error, CustomStringConvertible {
    var description: String

    init(_ message: String) {
        description = message
    }
}
