/// Writes `Value`s as JSON bytes (RFC 8259), appending to a caller-owned buffer; no Foundation.
///
/// Representations: DECIMAL as a JSON number with every digit; doubles in their shortest
/// round-trip form (NaN and infinities as null); timestamps and intervals as millisecond numbers;
/// dates as "YYYY-MM-DD" strings; maps and structs as objects in their order.
public enum JSONWriter {
    /// Appends `value` as JSON.
    public static func write(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .null:
            appendNull(&out)
        case .boolean(let flag):
            if flag {
                out.append(contentsOf: [0x74, 0x72, 0x75, 0x65])  // true
            } else {
                out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])  // false
            }
        case .int(let number), .timestamp(let number), .interval(let number):
            writeInteger(number, into: &out)
        case .double(let number):
            writeDouble(number, into: &out)
        case .decimal(let decimal):
            decimal.write(to: &out)
        case .string(let text):
            writeString(text, into: &out)
        case .date(let days):
            out.append(0x22)
            appendDate(days, into: &out)
            out.append(0x22)
        case .array(let items):
            out.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x2C) }
                write(item, into: &out)
            }
            out.append(0x5D)
        case .map(let entries), .struct(let entries):
            out.append(0x7B)
            for (index, entry) in entries.enumerated() {
                if index > 0 { out.append(0x2C) }
                writeString(entry.key, into: &out)
                out.append(0x3A)
                write(entry.value, into: &out)
            }
            out.append(0x7D)
        }
    }

    /// `value` as JSON bytes.
    public static func encode(_ value: Value) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    /// An output row as a JSON object, `names[k]: values[k]` in order (the shorter list wins).
    public static func writeObject(names: [String], values: [Value], into out: inout [UInt8]) {
        out.append(0x7B)
        for index in 0..<min(names.count, values.count) {
            if index > 0 { out.append(0x2C) }
            writeString(names[index], into: &out)
            out.append(0x3A)
            write(values[index], into: &out)
        }
        out.append(0x7D)
    }

    /// An output row as a JSON object using key bytes escaped once in `layout`.
    public static func writeObject(_ layout: JSONObjectLayout, values: [Value], into out: inout [UInt8]) {
        let count = min(layout.names.count, values.count)
        if count == 0 {
            out.append(contentsOf: [0x7B, 0x7D])
            return
        }
        // One flat buffer of prefixes: no per-key array to retain.
        layout.prefixBytes.withUnsafeBufferPointer { prefixes in
            var start = 0
            for index in 0..<count {
                let end = layout.prefixEnds[index]
                out.append(contentsOf: UnsafeBufferPointer(rebasing: prefixes[start..<end]))
                start = end
                write(values[index], into: &out)
            }
        }
        out.append(0x7D)
    }

    /// Appends `text` as a JSON string: `"` and `\` escaped, control characters as short escapes or
    /// `\u00XX`; everything else as is (the UTF-8 of a Swift String is always valid).
    public static func writeString(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in writeString(utf8: UnsafeRawBufferPointer(bytes), into: &out) }
    }

    /// Appends already valid UTF-8 bytes as a JSON string.
    public static func writeString(utf8 bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.append(0x22)
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            if index > runStart { out.append(contentsOf: bytes[runStart..<index]) }
            runStart = index + 1
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, 0x62])
            case 0x0C: out.append(contentsOf: [0x5C, 0x66])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            default:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hexDigit(byte >> 4), hexDigit(byte & 0xF)])
            }
        }
        if bytes.count > runStart { out.append(contentsOf: bytes[runStart..<bytes.count]) }
        out.append(0x22)
    }

    /// Appends the decimal digits of `number`.
    public static func writeInteger(_ number: Int64, into out: inout [UInt8]) {
        if number < 0 { out.append(0x2D) }
        var magnitude = number.magnitude
        if magnitude < 10 {
            out.append(0x30 + UInt8(magnitude))
            return
        }
        // Digits come out last first: fill a fixed 20-byte scratch from the end, no allocation.
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { buffer in
            var position = 20
            while magnitude > 0 {
                position -= 1
                buffer[position] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            }
            out.append(contentsOf: buffer[position..<20])
        }
    }

    /// Appends the shortest text that reads back as `number`; NaN and infinities as null.
    public static func writeDouble(_ number: Double, into out: inout [UInt8]) {
        guard number.isFinite else {
            appendNull(&out)
            return
        }
        // Swift's description is the shortest round-trip form and valid JSON ("1e-05", "100.0").
        out.append(contentsOf: number.description.utf8)
    }

    /// Appends "YYYY-MM-DD" (as `ISOTime.formatDate`, without making a String).
    static func appendDate(_ days: Int32, into out: inout [UInt8]) {
        let (year, month, day) = ISOTime.civil(fromDays: Int64(days))
        if year < 0 { out.append(0x2D) }
        appendPadded(year.magnitude, width: 4, into: &out)
        out.append(0x2D)
        appendPadded(month.magnitude, width: 2, into: &out)
        out.append(0x2D)
        appendPadded(day.magnitude, width: 2, into: &out)
    }

    private static func appendPadded(_ value: UInt64, width: Int, into out: inout [UInt8]) {
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        if digits < width { out.append(contentsOf: repeatElement(0x30, count: width - digits)) }
        writeInteger(Int64(truncatingIfNeeded: value), into: &out)
    }

    private static func appendNull(_ out: inout [UInt8]) {
        out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
    }
}

/// Object key prefixes for one output schema, escaped once: `{"a":`, `,"b":`, …
public struct JSONObjectLayout: Sendable, Hashable {
    /// The names, in order.
    public let names: [String]
    /// All prefixes back to back; prefix k ends at `prefixEnds[k]` (the first also opens the object).
    let prefixBytes: [UInt8]
    let prefixEnds: [Int]

    public init(names: [String]) {
        self.names = names
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for (index, name) in names.enumerated() {
            bytes.append(index == 0 ? 0x7B : 0x2C)
            JSONWriter.writeString(name, into: &bytes)
            bytes.append(0x3A)
            ends.append(bytes.count)
        }
        prefixBytes = bytes
        prefixEnds = ends
    }
}
