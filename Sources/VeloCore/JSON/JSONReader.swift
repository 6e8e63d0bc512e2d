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
