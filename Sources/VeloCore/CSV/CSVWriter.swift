/// RFC 4180 CSV writing, appending to a caller-owned buffer; records end with `\n`.
///
/// A field is quoted only when it must be (it holds `,`, `"`, `\r` or `\n`, or is the empty
/// string, which is written `""` so that it reads back apart from NULL, an empty field).
/// Representations follow the JSON writer: DECIMAL with every digit, doubles in shortest
/// round-trip form (NaN and infinities as NULL), timestamps and intervals as milliseconds,
/// dates as YYYY-MM-DD, arrays, maps and structs as their JSON text.
public enum CSVWriter {
    /// Appends the header line.
    public static func writeHeader(_ names: [String], into out: inout [UInt8]) {
        for (index, name) in names.enumerated() {
            if index > 0 { out.append(comma) }
            writeText(name, into: &out)
        }
        out.append(newline)
    }

    /// Appends one record.
    public static func writeRow(_ values: [Value], into out: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(comma) }
            writeField(value, into: &out)
        }
        out.append(newline)
    }

    /// Appends one field (no separator).
    public static func writeField(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .null:
            return
        case .boolean(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number), .timestamp(let number), .interval(let number):
            JSONWriter.writeInteger(number, into: &out)
        case .double(let number):
            if number.isFinite { JSONWriter.writeDouble(number, into: &out) }
        case .decimal(let decimal):
            decimal.write(to: &out)
        case .string(let text):
            writeText(text, into: &out)
        case .date(let days):
            JSONWriter.appendDate(days, into: &out)
        case .array, .map, .struct:
            writeQuotedIfNeeded(utf8: JSONWriter.encode(value), into: &out)
        }
    }

    /// Appends text as a field, quoted only when needed.
    public static func writeText(_ text: String, into out: inout [UInt8]) {
        if text.isEmpty {
            out.append(contentsOf: [quote, quote])
            return
        }
        var text = text
        text.withUTF8 { bytes in writeQuotedIfNeeded(utf8: bytes, into: &out) }
    }

    private static func writeQuotedIfNeeded(utf8 bytes: some Collection<UInt8>, into out: inout [UInt8]) {
        let needsQuotes = bytes.contains { $0 == comma || $0 == quote || $0 == newline || $0 == carriageReturn }
        guard needsQuotes else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(quote)
        for byte in bytes {
            if byte == quote { out.append(quote) }
            out.append(byte)
        }
        out.append(quote)
    }

    private static let comma: UInt8 = 0x2C
    private static let quote: UInt8 = 0x22
    private static let newline: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D
}
