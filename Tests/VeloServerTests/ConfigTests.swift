import Foundation
import Testing
@testable import VeloServer

@Suite("Server configuration")
struct ConfigTests {
    static let configDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("server-config")

    @Test func defaultsFollowTheProductContract() {
        let config = ServerConfig()
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.brokers == "127.0.0.1:9092")
        #expect(config.stateDirectory == "./velo-data")
        #expect(config.checkpointInterval == .seconds(5))
        #expect(config.maxJobs == 100)
        #expect(config.processingGuarantee == .atLeastOnce)
        #expect(config.errors == .dlq)
        #expect(config.tokens.isEmpty)
        #expect(config.metricsEnabled)
        #expect(config.shutdownTimeout == .seconds(30))
        #expect(config.maxBodyBytes == 1 << 20)
    }

    /// The annotated file states every default: loading it changes nothing.
    @Test func theAnnotatedFileHoldsTheDefaults() throws {
        let path = Self.configDirectory.appendingPathComponent("velo-sql.yaml").path
        let config = try ConfigLoader.load(file: path, environment: [:])
        #expect(config == ServerConfig())
    }

    @Test func theProfilesLoad() throws {
        let dev = try ConfigLoader.load(file: Self.configDirectory.appendingPathComponent("velo-sql.dev.yaml").path, environment: [:])
        #expect(dev.checkpointInterval == .seconds(1))
        #expect(dev.logLevel == "debug")
        let test = try ConfigLoader.load(file: Self.configDirectory.appendingPathComponent("velo-sql.test.yaml").path, environment: [:])
        #expect(test.port == 0)
        #expect(test.checkpointInterval == .milliseconds(500))
        #expect(test.tokens == ["test-token"])
    }

    @Test func everyKeyIsRead() throws {
        var config = ServerConfig()
        try ConfigLoader.apply(yaml: """
            server: { host: 0.0.0.0, port: 9000, shutdown_timeout: 10s, max_body_bytes: 2048 }
            kafka:
              brokers: "k1:9092,k2:9092"
              properties: { compression.type: lz4, "linger.ms": 20 }
            state: { dir: /var/lib/velo, checkpoint_interval: 250ms }
            jobs: { max: 7, processing_guarantee: exactly_once, errors: skip }
            auth: { tokens: [a, b] }
            metrics: { enabled: false }
            log: { level: debug }
            """, source: "inline", to: &config)
        #expect(config.host == "0.0.0.0")
        #expect(config.port == 9000)
        #expect(config.shutdownTimeout == .seconds(10))
        #expect(config.maxBodyBytes == 2048)
        #expect(config.brokers == "k1:9092,k2:9092")
        #expect(config.kafkaProperties == ["compression.type": "lz4", "linger.ms": "20"])
        #expect(config.stateDirectory == "/var/lib/velo")
        #expect(config.checkpointInterval == .milliseconds(250))
        #expect(config.maxJobs == 7)
        #expect(config.processingGuarantee == .exactlyOnce)
        #expect(config.errors == .skip)
        #expect(config.tokens == ["a", "b"])
        #expect(!config.metricsEnabled)
        #expect(config.logLevel == "debug")
    }

    @Test(arguments: [
        ("server:\n  prot: 8080\n", "inline:2:3: server.prot: unknown key; did you mean 'port'?"),
        ("sever:\n  port: 8080\n", "inline:1:1: sever: unknown section; did you mean 'server'?"),
        ("server:\n  port: eighty\n", "inline:2:9: server.port: expected an integer, got 'eighty'"),
        ("server:\n  port: 70000\n", "inline:2:9: server.port: must be between 0 and 65535, got 70000"),
        ("state:\n  checkpoint_interval: soon\n", "inline:2:24: state.checkpoint_interval: expected a positive duration like 250ms, 5s, 2m or 1h, got 'soon'"),
        ("jobs:\n  errors: ignore\n", "inline:2:11: jobs.errors: expected one of dlq, skip, fail, got 'ignore'"),
        ("jobs:\n  processing_guarantee: twice\n", "inline:2:25: jobs.processing_guarantee: expected one of at_least_once, exactly_once, got 'twice'"),
        ("auth:\n  tokens: secret\n", "inline:2:11: auth.tokens: expected a list of strings, like [\"token-1\"]"),
        ("metrics:\n  enabled: perhaps\n", "inline:2:12: metrics.enabled: expected true or false, got 'perhaps'"),
        ("server: [1, 2]\n", "inline:1:9: server: expected a mapping of keys (host, port, shutdown_timeout, max_body_bytes)"),
        ("- just\n- a list\n", "inline:1:1: expected a mapping of sections (server, kafka, state, jobs, auth, metrics, log)"),
        ("log:\n  level: loud\n", "inline:2:10: log.level: expected one of trace, debug, info, notice, warning, error, critical, got 'loud'"),
    ])
    func badFilesNameTheKeyAndTheProblem(_ yaml: String, _ expected: String) {
        var config = ServerConfig()
        #expect(throws: ConfigError.self) { try ConfigLoader.apply(yaml: yaml, source: "inline", to: &config) }
        do {
            try ConfigLoader.apply(yaml: yaml, source: "inline", to: &config)
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func invalidYAMLSaysWhere() {
        var config = ServerConfig()
        do {
            try ConfigLoader.apply(yaml: "server:\n  host: [unclosed\n", source: "f.yaml", to: &config)
            Issue.record("accepted broken YAML")
        } catch {
            #expect(error.description.hasPrefix("f.yaml:"))
            #expect(error.description.contains("not valid YAML"))
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: ConfigError.self) { try ConfigLoader.load(file: "/nonexistent/velo.yaml", environment: [:]) }
        do {
            _ = try ConfigLoader.load(file: "/nonexistent/velo.yaml", environment: [:])
        } catch {
            #expect(error.description == "/nonexistent/velo.yaml: no such file")
        }
    }

    @Test func environmentBeatsTheFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("velo-\(UUID().uuidString).yaml")
        try "server:\n  port: 9000\nkafka:\n  brokers: from-file:9092\nauth:\n  tokens: [file-token]\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let config = try ConfigLoader.load(file: file.path, environment: [
            "VELO_PORT": "9100", "VELO_BROKERS": "env:9092", "VELO_STATE_DIR": "/tmp/x", "VELO_TOKEN": "env-token", "VELO_LOG_LEVEL": "error",
        ])
        #expect(config.port == 9100)
        #expect(config.brokers == "env:9092")
        #expect(config.stateDirectory == "/tmp/x")
        #expect(config.tokens == ["file-token", "env-token"])
        #expect(config.logLevel == "error")
        #expect(throws: ConfigError.self) { try ConfigLoader.load(file: file.path, environment: ["VELO_PORT": "http"]) }
    }
}
