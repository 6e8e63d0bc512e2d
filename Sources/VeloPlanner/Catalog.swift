import VeloCore
import VeloSQL

/// The streams and tables a script (or the server) has declared. A FROM name that is not declared
/// is read as the Kafka topic of that name, JSON, schema-less (PRODUCT.md §3.3).
public struct Catalog: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var isTable: Bool
        /// Declared columns; nil for a schema-less stream (fields read from JSON by name).
        public var columns: [Schema.Column]?
        public var primaryKey: [String]
        /// The WITH properties as written (keys exactly as written).
        public var properties: [Property]
        /// Where it was declared (for errors).
        public var span: SourceSpan

        public init(name: String, isTable: Bool, columns: [Schema.Column]?, primaryKey: [String] = [], properties: [Property], span: SourceSpan) {
            self.name = name
            self.isTable = isTable
            self.columns = columns
            self.primaryKey = primaryKey
            self.properties = properties
            self.span = span
        }
    }

    public private(set) var entries: [String: Entry] = [:]

    public init() {}

    public func lookup(_ name: String) -> Entry? {
        entries[name]
    }

    /// Adds or replaces a declaration.
    public mutating func declare(_ entry: Entry) {
        entries[entry.name] = entry
    }

    public var names: [String] { entries.keys.sorted() }
}

extension Catalog.Entry {
    /// Where a declaration reads, resolved as a source would (Rust spellings included), for listings.
    public var resolvedSource: (connector: String, topic: String, path: String?, format: String) {
        let resolved = Properties(properties, owner: name, role: .source)
        return (resolved["connector"] ?? "kafka", resolved["topic"] ?? name, resolved["path"], resolved["format"] ?? "json")
    }
}
