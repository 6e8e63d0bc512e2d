/// A configuration problem: which file, where in it, which key, and what is wrong. The server does not
/// start with one.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var source: String
    public var line: Int?
    public var column: Int?
    public var key: String?
    public var message: String

    public init(source: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var place = source
        if let line { place += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        return "\(place): " + (key.map { "\($0): " } ?? "") + message
    }
}
