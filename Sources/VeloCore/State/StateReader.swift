/// Reads what `StateWriter` wrote, in the same order. Every read checks the bytes it needs and throws
/// `StateFormatError` (with the byte offset) on truncated or malformed input; nothing here traps, and
/// a garbage length cannot make it allocate more than the input's size (see `readCount`).
public struct StateReader: Sendable {
    /// Containers nested deeper than this are rejected, so garbage cannot exhaust the stack. It is
    /// above `JSONReader.maxDepth`, so every value read from JSON reads back.
    public static let maxDepth = 1024

    private let bytes: [UInt8]
    /// The next byte to read.
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
    }

    public var isAtEnd: Bool { offset >= bytes.count }

    /// Bytes not read yet.
    public var remaining: Int { bytes.count - offset }

    // MARK: - Primitives

    public mutating func readInt64() throws(StateFormatError) -> Int64 {
        Int64(bitPattern: try readUInt64("Int64"))
    }

    public mutating func readDouble() throws(StateFormatError) -> Double {
        Double(bitPattern: try readUInt64("Double"))
    }

    /// One raw byte, as `StateWriter.writeByte` wrote it.
    public mutating func readByte() throws(StateFormatError) -> UInt8 {
        try readByte("byte")
    }

    public mutating func readBool() throws(StateFormatError) -> Bool {
        let start = offset
        switch try readByte("Bool") {
        case 0: return false
        case 1: return true
        case let byte: throw StateFormatError("invalid Bool byte \(byte)", offset: start)
        }
    }

    public mutating func readString() throws(StateFormatError) -> String {
        let count = try readLength("string")
        let start = offset
        let string = bytes.withUnsafeBufferPointer { buffer in
            String(validating: UnsafeBufferPointer(rebasing: buffer[start..<start + count]), as: UTF8.self)
        }
        guard let string else { throw StateFormatError("invalid UTF-8 in a string of \(count) bytes", offset: start) }
        offset += count
        return string
    }

    public mutating func readBytes() throws(StateFormatError) -> [UInt8] {
        let count = try readLength("byte array")
        let result = Array(bytes[offset..<offset + count])
        offset += count
        return result
    }

    /// A non-negative count as `writeCount` wrote it (any value up to `Int.max`). It is not checked
    /// against the input's size, because a count need not be followed by that many bytes; a caller
    /// that reserves storage for the items must cap it, e.g. at `min(count, remaining)`, or garbage
    /// input could ask for terabytes.
    public mutating func readCount() throws(StateFormatError) -> Int {
        Int(try readVarint("count", maxBits: 63))
    }

    /// A count of items that each take at least one byte: fails here, before anything is reserved,
    /// when there are fewer bytes left than that.
    private mutating func readLength(_ what: StaticString) throws(StateFormatError) -> Int {
        let start = offset
        let count = try readCount()
        guard count <= remaining else {
            throw StateFormatError("\(what) of \(count) items exceeds the \(remaining) bytes left", offset: start)
        }
        return count
    }

    // MARK: - Values

    public mutating func readValue() throws(StateFormatError) -> Value {
        try readValue(depth: 0)
    }

    private mutating func readValue(depth: Int) throws(StateFormatError) -> Value {
        let start = offset
        let tag = try readByte("Value tag")
        switch tag {
        case StateValueTag.null:
            return .null
        case StateValueTag.false:
            return .boolean(false)
        case StateValueTag.true:
            return .boolean(true)
        case StateValueTag.int:
            return .int(try readInt64())
        case StateValueTag.double:
            return .double(try readDouble())
        case StateValueTag.decimal:
            let scaleStart = offset
            let scale = try readZigZag("decimal scale")
            guard let intScale = Int(exactly: scale) else {
                throw StateFormatError("decimal scale \(scale) out of range", offset: scaleStart)
            }
            return .decimal(SQLDecimal(significand: try readZigZag("decimal significand"), scale: intScale))
        case StateValueTag.string:
            return .string(try readString())
        case StateValueTag.timestamp:
            return .timestamp(try readInt64())
        case StateValueTag.date:
            return .date(try readInt32("date"))
        case StateValueTag.interval:
            return .interval(try readInt64())
        case StateValueTag.array, StateValueTag.map, StateValueTag.struct:
            guard depth < Self.maxDepth else {
                throw StateFormatError("values nested deeper than \(Self.maxDepth)", offset: start)
            }
            let count = try readLength("container")
            if tag == StateValueTag.array {
                var elements: [Value] = []
                elements.reserveCapacity(count)
                for _ in 0..<count { elements.append(try readValue(depth: depth + 1)) }
                return .array(elements)
            }
            var entries: [Value.MapEntry] = []
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let key = try readString()
                entries.append(Value.MapEntry(key, try readValue(depth: depth + 1)))
            }
            return tag == StateValueTag.map ? .map(entries) : .struct(entries)
        default:
            throw StateFormatError("unknown value tag \(tag)", offset: start)
        }
    }

    // MARK: - Helpers

    private mutating func readByte(_ what: StaticString) throws(StateFormatError) -> UInt8 {
        guard offset < bytes.count else { throw StateFormatError("truncated \(what): no bytes left", offset: offset) }
        let byte = bytes[offset]
        offset += 1
        return byte
    }

    private mutating func readUInt64(_ what: StaticString) throws(StateFormatError) -> UInt64 {
        guard remaining >= 8 else {
            throw StateFormatError("truncated \(what): needs 8 bytes, \(remaining) left", offset: offset)
        }
        let start = offset
        let raw = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: UInt64.self) }
        offset += 8
        return UInt64(littleEndian: raw)
    }

    private mutating func readInt32(_ what: StaticString) throws(StateFormatError) -> Int32 {
        guard remaining >= 4 else {
            throw StateFormatError("truncated \(what): needs 4 bytes, \(remaining) left", offset: offset)
        }
        let start = offset
        let raw = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: UInt32.self) }
        offset += 4
        return Int32(bitPattern: UInt32(littleEndian: raw))
    }

    /// An unsigned LEB128 varint of at most `maxBits` bits (63 for counts, 128 for zigzag Int128).
    private mutating func readVarint(_ what: StaticString, maxBits: Int) throws(StateFormatError) -> UInt128 {
        let start = offset
        var result: UInt128 = 0
        var shift = 0
        while true {
            guard offset < bytes.count else {
                throw StateFormatError("truncated \(what) varint", offset: offset)
            }
            let byte = bytes[offset]
            offset += 1
            let payload = UInt128(byte & 0x7F)
            // The last byte may only carry the bits that are left.
            guard shift < maxBits, shift + 7 <= maxBits || payload >> (maxBits - shift) == 0 else {
                throw StateFormatError("\(what) varint longer than \(maxBits) bits", offset: start)
            }
            result |= payload << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func readZigZag(_ what: StaticString) throws(StateFormatError) -> Int128 {
        let raw = try readVarint(what, maxBits: 128)
        return Int128(bitPattern: raw >> 1) ^ -Int128(bitPattern: raw & 1)
    }
}
