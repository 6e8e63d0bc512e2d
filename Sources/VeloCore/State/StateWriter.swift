/// A compact binary encoding of state: aggregate accumulators, group keys, window contents.
///
/// No Foundation and no Codable: it runs on the hot path (a group key is encoded per record).
/// The format is stable across versions; callers that persist structures put their own format
/// version byte first. Layout, all little-endian:
///
/// | write              | bytes                                                            |
/// |--------------------|------------------------------------------------------------------|
/// | `Int64`            | 8 bytes, two's complement (fixed width: fast, and no branches)   |
/// | `Double`           | 8 bytes, the IEEE bit pattern (NaN payloads and -0.0 kept)       |
/// | `Bool`             | 1 byte, 0 or 1                                                   |
/// | byte               | 1 byte, as is (`writeByte`)                                      |
/// | count              | unsigned LEB128 varint (7 bits a byte, low bits first), ≤ Int.max |
/// | `String`           | count of UTF-8 bytes, then the bytes                             |
/// | `[UInt8]`          | count, then the bytes                                            |
/// | `Value`            | a tag byte (`StateValueTag`), then the payload below             |
///
/// Value payloads: null, false, true: none · int, timestamp, interval: Int64 · double: Double ·
/// date: 4 bytes (Int32) · string: String · decimal: the scale as a zigzag varint, then the Int128
/// significand as a zigzag LEB128 varint (exact: `1.50` keeps scale 2, so it encodes differently from
/// `1.5` although they compare equal) · array: count, then the elements · map and struct: count, then
/// per entry the key (String) and the value.
///
/// As a group key the encoding is exact, not canonical: values that SQL calls equal but that are
/// spelled differently (DECIMAL 1.5 and 1.50, DOUBLE 0.0 and -0.0) encode differently, and every NaN
/// keeps its payload. Normalise such keys first when they must land in one group.
public struct StateWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init() {
        bytes = []
        bytes.reserveCapacity(64)
    }

    /// A writer whose buffer holds `capacity` bytes before it grows.
    public init(reservingCapacity capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Empties the buffer but keeps its storage, so one writer can encode many keys without allocating.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    // MARK: - Primitives

    public mutating func write(_ integer: Int64) {
        withUnsafeBytes(of: integer.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ double: Double) {
        withUnsafeBytes(of: double.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// One raw byte (format versions, kind tags); `StateReader.readByte` reads it back.
    public mutating func writeByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    public mutating func write(_ flag: Bool) {
        bytes.append(flag ? 1 : 0)
    }

    public mutating func write(_ string: String) {
        var string = string
        // withUTF8 is a direct copy for native strings (bridged ones are made contiguous first).
        string.withUTF8 { utf8 in
            writeCount(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func write(_ bytes: [UInt8]) {
        writeCount(bytes.count)
        self.bytes.append(contentsOf: bytes)
    }

    /// A non-negative length as an unsigned LEB128 varint (one byte below 128). A negative count is a
    /// caller bug; it is written as 0 rather than trapping, so the stream stays readable.
    public mutating func writeCount(_ count: Int) {
        var rest = UInt64(clamping: max(count, 0))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    // MARK: - Values

    public mutating func write(_ value: Value) {
        switch value {
        case .null:
            bytes.append(StateValueTag.null)
        case .boolean(let flag):
            bytes.append(flag ? StateValueTag.true : StateValueTag.false)
        case .int(let x):
            bytes.append(StateValueTag.int)
            write(x)
        case .double(let x):
            bytes.append(StateValueTag.double)
            write(x)
        case .decimal(let x):
            bytes.append(StateValueTag.decimal)
            writeZigZag(Int128(x.scale))
            writeZigZag(x.significand)
        case .string(let s):
            bytes.append(StateValueTag.string)
            write(s)
        case .timestamp(let ms):
            bytes.append(StateValueTag.timestamp)
            write(ms)
        case .date(let days):
            bytes.append(StateValueTag.date)
            withUnsafeBytes(of: days.littleEndian) { bytes.append(contentsOf: $0) }
        case .interval(let ms):
            bytes.append(StateValueTag.interval)
            write(ms)
        case .array(let elements):
            bytes.append(StateValueTag.array)
            writeCount(elements.count)
            for element in elements { write(element) }
        case .map(let entries):
            bytes.append(StateValueTag.map)
            writeEntries(entries)
        case .struct(let entries):
            bytes.append(StateValueTag.struct)
            writeEntries(entries)
        }
    }

    private mutating func writeEntries(_ entries: [Value.MapEntry]) {
        writeCount(entries.count)
        for entry in entries {
            write(entry.key)
            write(entry.value)
        }
    }

    /// Zigzag (0, -1, 1, -2 … → 0, 1, 2, 3 …) then LEB128: small magnitudes of either sign stay short.
    private mutating func writeZigZag(_ value: Int128) {
        var rest = UInt128(bitPattern: (value << 1) ^ (value >> 127))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }
}

/// The first byte of an encoded `Value`. Never renumber: persisted state depends on these.
enum StateValueTag {
    static let null: UInt8 = 0
    static let `false`: UInt8 = 1
    static let `true`: UInt8 = 2
    static let int: UInt8 = 3
    static let double: UInt8 = 4
    static let decimal: UInt8 = 5
    static let string: UInt8 = 6
    static let timestamp: UInt8 = 7
    static let date: UInt8 = 8
    static let interval: UInt8 = 9
    static let array: UInt8 = 10
    static let map: UInt8 = 11
    static let `struct`: UInt8 = 12
}
