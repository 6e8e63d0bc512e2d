import Foundation
import Yams

/// Builds a `ServerConfig` from the YAML file, then the environment (`VELO_*`), then flags — each
/// later source wins. Every key is checked: an unknown key (with the closest known one), a value of
/// the wrong type or out of range is a `ConfigError` naming the file, line, key and problem.
public enum ConfigLoader {
    /// The keys the file may hold, for "did you mean" and the unknown-key check.
    static let sections: [String: [String]] = [
        "server": ["host", "port", "shutdown_timeout", "max_body_bytes"],
        "kafka": ["brokers", "properties"],
        "state": ["dir", "checkpoint_interval"],
        "jobs": ["max", "processing_guarantee", "errors"],
        "auth": ["tokens"],
        "metrics": ["enabled"],
        "log": ["level"],
    ]

    /// The default file when `--config` is not given: used only if it exists.
    public static let defaultPath = "server-config/velo-sql.yaml"

    public static func load(file: String?, environment: [String: String]) throws(ConfigError) -> ServerConfig {
        var config = ServerConfig()
        let path = file ?? (FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil)
        if let path {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigError(source: path, message: FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "no such file")
            }
            try apply(yaml: text, source: path, to: &config)
        }
        try apply(environment: environment, to: &config)
        return config
    }

    // MARK: - YAML

    public static func apply(yaml: String, source: String, to config: inout ServerConfig) throws(ConfigError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error, source: source)
        } catch {
            throw ConfigError(source: source, message: "not valid YAML: \(error)")
        }
        guard let root else { return }  // an empty file: all defaults
        guard let top = root.mapping else {
            throw ConfigError(source: source, line: root.mark?.line, column: root.mark?.column, message: "expected a mapping of sections (server, kafka, state, jobs, auth, metrics, log)")
        }
        let reader = NodeReader(source: source)
        for (keyNode, value) in top {
            let section = keyNode.string ?? ""
            guard let known = sections[section] else {
                throw reader.error(keyNode, key: section, "unknown section" + hint(section, among: Array(sections.keys)))
            }
            guard let mapping = value.mapping else {
                if value.null != nil { continue }  // `metrics:` with nothing under it
                throw reader.error(value, key: section, "expected a mapping of keys (\(known.joined(separator: ", ")))")
            }
            for (nameNode, valueNode) in mapping {
                let name = nameNode.string ?? ""
                let key = "\(section).\(name)"
                guard known.contains(name) else {
                    throw reader.error(nameNode, key: key, "unknown key" + hint(name, among: known))
                }
                try reader.assign(key, valueNode, to: &config)
            }
        }
    }

    private static func syntaxError(_ error: YamlError, source: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigError(source: source, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, _):
            return ConfigError(source: source, message: "a key appears twice: \(duplicates.joined(separator: ", "))")
        default:
            return ConfigError(source: source, message: "not valid YAML: \(error)")
        }
    }

    // MARK: - Environment

    /// `VELO_BROKERS`, `VELO_HOST`, `VELO_PORT`, `VELO_STATE_DIR`, `VELO_TOKEN` (one more accepted token),
    /// `VELO_LOG_LEVEL`.
    public static func apply(environment: [String: String], to config: inout ServerConfig) throws(ConfigError) {
        if let brokers = environment["VELO_BROKERS"], !brokers.isEmpty { config.brokers = brokers }
        if let host = environment["VELO_HOST"], !host.isEmpty { config.host = host }
        if let port = environment["VELO_PORT"], !port.isEmpty {
            config.port = try parsePort(port, source: "environment", key: "VELO_PORT")
        }
        if let dir = environment["VELO_STATE_DIR"], !dir.isEmpty { config.stateDirectory = dir }
        if let token = environment["VELO_TOKEN"], !token.isEmpty, !config.tokens.contains(token) { config.tokens.append(token) }
        if let level = environment["VELO_LOG_LEVEL"], !level.isEmpty {
            guard logLevels.contains(level) else {
                throw ConfigError(source: "environment", key: "VELO_LOG_LEVEL", message: "expected one of \(logLevels.joined(separator: ", ")), got '\(level)'")
            }
            config.logLevel = level
        }
    }

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    static func parsePort(_ text: String, source: String, key: String) throws(ConfigError) -> Int {
        guard let port = Int(text), (0...65_535).contains(port) else {
            throw ConfigError(source: source, key: key, message: "expected a port number 0–65535, got '\(text)'")
        }
        return port
    }

    static func hint(_ name: String, among known: [String]) -> String {
        let best = known.min { distance(name, $0) < distance(name, $1) }
        guard let best, distance(name, best) <= max(2, name.count / 3) else {
            return " (known: \(known.sorted().joined(separator: ", ")))"
        }
        return "; did you mean '\(best)'?"
    }

    /// Levenshtein distance, for "did you mean".
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
