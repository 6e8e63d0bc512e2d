import Yams

/// Reads one YAML value into its `ServerConfig` field, with errors that point at the value.
struct NodeReader {
    let source: String

    func error(_ node: Node, key: String, _ message: String) -> ConfigError {
        ConfigError(source: source, line: node.mark?.line, column: node.mark?.column, key: key, message: message)
    }

    func assign(_ key: String, _ node: Node, to config: inout ServerConfig) throws(ConfigError) {
        switch key {
        case "server.host": config.host = try string(node, key)
        case "server.port": config.port = try integer(node, key, in: 0...65_535)
        case "server.shutdown_timeout": config.shutdownTimeout = try duration(node, key)
        case "server.max_body_bytes": config.maxBodyBytes = try integer(node, key, in: 1_024...(1 << 30))
        case "kafka.brokers": config.brokers = try string(node, key)
        case "kafka.properties": config.kafkaProperties = try properties(node, key)
        case "state.dir": config.stateDirectory = try string(node, key)
        case "state.checkpoint_interval": config.checkpointInterval = try duration(node, key)
        case "jobs.max": config.maxJobs = try integer(node, key, in: 1...10_000)
        case "jobs.processing_guarantee": config.processingGuarantee = try choice(node, key)
        case "jobs.errors": config.errors = try choice(node, key)
        case "auth.tokens": config.tokens = try strings(node, key)
        case "metrics.enabled": config.metricsEnabled = try boolean(node, key)
        case "log.level":
            let level = try string(node, key)
            guard ConfigLoader.logLevels.contains(level) else {
                throw error(node, key: key, "expected one of \(ConfigLoader.logLevels.joined(separator: ", ")), got '\(level)'")
            }
            config.logLevel = level
        default:
            throw error(node, key: key, "unknown key")
        }
    }

    private func scalar(_ node: Node, _ key: String, expected: String) throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, key: key, "expected \(expected), got a \(kind(node))") }
        return scalar.string
    }

    private func kind(_ node: Node) -> String {
        switch node {
        case .mapping: "mapping"
        case .sequence: "list"
        case .scalar: "value"
        case .alias: "alias"
        }
    }

    func string(_ node: Node, _ key: String) throws(ConfigError) -> String {
        let text = try scalar(node, key, expected: "a string")
        guard !text.isEmpty else { throw error(node, key: key, "must not be empty") }
        return text
    }

    func integer(_ node: Node, _ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        let text = try scalar(node, key, expected: "an integer")
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else { throw error(node, key: key, "expected an integer, got '\(text)'") }
        guard range.contains(value) else { throw error(node, key: key, "must be between \(range.lowerBound) and \(range.upperBound), got \(value)") }
        return value
    }

    func boolean(_ node: Node, _ key: String) throws(ConfigError) -> Bool {
        let text = try scalar(node, key, expected: "true or false")
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(node, key: key, "expected true or false, got '\(text)'")
        }
    }

    /// `250ms`, `5s`, `2m`, `1h`, or a bare number of seconds.
    func duration(_ node: Node, _ key: String) throws(ConfigError) -> Duration {
        let text = try scalar(node, key, expected: "a duration like 5s")
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, milliseconds) in units where text.hasSuffix(suffix) {
            if let count = Int64(text.dropLast(suffix.count)), count > 0 {
                return .milliseconds(count * milliseconds)
            }
        }
        if let seconds = Int64(text), seconds > 0 { return .seconds(seconds) }
        throw error(node, key: key, "expected a positive duration like 250ms, 5s, 2m or 1h, got '\(text)'")
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ key: String) throws(ConfigError) -> T where T.RawValue == String {
        let text = try scalar(node, key, expected: "a string")
        guard let value = T(rawValue: text) else {
            throw error(node, key: key, "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
        }
        return value
    }

    func strings(_ node: Node, _ key: String) throws(ConfigError) -> [String] {
        guard case .sequence(let sequence) = node else {
            if node.null != nil { return [] }
            throw error(node, key: key, "expected a list of strings, like [\"token-1\"]")
        }
        var values: [String] = []
        for item in sequence { values.append(try string(item, key)) }
        return values
    }

    func properties(_ node: Node, _ key: String) throws(ConfigError) -> [String: String] {
        guard let mapping = node.mapping else {
            if node.null != nil { return [:] }
            throw error(node, key: key, "expected a mapping of librdkafka properties, like {\"compression.type\": lz4}")
        }
        var values: [String: String] = [:]
        for (name, value) in mapping {
            let property = try scalar(name, key, expected: "a property name")
            values[property] = try scalar(value, "\(key).\(property)", expected: "a string value")
        }
        return values
    }
}
