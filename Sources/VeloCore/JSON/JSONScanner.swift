// MARK: - Scanner

/// ASCII bytes the scanner looks for.
enum JSONByte {
    static let quote: UInt8 = 0x22  // "
    static let backslash: UInt8 = 0x5C
    static let slash: UInt8 = 0x2F
    static let comma: UInt8 = 0x2C
    static let colon: UInt8 = 0x3A
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D
    static let minus: UInt8 = 0x2D
    static let plus: UInt8 = 0x2B
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let lowerE: UInt8 = 0x65
    static let upperE: UInt8 = 0x45
    static let t: UInt8 = 0x74
    static let f: UInt8 = 0x66
    static let n: UInt8 = 0x6E
    static let u: UInt8 = 0x75
}

/// A number's position and what its digits say, before choosing a representation.
struct JSONNumberToken {
    var start: Int
    var end: Int
    var isInteger: Bool
    var negative: Bool
    /// Up to 19 significant digits.
    var mantissa: UInt64
    /// value = mantissa × 10^exponent when `exact`.
    var exponent: Int
    /// False when digits were dropped from `mantissa`.
    var exact: Bool
}

/// The cursor all JSON reading goes through; every read checks `i < end` first.
struct JSONScanner {
    let p: UnsafePointer<UInt8>
    let end: Int
    var i = 0
    let numbers: JSONNumberMode

    init(_ p: UnsafePointer<UInt8>, count: Int, numbers: JSONNumberMode) {
        self.p = p
        self.end = count
        self.numbers = numbers
    }

    // MARK: Errors

    func error(_ message: String, at offset: Int? = nil) -> JSONError {
        JSONError(kind: .syntax, offset: offset ?? i, message: message)
    }

    func truncated() -> JSONError {
        JSONError(kind: .truncated, offset: end, message: "input ends")
    }

    /// "expected X" at the cursor (truncated when the input ended).
    func expected(_ what: String) -> JSONError {
        if i >= end { return truncated() }
        return JSONError(kind: .syntax, offset: i, message: "expected \(what), found \(Self.describeByte(p[i]))")
    }

    static func describeByte(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }

    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() {
        while i < end {
            let b = p[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    mutating func expectEnd() throws(JSONError) {
        skipWhitespace()
        if i < end {
            throw JSONError(kind: .trailingData, offset: i, message: "unexpected \(Self.describeByte(p[i])) after the JSON document")
        }
    }

    /// After '{' or ',' in an object: a key string, ':' and whitespace; returns the key's raw bounds.
    @inline(__always)
    mutating func readKeyAndColon() throws(JSONError) -> (start: Int, end: Int, escaped: Bool) {
        guard i < end, p[i] == JSONByte.quote else { throw expected("a string key") }
        let key = try scanString()
        skipWhitespace()
        guard i < end, p[i] == JSONByte.colon else { throw expected("':'") }
        i += 1
        skipWhitespace()
        return key
    }

    /// Parses the value at the cursor (whitespace already skipped). `depth` is the nesting around it.
    mutating func parseValue(depth: Int) throws(JSONError) -> Value {
        guard i < end else { throw truncated() }
        let c = p[i]
        if c == JSONByte.openBrace || c == JSONByte.openBracket { return try parseContainer(depth: depth) }
        return try parseScalar()
    }

    /// One partly read array or object.
    struct Partial {
        var isObject: Bool
        var items: [Value] = []
        var entries: [Value.MapEntry] = []
        var key = ""

        mutating func add(_ value: Value) {
            if isObject { entries.append(Value.MapEntry(key, value)) } else { items.append(value) }
        }

        func finish() -> Value { isObject ? .struct(entries) : .array(items) }
    }

    /// Reads nested arrays and objects with an explicit stack instead of recursion.
    mutating func parseContainer(depth: Int) throws(JSONError) -> Value {
        var stack: [Partial] = []
        while true {
            // The cursor is at the start of a value.
            guard i < end else { throw truncated() }
            let c = p[i]
            var value: Value
            if c == JSONByte.openBrace || c == JSONByte.openBracket {
                guard depth + stack.count < JSONReader.maxDepth else {
                    throw JSONError(kind: .tooDeep, offset: i, message: "nesting deeper than \(JSONReader.maxDepth)")
                }
                let isObject = c == JSONByte.openBrace
                i += 1
                stack.append(Partial(isObject: isObject))
                skipWhitespace()
                guard i < end else { throw truncated() }
                if p[i] == (isObject ? JSONByte.closeBrace : JSONByte.closeBracket) {
                    i += 1
                    value = stack.removeLast().finish()
                } else {
                    if isObject { stack[stack.count - 1].key = try readKey() }
                    continue
                }
            } else {
                value = try parseScalar()
            }
            // Hand the finished value to its container, closing containers that end here.
            while true {
                guard !stack.isEmpty else { return value }
                let top = stack.count - 1
                stack[top].add(value)
                skipWhitespace()
                guard i < end else { throw truncated() }
                let isObject = stack[top].isObject
                let d = p[i]
                if d == JSONByte.comma {
                    i += 1
                    skipWhitespace()
                    if isObject { stack[top].key = try readKey() }
                    break
                }
                guard d == (isObject ? JSONByte.closeBrace : JSONByte.closeBracket) else {
                    throw expected(isObject ? "',' or '}'" : "',' or ']'")
                }
                i += 1
                value = stack.removeLast().finish()
            }
        }
    }

    mutating func readKey() throws(JSONError) -> String {
        let key = try readKeyAndColon()
        return decodeString(key)
    }

    /// Skips the value at the cursor, validating it, without allocating.
    mutating func skipValue(depth: Int) throws(JSONError) {
        // Bit k set: level k is an object. 512 bits cover maxDepth.
        var kinds = SIMD8<UInt64>(repeating: 0)
        var level = 0
        while true {
            guard i < end else { throw truncated() }
            let c = p[i]
            var closed = false
            if c == JSONByte.openBrace || c == JSONByte.openBracket {
                guard depth + level < JSONReader.maxDepth else {
                    throw JSONError(kind: .tooDeep, offset: i, message: "nesting deeper than \(JSONReader.maxDepth)")
                }
                let isObject = c == JSONByte.openBrace
                let bit: UInt64 = 1 << UInt64(level & 63)
                if isObject { kinds[level >> 6] |= bit } else { kinds[level >> 6] &= ~bit }
                level += 1
                i += 1
                skipWhitespace()
                guard i < end else { throw truncated() }
                if p[i] == (isObject ? JSONByte.closeBrace : JSONByte.closeBracket) {
                    i += 1
                    level -= 1
                    closed = true
                } else {
                    if isObject { _ = try readKeyAndColon() }
                    continue
                }
            }
            if !closed { try skipScalar() }
            while true {
                if level == 0 { return }
                let isObject = kinds[(level - 1) >> 6] & (1 << UInt64((level - 1) & 63)) != 0
                skipWhitespace()
                guard i < end else { throw truncated() }
                let d = p[i]
                if d == JSONByte.comma {
                    i += 1
                    skipWhitespace()
                    if isObject { _ = try readKeyAndColon() }
                    break
                }
                guard d == (isObject ? JSONByte.closeBrace : JSONByte.closeBracket) else {
                    throw expected(isObject ? "',' or '}'" : "',' or ']'")
                }
                i += 1
                level -= 1
            }
        }
    }

    mutating func skipScalar() throws(JSONError) {
        let c = p[i]
        switch c {
        case JSONByte.quote: _ = try scanString()
        case JSONByte.t, JSONByte.f, JSONByte.n: _ = try scanLiteral()
        case JSONByte.minus, JSONByte.zero...JSONByte.nine: _ = try scanNumber()
        default: throw expected("a value")
        }
    }
}
