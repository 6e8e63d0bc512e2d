/// A record's headers: an ordered list of name/value pairs in which a name may repeat, as in Kafka.
/// A value may be `nil` (a header with a name only).
public struct Headers: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: [UInt8]?

        public init(name: String, value: [UInt8]?) {
            self.name = name
            self.value = value
        }

        /// The value as UTF-8 text (invalid bytes are replaced).
        public var stringValue: String? { value.map { String(decoding: $0, as: UTF8.self) } }
    }

    public private(set) var entries: [Header]

    public init(_ entries: [Header] = []) {
        self.entries = entries
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        entries = elements.map { Header(name: $0.0, value: Array($0.1.utf8)) }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public mutating func append(_ name: String, _ value: [UInt8]?) {
        entries.append(Header(name: name, value: value))
    }

    public mutating func append(_ name: String, _ value: String) {
        append(name, Array(value.utf8))
    }

    /// Removes every header of this name.
    public mutating func remove(_ name: String) {
        entries.removeAll { $0.name == name }
    }

    /// The last value of the header with this name (Kafka's `lastHeader`), as text.
    public subscript(name: String) -> String? {
        entries.last { $0.name == name }?.stringValue
    }

    /// The last raw value of the header with this name.
    public func bytes(_ name: String) -> [UInt8]? {
        entries.last { $0.name == name }?.value
    }

    /// Every value of the header with this name, in order.
    public func all(_ name: String) -> [[UInt8]?] {
        entries.filter { $0.name == name }.map(\.value)
    }

    public func makeIterator() -> IndexingIterator<[Header]> { entries.makeIterator() }

    public var description: String {
        "[" + entries.map { "\($0.name)=\($0.stringValue ?? "null")" }.joined(separator: ", ") + "]"
    }
}
