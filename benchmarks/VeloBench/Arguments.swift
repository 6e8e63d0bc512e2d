/// A wrong command line: the message is printed with the usage text, and the exit status is 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Reads `--name value` and `--name=value` options in order; each suite asks for the ones it knows.
struct Arguments {
    private var remaining: [String]

    init(_ arguments: [String]) {
        remaining = arguments
    }

    /// The next option name and its value, or nil at the end. `--flag` alone (no `=`, followed by
    /// nothing or by another option) has no value.
    mutating func next() throws(UsageError) -> (name: String, value: String?)? {
        guard let first = remaining.first else { return nil }
        remaining.removeFirst()
        guard first.hasPrefix("--"), first.count > 2 else {
            throw UsageError("unexpected argument '\(first)'")
        }
        if let equals = first.firstIndex(of: "=") {
            return (String(first[..<equals]), String(first[first.index(after: equals)...]))
        }
        if let value = remaining.first, !value.hasPrefix("--") {
            remaining.removeFirst()
            return (first, value)
        }
        return (first, nil)
    }

    static func required(_ value: String?, for name: String) throws(UsageError) -> String {
        guard let value, !value.isEmpty else { throw UsageError("\(name) needs a value") }
        return value
    }

    /// A whole number ≥ `minimum`; `_` and `,` separators are allowed (`1_000_000`, `1,000,000`).
    static func integer(_ value: String?, for name: String, minimum: Int) throws(UsageError) -> Int {
        let text = try required(value, for: name).filter { $0 != "_" && $0 != "," }
        guard let number = Int(text), number >= minimum else {
            throw UsageError("\(name) needs a whole number ≥ \(minimum), got '\(value ?? "")'")
        }
        return number
    }

    static func decimal(_ value: String?, for name: String, minimum: Double) throws(UsageError) -> Double {
        let text = try required(value, for: name)
        guard let number = Double(text), number.isFinite, number >= minimum else {
            throw UsageError("\(name) needs a number ≥ \(minimum), got '\(text)'")
        }
        return number
    }

    /// `key=value`, as for librdkafka properties.
    static func keyValue(_ value: String?, for name: String) throws(UsageError) -> (String, String) {
        let text = try required(value, for: name)
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw UsageError("\(name) needs key=value, got '\(text)'")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}
