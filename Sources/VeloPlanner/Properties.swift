import VeloCore
import VeloSQL

/// WITH properties of one stream or table, with the Rust-Velostream spellings folded in:
/// `'orders.type' = 'kafka_source'`, `'orders.topic'`, `'orders.format'`, `'orders.path'` name the
/// same settings as `connector`, `topic`, `format`, `path` (PRODUCT.md §3.3).
struct Properties {
    private(set) var values: [String: (text: String, span: SourceSpan)] = [:]

    enum Role {
        case source
        case sink
    }

    /// The properties that configure `owner` in this WITH list. Prefixed Rust-Velostream keys
    /// (`'<prefix>.type'`, `.topic`, `.format`, `.path`, `.config_file`) apply when the prefix is the
    /// owner's name, or, for a sink, when `'<prefix>.type'` says `kafka_sink`/`file_sink` (a job has
    /// one sink, whatever its prefix is called); keys prefixed for another owner are left to it.
    /// With `prefixedOnly`, plain keys are left out (except `errors`): a CREATE … AS's WITH describes
    /// its sink, and reaches a source only through keys prefixed with the source's name.
    init(_ properties: [Property], owner: String, role: Role, prefixedOnly: Bool = false) {
        var typed: [String: String] = [:]
        for property in properties {
            guard property.key.hasSuffix(".type"), case .string(let value) = property.value,
                  ["kafka_source", "kafka_sink", "file_source", "file_sink"].contains(value) else { continue }
            typed[String(property.key.dropLast(5))] = value
        }
        for property in properties {
            let text = Self.text(property.value)
            guard let dot = property.key.lastIndex(of: "."),
                  case let prefix = String(property.key[..<dot]), let type = typed[prefix] else {
                if !prefixedOnly || property.key == "errors" { values[property.key] = (text, property.span) }
                continue
            }
            let suffix = String(property.key[property.key.index(after: dot)...])
            let mine = prefix == owner || (role == .sink && type.hasSuffix("_sink"))
            guard mine, Self.prefixedKeys.contains(suffix) else { continue }
            if suffix == "type" {
                values["connector"] = (type.hasPrefix("file") ? "file" : "kafka", property.span)
            } else {
                values[suffix] = (text, property.span)
            }
        }
    }

    /// Keys that Rust-Velostream writes with a `<name>.` prefix.
    static let prefixedKeys: Set<String> = ["type", "topic", "format", "path", "config_file"]

    /// Properties the engine reads itself; everything else goes to librdkafka.
    static let engineKeys: Set<String> = [
        "connector", "topic", "path", "format", "key", "partitions", "replicas", "timestamp", "watermark.delay",
        "watermark.idle", "auto.offset.reset", "processing.guarantee", "errors", "dlq.topic", "velo.type", "config_file",
    ]

    subscript(key: String) -> String? { values[key]?.text }

    func span(_ key: String) -> SourceSpan? { values[key]?.span }

    /// The librdkafka pass-through properties.
    var clientProperties: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in values where !Self.engineKeys.contains(key) { result[key] = value.text }
        return result
    }

    static func text(_ literal: Literal) -> String {
        switch literal {
        case .string(let text), .integer(let text), .decimal(let text): text
        case .boolean(let value): value ? "true" : "false"
        case .interval(let value, let unit, _): "\(TypeConversion.milliseconds(value, unit))ms"
        case .timestamp(let text), .date(let text): text
        case .null: ""
        }
    }
}
