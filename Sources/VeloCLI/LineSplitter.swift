/// Cuts a byte stream that arrives in arbitrary chunks into lines (NDJSON). Bytes are kept until their
/// line's `\n` arrives, so a chunk boundary in the middle of a multi-byte UTF-8 character is harmless:
/// a line is decoded only when it is whole (and `\n` never occurs inside a UTF-8 sequence).
struct LineSplitter: Sendable {
    private var pending: [UInt8] = []

    /// The complete lines in `chunk` and before it, without their `\n` (or `\r\n`).
    mutating func feed(_ chunk: some Sequence<UInt8>) -> [String] {
        var lines: [String] = []
        for byte in chunk {
            if byte == UInt8(ascii: "\n") {
                lines.append(Self.decode(pending))
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
            }
        }
        return lines
    }

    /// The last line when the stream ended without a final `\n`; nil when nothing is left.
    mutating func finish() -> String? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return Self.decode(pending)
    }

    private static func decode(_ bytes: [UInt8]) -> String {
        let body = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes[...]
        return String(decoding: body, as: UTF8.self)
    }
}
