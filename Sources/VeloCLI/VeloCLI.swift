import ArgumentParser
import Foundation

/// `velo-cli`: manages a `velo-sql server` over its HTTP API (docs/api.md) and validates SQL offline.
/// Exit codes (PRODUCT.md §2): 0 success, 1 failure with a message on stderr, 2 usage error.
@main
struct VeloCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "velo-cli",
        abstract: "Manage Velostream jobs on a velo-sql server; validate SQL offline.",
        discussion: """
            The server is --server, else http://--sql-host:--sql-port, else $VELO_SERVER, else \
            \(ConnectionOptions.defaultServer). Exit codes: 0 success, 1 failure, 2 usage error.
            """,
        subcommands: [
            HealthCommand.self, StatusCommand.self, JobsCommand.self, DeployCommand.self,
            StopCommand.self, PauseCommand.self, ResumeCommand.self, RestartCommand.self, DropCommand.self,
            DescribeCommand.self, ExplainCommand.self, QueryCommand.self,
            TopicsCommand.self, StreamsCommand.self, TablesCommand.self, ValidateCommand.self,
            ReplCommand.self,
        ]
    )

    // Here as well as on each command, so the options may precede the command name.
    @OptionGroup var connection: ConnectionOptions

    /// ArgumentParser's own `main` exits 64 (EX_USAGE) on a usage error and prints "Error: " plus the
    /// error's dump for anything else; the contract is exit 2 and one readable line.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            Console.error(error.description.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "error: \($0)\n" }.joined())
            Foundation.exit(1)
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.error(fullMessage(for: error) + "\n")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
