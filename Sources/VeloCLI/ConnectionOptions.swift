import ArgumentParser
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json
}

/// The options every command takes: which server, which token, which output. Declared on the root and
/// on each command, so they may come before or after the command name
/// (`velo-cli --output json jobs` and `velo-cli jobs --output json`).
struct ConnectionOptions: ParsableArguments {
    static let defaultServer = "http://127.0.0.1:8080"

    @Option(help: ArgumentHelp("The job server's base URL (also VELO_SERVER).", valueName: "url"))
    var server: String?

    @Option(name: .customLong("sql-host"), help: ArgumentHelp("The server's host, for compatibility; --server wins.", valueName: "host"))
    var sqlHost: String?

    @Option(name: .customLong("sql-port"), help: ArgumentHelp("The server's port, for compatibility; --server wins.", valueName: "port"))
    var sqlPort: Int?

    @Option(help: ArgumentHelp("Bearer token for a server with auth.tokens (also VELO_TOKEN).", valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp("Output as an aligned table or as the server's JSON.", valueName: "table|json"))
    var output: OutputFormat = .table

    func validate() throws {
        if let sqlPort, !(1...65535).contains(sqlPort) {
            throw ValidationError("--sql-port must be between 1 and 65535")
        }
        if let server, Self.normalized(server) == nil {
            throw ValidationError("--server must be an http:// or https:// URL, e.g. \(Self.defaultServer)")
        }
    }

    /// Flags beat the environment, which beats the default: `--server`, then `--sql-host/--sql-port`,
    /// then `VELO_SERVER`.
    func baseURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CLIError) -> String {
        let chosen: String
        if let server {
            chosen = server
        } else if sqlHost != nil || sqlPort != nil {
            let host = sqlHost ?? "127.0.0.1"
            // An IPv6 literal needs brackets in a URL.
            let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            chosen = "http://\(bracketed):\(sqlPort ?? 8080)"
        } else if let fromEnvironment = environment["VELO_SERVER"], !fromEnvironment.isEmpty {
            chosen = fromEnvironment
        } else {
            chosen = Self.defaultServer
        }
        guard let url = Self.normalized(chosen) else {
            throw .message("not a server URL: \(chosen) (expected e.g. \(Self.defaultServer))")
        }
        return url
    }

    /// `--token`, else `VELO_TOKEN`; empty means none.
    func bearerToken(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let token = token ?? environment["VELO_TOKEN"]
        return token?.isEmpty == false ? token : nil
    }

    func client() throws(CLIError) -> APIClient {
        APIClient(baseURL: try baseURL(), token: bearerToken())
    }

    /// `host:port` becomes `http://host:port`; a trailing `/` is dropped; nil for anything that is not
    /// an http(s) URL with a host.
    static func normalized(_ text: String) -> String? {
        var candidate = text.trimmingCharacters(in: .whitespaces)
        if !candidate.contains("://") { candidate = "http://" + candidate }
        while candidate.hasSuffix("/") { candidate.removeLast() }
        guard let components = URLComponents(string: candidate),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else { return nil }
        return candidate
    }
}
