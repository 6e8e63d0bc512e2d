/// A malformed document, or a field that does not convert to its declared type.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Bytes that are not JSON.
        case syntax
        /// The input ends inside the document.
        case truncated
        /// Nesting deeper than `JSONReader.maxDepth`.
        case tooDeep
        /// Bytes after the document.
        case trailingData
        /// A field's value does not convert to its target.
        case conversion
    }

    public var kind: Kind
    /// Byte offset where the problem was found.
    public var offset: Int
    /// What went wrong, without the offset or field.
    public var message: String
    /// The selected field, for conversion errors.
    public var field: String?

    public init(kind: Kind, offset: Int, message: String, field: String? = nil) {
        self.kind = kind
        self.offset = offset
        self.message = message
        self.field = field
    }

    public var description: String {
        switch kind {
        case .conversion: "field \(field ?? "?"): \(message)"
        case .truncated: "truncated JSON (\(message) at byte \(offset))"
        default: "\(message) at byte \(offset)"
        }
    }
}
