/// Byte-level JSON reading (RFC 8259) straight into `Value`s, with no Foundation in the path.
///
/// Two entry points: `parse` reads a whole document; `readObject` scans a record's top-level object
/// and materialises only the fields a source asked for, converted to their declared types, skipping
/// everything else without allocating. Any byte input gives a value or a `JSONError`, never a crash:
/// every read is bounds-checked, nesting is limited to `maxDepth`, and containers are read with an
/// explicit stack (no recursion), so hostile input cannot exhaust the thread's stack.
public enum JSONReader {
    /// Deepest nesting of arrays and objects accepted.
    public static let maxDepth = 512

    /// Parses one JSON document (trailing bytes other than whitespace are an error).
    public static func parse(_ bytes: UnsafeRawBufferPointer, numbers: JSONNumberMode = .double) throws(JSONError) -> Value {
        try withScanner(bytes, numbers: numbers) { (scanner) throws(JSONError) -> Value in
            scanner.skipWhitespace()
            let value = try scanner.parseValue(depth: 0)
            try scanner.expectEnd()
            return value
        }
    }

    /// Parses one JSON document from a byte array.
    public static func parse(_ bytes: [UInt8], numbers: JSONNumberMode = .double) throws(JSONError) -> Value {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONError) -> Value in
            try parse(UnsafeRawBufferPointer(buffer), numbers: numbers)
        }
    }

    /// Parses one JSON document from text.
    public static func parse(_ text: String, numbers: JSONNumberMode = .double) throws(JSONError) -> Value {
        try parse(Array(text.utf8), numbers: numbers)
    }

    /// Scans a top-level JSON object and writes each selected field, converted to its target, into
    /// `values[slot]` (slot = the field's index in the selector; the whole object, when asked for, at
    /// `wholeObjectSlot`). Missing fields and JSON nulls become `.null`; other slots are untouched;
    /// `values` grows to `slotCount` if shorter. The last of duplicate keys wins.
    public static func readObject(_ bytes: UnsafeRawBufferPointer, fields selector: FieldSelector, into values: inout [Value]) throws(JSONError) {
        if values.count < selector.slotCount {
            values.append(contentsOf: repeatElement(Value.null, count: selector.slotCount - values.count))
        }
        for slot in 0..<selector.slotCount { values[slot] = .null }
        try withScanner(bytes, numbers: selector.numbers) { (scanner) throws(JSONError) in
            try scanner.readObject(selector, into: &values)
            try scanner.expectEnd()
        }
    }

    /// `readObject` over a byte array.
    public static func readObject(_ bytes: [UInt8], fields selector: FieldSelector, into values: inout [Value]) throws(JSONError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONError) in
            try readObject(UnsafeRawBufferPointer(buffer), fields: selector, into: &values)
        }
    }

    private static func withScanner<R>(
        _ bytes: UnsafeRawBufferPointer,
        numbers: JSONNumberMode,
        _ body: (inout JSONScanner) throws(JSONError) -> R
    ) throws(JSONError) -> R {
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONError(kind: .truncated, offset: 0, message: "input ends")
        }
        var scanner = JSONScanner(base.assumingMemoryBound(to: UInt8.self), count: bytes.count, numbers: numbers)
        return try body(&scanner)
    }
}

/// How `parse` (and `.any` fields) represent numbers with a fraction or exponent, or integers
/// beyond Int64.
public enum JSONNumberMode: Sendable, Hashable {
    /// As `.double`.
    case double
    /// As an exact `.decimal` when it fits 38 digits, else `.double`.
    case decimal
}

/// What a selected field is converted to: one case per kind of declared column.
public enum JSONTarget: Sendable, Hashable {
    /// Whatever the JSON holds (objects → `.struct`, arrays → `.array`).
    case any
    /// `true` / `false` only.
    case boolean
    /// An integral JSON number that fits Int64 (3, 3.0, 1e3); a string is an error.
    case int
    /// Any JSON number.
    case double
    /// A number, or a string holding one, read exactly from its text; rounded half away from zero
    /// to `scale` when one is given.
    case decimal(scale: Int?)
    /// A string; numbers and booleans as their JSON text, objects and arrays as their raw JSON.
    case string
    /// A number as epoch milliseconds, or an ISO-8601 string ("2024-01-01T00:00:00Z"; no zone = UTC).
    case timestamp
    /// A "YYYY-MM-DD" string (or an ISO timestamp: its UTC day), or an integer count of days.
    case date

    /// The target for a declared column type (INTERVAL, ANY and nested types read as `.any`).
    public init(_ type: SQLType) {
        switch type {
        case .boolean: self = .boolean
        case .int, .bigint: self = .int
        case .double: self = .double
        case .decimal(_, let scale): self = .decimal(scale: scale)
        case .string: self = .string
        case .timestamp: self = .timestamp
        case .date: self = .date
        case .interval, .array, .map, .struct, .any: self = .any
        }
    }

    /// The SQL name used in conversion errors.
    public var typeName: String {
        switch self {
        case .any: "ANY"
        case .boolean: "BOOLEAN"
        case .int: "INT"
        case .double: "DOUBLE"
        case .decimal: "DECIMAL"
        case .string: "STRING"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        }
    }
}

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

/// The top-level fields one source reads, built once per source; matches key bytes without
/// making a String per key.
public struct FieldSelector: Sendable {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var target: JSONTarget

        public init(name: String, target: JSONTarget) {
            self.name = name
            self.target = target
        }
    }

    /// The selected fields; field `k` is written to slot `k`.
    public let fields: [Field]
    /// Slot of the whole object as one `.struct` (`fields.count`), nil when not asked for.
    public let wholeObjectSlot: Int?
    /// Number representation for `.any` fields and the whole object.
    public let numbers: JSONNumberMode

    /// The fields' targets (kept apart so reading one retains nothing).
    let targets: [JSONTarget]
    /// Name bytes of all fields back to back; field `k` is `nameBytes[nameStarts[k]..<nameStarts[k + 1]]`.
    let nameBytes: [UInt8]
    let nameStarts: [Int]
    /// Open-addressing hash table of field indexes (-1 = empty), size a power of two.
    let table: [Int]
    /// The next field with the same name (-1 = none), when one name is selected twice.
    let sameName: [Int]

    /// Slots written: the fields, plus one for the whole object when asked for.
    public var slotCount: Int { fields.count + (wholeObjectSlot == nil ? 0 : 1) }

    public init(fields: [Field], wholeObject: Bool = false, numbers: JSONNumberMode = .double) {
        self.fields = fields
        self.wholeObjectSlot = wholeObject ? fields.count : nil
        self.numbers = numbers
        targets = fields.map(\.target)
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        for field in fields {
            bytes.append(contentsOf: field.name.utf8)
            starts.append(bytes.count)
        }
        nameBytes = bytes
        nameStarts = starts
        var size = 8
        while size < fields.count * 2 { size *= 2 }
        var table = [Int](repeating: -1, count: size)
        var sameName = [Int](repeating: -1, count: fields.count)
        var lastWithName: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            if let previous = lastWithName[field.name] {
                sameName[previous] = index
            } else {
                let length = starts[index + 1] - starts[index]
                var slot = bytes.withUnsafeBufferPointer { buffer in
                    FieldSelector.hash(buffer.baseAddress.map { $0 + starts[index] }, length)
                } & (size - 1)
                while table[slot] >= 0 { slot = (slot + 1) & (size - 1) }
                table[slot] = index
            }
            lastWithName[field.name] = index
        }
        self.table = table
        self.sameName = sameName
    }

    /// Convenience: fields as (name, target) pairs.
    public init(fields: [(name: String, target: JSONTarget)], wholeObject: Bool = false, numbers: JSONNumberMode = .double) {
        self.init(fields: fields.map { Field(name: $0.name, target: $0.target) }, wholeObject: wholeObject, numbers: numbers)
    }

    /// The index of the first field named by `length` bytes at `key`, or -1.
    @inline(__always)
    func lookup(_ key: UnsafePointer<UInt8>, _ length: Int) -> Int {
        let mask = table.count - 1
        var slot = FieldSelector.hash(key, length) & mask
        return nameBytes.withUnsafeBufferPointer { names in
            while true {
                let index = table[slot]
                if index < 0 { return -1 }
                let start = nameStarts[index]
                if nameStarts[index + 1] - start == length {
                    if length == 0 { return index }
                    if let base = names.baseAddress, FieldSelector.equal(key, base + start, length) { return index }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Length and three sampled bytes: cheap, and enough to tell typical field names apart.
    @inline(__always)
    static func hash(_ key: UnsafePointer<UInt8>?, _ length: Int) -> Int {
        var h = UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15
        if let key, length > 0 {
            h ^= UInt64(key[0]) | UInt64(key[length - 1]) << 8 | UInt64(key[length >> 1]) << 16
        }
        h = (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h >> 32)
    }

    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var k = 0
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        while k + 8 <= length {
            if ra.loadUnaligned(fromByteOffset: k, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: k, as: UInt64.self) {
                return false
            }
            k += 8
        }
        while k < length {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }
}

// MARK: - Scanner

/// ASCII bytes the scanner looks for.
private enum Byte {
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
        guard i < end, p[i] == Byte.quote else { throw expected("a string key") }
        let key = try scanString()
        skipWhitespace()
        guard i < end, p[i] == Byte.colon else { throw expected("':'") }
        i += 1
        skipWhitespace()
        return key
    }

    /// Parses the value at the cursor (whitespace already skipped). `depth` is the nesting around it.
    mutating func parseValue(depth: Int) throws(JSONError) -> Value {
        guard i < end else { throw truncated() }
        let c = p[i]
        if c == Byte.openBrace || c == Byte.openBracket { return try parseContainer(depth: depth) }
        return try parseScalar()
    }

    /// One partly read array or object.
    private struct Partial {
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
    private mutating func parseContainer(depth: Int) throws(JSONError) -> Value {
        var stack: [Partial] = []
        while true {
            // The cursor is at the start of a value.
            guard i < end else { throw truncated() }
            let c = p[i]
            var value: Value
            if c == Byte.openBrace || c == Byte.openBracket {
                guard depth + stack.count < JSONReader.maxDepth else {
                    throw JSONError(kind: .tooDeep, offset: i, message: "nesting deeper than \(JSONReader.maxDepth)")
                }
                let isObject = c == Byte.openBrace
                i += 1
                stack.append(Partial(isObject: isObject))
                skipWhitespace()
                guard i < end else { throw truncated() }
                if p[i] == (isObject ? Byte.closeBrace : Byte.closeBracket) {
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
                if d == Byte.comma {
                    i += 1
                    skipWhitespace()
                    if isObject { stack[top].key = try readKey() }
                    break
                }
                guard d == (isObject ? Byte.closeBrace : Byte.closeBracket) else {
                    throw expected(isObject ? "',' or '}'" : "',' or ']'")
                }
                i += 1
                value = stack.removeLast().finish()
            }
        }
    }

    private mutating func readKey() throws(JSONError) -> String {
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
            if c == Byte.openBrace || c == Byte.openBracket {
                guard depth + level < JSONReader.maxDepth else {
                    throw JSONError(kind: .tooDeep, offset: i, message: "nesting deeper than \(JSONReader.maxDepth)")
                }
                let isObject = c == Byte.openBrace
                let bit: UInt64 = 1 << UInt64(level & 63)
                if isObject { kinds[level >> 6] |= bit } else { kinds[level >> 6] &= ~bit }
                level += 1
                i += 1
                skipWhitespace()
                guard i < end else { throw truncated() }
                if p[i] == (isObject ? Byte.closeBrace : Byte.closeBracket) {
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
                if d == Byte.comma {
                    i += 1
                    skipWhitespace()
                    if isObject { _ = try readKeyAndColon() }
                    break
                }
                guard d == (isObject ? Byte.closeBrace : Byte.closeBracket) else {
                    throw expected(isObject ? "',' or '}'" : "',' or ']'")
                }
                i += 1
                level -= 1
            }
        }
    }

    private mutating func skipScalar() throws(JSONError) {
        let c = p[i]
        switch c {
        case Byte.quote: _ = try scanString()
        case Byte.t, Byte.f, Byte.n: _ = try scanLiteral()
        case Byte.minus, Byte.zero...Byte.nine: _ = try scanNumber()
        default: throw expected("a value")
        }
    }

    // MARK: Scalars

    /// A string, number, true, false or null at the cursor.
    mutating func parseScalar() throws(JSONError) -> Value {
        guard i < end else { throw truncated() }
        switch p[i] {
        case Byte.quote:
            return .string(decodeString(try scanString()))
        case Byte.t, Byte.f, Byte.n:
            return try scanLiteral()
        case Byte.minus, Byte.zero...Byte.nine:
            return numberValue(try scanNumber())
        default:
            throw expected("a value")
        }
    }

    /// `true`, `false` or `null`.
    mutating func scanLiteral() throws(JSONError) -> Value {
        let start = i
        let (word, value): (StaticString, Value) = switch p[i] {
        case Byte.t: ("true", .boolean(true))
        case Byte.f: ("false", .boolean(false))
        default: ("null", .null)
        }
        let length = word.utf8CodeUnitCount
        let bytes = word.utf8Start
        var k = 0
        while k < length {
            guard start + k < end else { throw truncated() }
            guard p[start + k] == bytes[k] else { throw error("invalid literal", at: start) }
            k += 1
        }
        i = start + length
        return value
    }

    /// Scans a number per the JSON grammar, collecting its first 19 significant digits.
    mutating func scanNumber() throws(JSONError) -> JSONNumberToken {
        let start = i
        var token = JSONNumberToken(start: start, end: start, isInteger: true, negative: false, mantissa: 0, exponent: 0, exact: true)
        var digits = 0
        if p[i] == Byte.minus {
            token.negative = true
            i += 1
        }
        guard i < end else { throw truncated() }
        if p[i] == Byte.zero {
            i += 1
        } else if p[i] > Byte.zero && p[i] <= Byte.nine {
            while i < end, p[i] >= Byte.zero, p[i] <= Byte.nine {
                if digits < 19 {
                    token.mantissa = token.mantissa &* 10 &+ UInt64(p[i] &- Byte.zero)
                    digits += 1
                } else {
                    token.exponent += 1
                    if p[i] != Byte.zero { token.exact = false }
                }
                i += 1
            }
        } else {
            throw expected("a digit")
        }
        if i < end && p[i] == Byte.dot {
            token.isInteger = false
            i += 1
            let fractionStart = i
            while i < end, p[i] >= Byte.zero, p[i] <= Byte.nine {
                let digit = p[i] &- Byte.zero
                if digits < 19 {
                    if token.mantissa != 0 || digit != 0 { digits += 1 }
                    token.mantissa = token.mantissa &* 10 &+ UInt64(digit)
                    token.exponent -= 1
                } else if digit != 0 {
                    token.exact = false
                }
                i += 1
            }
            guard i > fractionStart else { throw expected("a digit after '.'") }
        }
        if i < end && (p[i] == Byte.lowerE || p[i] == Byte.upperE) {
            token.isInteger = false
            i += 1
            var negativeExponent = false
            if i < end && (p[i] == Byte.minus || p[i] == Byte.plus) {
                negativeExponent = p[i] == Byte.minus
                i += 1
            }
            let exponentStart = i
            var exponent = 0
            while i < end, p[i] >= Byte.zero, p[i] <= Byte.nine {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- Byte.zero) }
                i += 1
            }
            guard i > exponentStart else { throw expected("a digit in the exponent") }
            token.exponent += negativeExponent ? -exponent : exponent
        }
        token.end = i
        return token
    }

    /// The number as `.int` when integral and in range, else per the number mode.
    func numberValue(_ token: JSONNumberToken) -> Value {
        if token.isInteger, let value = integerValue(token) { return .int(value) }
        if numbers == .decimal, let decimal = decimalValue(token) { return .decimal(decimal) }
        return .double(doubleValue(token))
    }

    /// Int64 for an integer token that fits.
    func integerValue(_ token: JSONNumberToken) -> Int64? {
        guard token.isInteger, token.exact, token.exponent == 0 else { return nil }
        if token.negative {
            if token.mantissa <= UInt64(Int64.max) { return -Int64(token.mantissa) }
            return token.mantissa == UInt64(Int64.max) + 1 ? Int64.min : nil
        }
        return token.mantissa <= UInt64(Int64.max) ? Int64(token.mantissa) : nil
    }

    func decimalValue(_ token: JSONNumberToken) -> SQLDecimal? {
        SQLDecimal(utf8: UnsafeRawBufferPointer(start: p + token.start, count: token.end - token.start))
    }

    /// The nearest Double: exact arithmetic when the digits and power of ten are exact doubles
    /// (Clinger's fast path), else the standard library's correctly rounded parser.
    func doubleValue(_ token: JSONNumberToken) -> Double {
        if token.exact && token.mantissa <= 1 << 53 && token.exponent >= -22 && token.exponent <= 22 {
            var value = Double(token.mantissa)
            let power = JSONScanner.powersOf10[abs(token.exponent)]
            value = token.exponent < 0 ? value / power : value * power
            return token.negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(start: p + token.start, count: token.end - token.start), as: UTF8.self)
        return Double(text) ?? .nan
    }

    private static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    // MARK: Strings

    /// Scans the string at the cursor (on its opening quote), validating escapes, control
    /// characters and UTF-8; returns the bounds of its raw content and whether it holds escapes.
    mutating func scanString() throws(JSONError) -> (start: Int, end: Int, escaped: Bool) {
        i += 1
        let start = i
        var escaped = false
        var highBits: UInt8 = 0
        let raw = UnsafeRawPointer(p)
        while true {
            // Eight bytes at a time while none is a quote, backslash, control or non-ASCII byte.
            while i + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                let quotes = word ^ (ones &* UInt64(Byte.quote))
                let slashes = word ^ (ones &* UInt64(Byte.backslash))
                var special = (quotes &- ones) & ~quotes
                special |= (slashes &- ones) & ~slashes
                special |= (word &- ones &* 0x20) & ~word
                special |= word
                if special & highs != 0 { break }
                i += 8
            }
            guard i < end else { throw truncated() }
            let b = p[i]
            if b == Byte.quote {
                break
            } else if b == Byte.backslash {
                escaped = true
                try scanEscape()
            } else if b < 0x20 {
                throw error("unescaped control character \(Self.describeByte(b)) in string")
            } else {
                highBits |= b
                i += 1
            }
        }
        let stringEnd = i
        i += 1
        if highBits >= 0x80, let bad = JSONScanner.firstInvalidUTF8(p, from: start, to: stringEnd) {
            throw error("invalid UTF-8 in string", at: bad)
        }
        return (start, stringEnd, escaped)
    }

    /// Validates the escape at the cursor (on its backslash) and moves past it.
    private mutating func scanEscape() throws(JSONError) {
        let escapeStart = i
        i += 1
        guard i < end else { throw truncated() }
        switch p[i] {
        case Byte.quote, Byte.backslash, Byte.slash, 0x62, 0x66, 0x6E, 0x72, 0x74:  // " \ / b f n r t
            i += 1
        case Byte.u:
            i += 1
            let unit = try scanHex4()
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw error("unpaired surrogate \\u escape", at: escapeStart)
            }
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard i < end else { throw truncated() }
                guard p[i] == Byte.backslash else { throw error("unpaired surrogate \\u escape", at: escapeStart) }
                guard i + 1 < end else { throw truncated() }
                guard p[i + 1] == Byte.u else { throw error("unpaired surrogate \\u escape", at: escapeStart) }
                i += 2
                let low = try scanHex4()
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw error("unpaired surrogate \\u escape", at: escapeStart)
                }
            }
        default:
            throw error("invalid escape \\\(Self.describeByte(p[i]))", at: escapeStart)
        }
    }

    private mutating func scanHex4() throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < end else { throw truncated() }
            guard let digit = JSONScanner.hexValue(p[i]) else { throw expected("a hex digit") }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    /// The offset of the first byte of an invalid UTF-8 sequence in `from..<to`, or nil.
    static func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var k = from
        while k < to {
            let b = p[k]
            if b < 0x80 {
                k += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0  // no overlong forms
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F  // no surrogates
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F  // nothing past U+10FFFF
            default: return k
            }
            guard k + length <= to, p[k + 1] >= low, p[k + 1] <= high else { return k }
            var m = 2
            while m < length {
                guard p[k + m] & 0xC0 == 0x80 else { return k }
                m += 1
            }
            k += length
        }
        return nil
    }

    /// The text of a string scanned by `scanString` (so known valid).
    func decodeString(_ span: (start: Int, end: Int, escaped: Bool)) -> String {
        if !span.escaped {
            return String(decoding: UnsafeBufferPointer(start: p + span.start, count: span.end - span.start), as: UTF8.self)
        }
        return String(decoding: unescapedBytes(span), as: UTF8.self)
    }

    /// The bytes of a scanned string with escapes decoded.
    func unescapedBytes(_ span: (start: Int, end: Int, escaped: Bool)) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        var k = span.start
        while k < span.end {
            let b = p[k]
            guard b == Byte.backslash, k + 1 < span.end else {
                out.append(b)
                k += 1
                continue
            }
            let e = p[k + 1]
            k += 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case Byte.u:
                var scalar = hex4(at: k)
                k += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF && k + 6 <= span.end {
                    let low = hex4(at: k + 2)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    k += 6
                }
                appendUTF8(scalar, to: &out)
            default: out.append(e)  // " \ /
            }
        }
        return out
    }

    private func hex4(at k: Int) -> UInt32 {
        var value: UInt32 = 0
        for m in 0..<4 where k + m < end {
            value = value << 4 | (JSONScanner.hexValue(p[k + m]) ?? 0)
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        guard let unicode = Unicode.Scalar(scalar) else {
            out.append(contentsOf: [0xEF, 0xBF, 0xBD])  // U+FFFD; unreachable after scanString
            return
        }
        out.append(contentsOf: UTF8.encode(unicode) ?? UTF8.EncodedScalar())
    }

    // MARK: Selected fields

    /// Reads a top-level object into the selector's slots (see `JSONReader.readObject`).
    mutating func readObject(_ selector: FieldSelector, into values: inout [Value]) throws(JSONError) {
        skipWhitespace()
        guard i < end, p[i] == Byte.openBrace else { throw expected("'{' (a JSON object)") }
        i += 1
        let whole = selector.wholeObjectSlot
        var entries: [Value.MapEntry] = []
        skipWhitespace()
        guard i < end else { throw truncated() }
        if p[i] == Byte.closeBrace {
            i += 1
        } else {
            while true {
                let key = try readKeyAndColon()
                var index: Int
                if key.escaped {
                    let bytes = unescapedBytes(key)
                    index = bytes.withUnsafeBufferPointer { buffer in
                        buffer.baseAddress.map { selector.lookup($0, buffer.count) } ?? selector.lookup(p, 0)
                    }
                } else {
                    index = selector.lookup(p + key.start, key.end - key.start)
                }
                let valueStart = i
                if index >= 0 {
                    while index >= 0 {
                        i = valueStart
                        do throws(JSONError) {
                            values[index] = try readTarget(selector.targets[index])
                        } catch {
                            // The name is looked up only here: no String traffic per field read.
                            var named = error
                            if named.kind == .conversion { named.field = selector.fields[index].name }
                            throw named
                        }
                        index = selector.sameName[index]
                    }
                    if whole != nil {
                        let last = i
                        i = valueStart
                        entries.append(Value.MapEntry(decodeString(key), try parseValue(depth: 1)))
                        i = last
                    }
                } else if whole != nil {
                    entries.append(Value.MapEntry(decodeString(key), try parseValue(depth: 1)))
                } else {
                    try skipValue(depth: 1)
                }
                skipWhitespace()
                guard i < end else { throw truncated() }
                if p[i] == Byte.comma {
                    i += 1
                    skipWhitespace()
                    continue
                }
                guard p[i] == Byte.closeBrace else { throw expected("',' or '}'") }
                i += 1
                break
            }
        }
        if let whole { values[whole] = .struct(entries) }
    }

    /// Reads the value at the cursor converted to `target`.
    /// Conversion errors leave `field` for the caller to fill in.
    mutating func readTarget(_ target: JSONTarget) throws(JSONError) -> Value {
        guard i < end else { throw truncated() }
        let start = i
        let c = p[i]
        if c == Byte.n { return try scanLiteral() }
        switch target {
        case .any:
            return try parseValue(depth: 1)
        case .boolean:
            if c == Byte.t || c == Byte.f { return try scanLiteral() }
        case .int:
            if c == Byte.minus || (c >= Byte.zero && c <= Byte.nine) {
                let token = try scanNumber()
                if let value = integerValue(token) { return .int(value) }
                // 3.0 and 1e3 are integers too.
                if let decimal = decimalValue(token), decimal.rescaled(to: 0, rounding: .towardZero) == decimal,
                   let value = decimal.int64Value {
                    return .int(value)
                }
                i = start
            }
        case .double:
            if c == Byte.minus || (c >= Byte.zero && c <= Byte.nine) {
                return .double(doubleValue(try scanNumber()))
            }
        case .decimal(let scale):
            var decimal: SQLDecimal?
            if c == Byte.minus || (c >= Byte.zero && c <= Byte.nine) {
                decimal = decimalValue(try scanNumber())
            } else if c == Byte.quote {
                decimal = try withStringContent { bytes in SQLDecimal(utf8: bytes) }
            }
            if var decimal {
                if let scale {
                    guard let rescaled = decimal.rescaled(to: scale) else {
                        throw conversion(target, "number \(decimal) does not fit", at: start)
                    }
                    decimal = rescaled
                }
                return .decimal(decimal)
            }
            i = start
        case .string:
            switch c {
            case Byte.quote:
                return .string(decodeString(try scanString()))
            case Byte.t, Byte.f, Byte.minus, Byte.zero...Byte.nine:
                try skipScalar()
                return .string(String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self))
            case Byte.openBrace, Byte.openBracket:
                try skipValue(depth: 1)
                return .string(String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self))
            default:
                break
            }
        case .timestamp:
            if c == Byte.minus || (c >= Byte.zero && c <= Byte.nine) {
                let token = try scanNumber()
                if let ms = integerValue(token) { return .timestamp(ms) }
                let value = doubleValue(token)
                if value.isFinite && abs(value) < 9.2e18 { return .timestamp(Int64(value)) }
                i = start
            } else if c == Byte.quote {
                if let ms = try withStringContent({ bytes in JSONTarget.timestamp(fromText: bytes) }) {
                    return .timestamp(ms)
                }
                i = start
            }
        case .date:
            if c == Byte.minus || (c >= Byte.zero && c <= Byte.nine) {
                if let days = integerValue(try scanNumber()), let day = Int32(exactly: days) { return .date(day) }
                i = start
            } else if c == Byte.quote {
                if let days = try withStringContent({ bytes in JSONTarget.date(fromText: bytes) }) {
                    return .date(days)
                }
                i = start
            }
        }
        i = start
        let found = try describeValue()
        throw conversion(target, "found \(found)", at: start)
    }

    private func conversion(_ target: JSONTarget, _ detail: String, at offset: Int) -> JSONError {
        JSONError(kind: .conversion, offset: offset, message: "expected \(target.typeName), \(detail)")
    }

    /// Scans the string at the cursor and passes its unescaped content bytes to `body`.
    private mutating func withStringContent<R>(_ body: (UnsafeRawBufferPointer) -> R) throws(JSONError) -> R {
        let span = try scanString()
        if !span.escaped { return body(UnsafeRawBufferPointer(start: p + span.start, count: span.end - span.start)) }
        return unescapedBytes(span).withUnsafeBytes(body)
    }

    /// "string \"abc\"", "number 1.5", "boolean true", "object", "array": consumes the value.
    private mutating func describeValue() throws(JSONError) -> String {
        let start = i
        switch p[i] {
        case Byte.quote:
            var text = decodeString(try scanString())
            if text.count > 40 { text = String(text.prefix(40)) + "…" }
            return "string \"\(text)\""
        case Byte.openBrace:
            try skipValue(depth: 1)
            return "object"
        case Byte.openBracket:
            try skipValue(depth: 1)
            return "array"
        case Byte.t, Byte.f:
            return "boolean " + (try scanLiteral() == .boolean(true) ? "true" : "false")
        case Byte.minus, Byte.zero...Byte.nine:
            _ = try scanNumber()
            return "number " + String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self)
        default:
            throw expected("a value")
        }
    }
}

// MARK: - Time text

extension JSONTarget {
    /// An ISO-8601 timestamp (see `ISOTime`), or a plain signed integer as epoch milliseconds.
    static func timestamp(fromText bytes: UnsafeRawBufferPointer) -> Int64? {
        if let ms = ISOTime.parseTimestamp(bytes) { return ms }
        var k = 0
        var negative = false
        if k < bytes.count && (bytes[k] == UInt8(ascii: "-") || bytes[k] == UInt8(ascii: "+")) {
            negative = bytes[k] == UInt8(ascii: "-")
            k += 1
        }
        guard k < bytes.count else { return nil }
        var value: Int64 = 0
        while k < bytes.count {
            let b = bytes[k]
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(b - UInt8(ascii: "0")))
            guard !o1 && !o2 else { return nil }
            value = next
            k += 1
        }
        return negative ? -value : value
    }

    /// "2024-01-01", or an ISO timestamp's UTC day, as days since 1970-01-01.
    static func date(fromText bytes: UnsafeRawBufferPointer) -> Int32? {
        guard let ms = ISOTime.parseTimestamp(bytes) else { return nil }
        return Int32(exactly: ISOTime.floorDivide(ms, 86_400_000))
    }
}
