import ArgumentParser
import Foundation
import Logging
import VeloRuntime
import VeloServer

/// `velo-sql server`: the job server (PRODUCT.md §2, §4, §5). Configuration from the YAML file, then
/// the environment, then these flags.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the job server: the HTTP API, the job registry and every deployed job.",
        discussion: """
            Reads server-config/velo-sql.yaml when present (or --config FILE); VELO_BROKERS, VELO_HOST, \
            VELO_PORT, VELO_STATE_DIR, VELO_TOKEN and VELO_LOG_LEVEL override it, and flags override both. \
            SIGINT/SIGTERM stop taking requests, checkpoint and commit every job, and exit 0.
            """
    )

    @Option(help: "The YAML configuration file (default: server-config/velo-sql.yaml if present).")
    var config: String?

    @Option(help: "Address to bind (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    @Option(help: "Kafka bootstrap servers (default 127.0.0.1:9092).")
    var brokers: String?

    @Option(name: .customLong("state-dir"), help: "Directory of the job registry and local state (default ./velo-data).")
    var stateDirectory: String?

    func run() async throws {
        var settings: ServerConfig
        do {
            settings = try ConfigLoader.load(file: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CommandFailure("configuration: \(error)")
        }
        if let host { settings.host = host }
        if let port {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            settings.port = port
        }
        if let brokers { settings.brokers = brokers }
        if let stateDirectory { settings.stateDirectory = stateDirectory }

        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        LoggingSystem.bootstrap({ label, provider in
            var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
            handler.logLevel = level
            return handler
        }, metadataProvider: JobLogContext.metadataProvider)
        let logger = Logger(label: "velo.server")
        let server: JobServer
        do {
            server = try JobServer(config: settings, logger: logger)
        } catch {
            throw CommandFailure("cannot start: \(error)")
        }
        let banner: @Sendable (Int) -> String = { [settings] port in
            "velo-sql server listening on http://\(settings.host):\(port) (brokers \(settings.brokers), state \(settings.stateDirectory))\n"
        }
        try await server.run { port in
            // One line on stdout that scripts (and tests) wait for; written at once, not buffered.
            FileHandle.standardOutput.write(Data(banner(port).utf8))
        }
    }
}
