/// Where a syntax node came from. Two trees are equal when they say the same thing, wherever it was
/// written, so the span takes no part in `==` or hashing; that is what lets a test check
/// `parse(print(parse(s))) == parse(s)`.
@propertyWrapper
public struct NotCompared<Value: Sendable>: Sendable, Hashable {
    public var wrappedValue: Value

    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

extension SourceSpan {
    /// The span from the start of `self` to the end of `other`.
    func through(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: start, end: other.end)
    }

    public static let none = SourceSpan(start: SourceLocation(line: 0, column: 0, offset: 0), end: SourceLocation(line: 0, column: 0, offset: 0))
}
