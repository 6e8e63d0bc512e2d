// SQL semantics over `Value` (PRODUCT.md §3.2): a value that cannot be produced becomes NULL and the
// `EvaluationContext` counts an expression error; nothing here throws.

/// A compiled LIKE pattern: `%` matches any run of characters (including none), `_` exactly one, every
/// other character itself; case-sensitive; no ESCAPE. Characters are Unicode scalars (as LENGTH counts).
/// Matching is the two-pointer wildcard algorithm: it backtracks only to the last `%`, so it runs in
/// O(text × pattern) at worst, never exponentially.
public struct LikePattern: Sendable, Hashable {
    private enum Token: Sendable, Hashable {
        case literal(Unicode.Scalar)
        case one
        case anyRun
    }

    public let pattern: String
    private let tokens: [Token]
    /// The whole pattern when it has no wildcards (plain equality).
    private let literal: String?

    public init(pattern: String) {
        self.pattern = pattern
        var tokens: [Token] = []
        for scalar in pattern.unicodeScalars {
            switch scalar {
            case "%":
                // `%%` means the same as `%`; collapsing keeps the backtracking simple.
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "_":
                tokens.append(.one)
            default:
                tokens.append(.literal(scalar))
            }
        }
        self.tokens = tokens
        self.literal = tokens.contains { $0 == .one || $0 == .anyRun } ? nil : pattern
    }

    public func matches(_ s: String) -> Bool {
        if let literal { return s.unicodeScalars.elementsEqual(literal.unicodeScalars) }
        let text = s.unicodeScalars
        var t = text.startIndex
        var p = 0
        // The last `%` seen and where in the text its run currently ends.
        var star: Int?
        var starText = t
        while t < text.endIndex {
            if p < tokens.count {
                switch tokens[p] {
                case .anyRun:
                    star = p
                    starText = t
                    p += 1
                    continue
                case .one:
                    p += 1
                    t = text.index(after: t)
                    continue
                case .literal(let scalar) where scalar == text[t]:
                    p += 1
                    t = text.index(after: t)
                    continue
                default:
                    break
                }
            }
            guard let star else { return false }
            // Let the last `%` swallow one more character and retry the rest of the pattern.
            p = star + 1
            starText = text.index(after: starText)
            t = starText
        }
        while p < tokens.count, tokens[p] == .anyRun { p += 1 }
        return p == tokens.count
    }
}
