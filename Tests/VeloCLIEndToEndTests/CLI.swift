import Foundation

/// Runs the built `velo-cli`.
enum CLI {
    /// The test process's environment without the VELO_* variables, so neither binary picks up a
    /// server, token or config from the shell the tests run in.
    static func cleanEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VELO_") }
    }

    /// `velo-cli ARGUMENTS…` with `environment` added to a clean one; at most `timeout`.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)) async throws -> ProcessResult {
        try await ProcessRunner.run(Binaries.cli, arguments, environment: cleanEnvironment().merging(environment) { $1 }, timeout: timeout)
    }

    /// `velo-cli --server URL ARGUMENTS…` against `server` (with its token, unless `token` is false).
    static func run(_ arguments: [String], against server: ServerProcess, token: Bool = true, timeout: Duration = .seconds(60)) async throws -> ProcessResult {
        try await run(options(server, token: token) + arguments, timeout: timeout)
    }

    /// `velo-cli --server URL ARGUMENTS…`, sent SIGINT (Ctrl-C) as soon as `interruptWhen` holds for
    /// its stdout so far (or after 60 s).
    static func run(_ arguments: [String], against server: ServerProcess, interruptWhen: @escaping @Sendable (String) -> Bool) async throws -> ProcessResult {
        try await ProcessRunner.run(Binaries.cli, options(server, token: true) + arguments, environment: cleanEnvironment(), interruptWhen: interruptWhen)
    }

    private static func options(_ server: ServerProcess, token: Bool) -> [String] {
        var options = ["--server", server.baseURL]
        if token, let secret = server.token { options += ["--token", secret] }
        return options
    }

    /// `health` and `status` probe the broker with a 3 s timeout, which a single-node test broker on a
    /// busy machine can miss. A run whose output says the probe timed out is repeated for up to 30 s;
    /// any other outcome counts at once.
    static func probingKafka(_ run: () async throws -> ProcessResult) async throws -> ProcessResult {
        let deadline = ContinuousClock.now + .seconds(30)
        var result = try await run()
        while (result.stdout + result.stderr).contains("Timed out"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            result = try await run()
        }
        return result
    }

    /// A file in a fresh temporary directory.
    static func writeTemporaryFile(_ name: String, _ contents: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("velo-cli-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try contents.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func removeTemporaryFile(_ file: URL) {
        try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
    }

    /// Parses stdout as one JSON document.
    static func json(_ result: ProcessResult) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any]
    }

    /// The cells of the table line whose first cell is `first` (cells are separated by two or more
    /// spaces), or nil.
    static func row(_ first: String, in text: String) -> [String]? {
        for line in text.split(separator: "\n") {
            let cells = cells(String(line))
            if cells.first == first { return cells }
        }
        return nil
    }

    /// A count cell (`1200`) as a number.
    static func count(_ cell: String?) -> Int? {
        cell.flatMap { Int($0) }
    }

    static func cells(_ line: String) -> [String] {
        line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
