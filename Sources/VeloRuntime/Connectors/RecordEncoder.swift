import VeloCore

/// Turns output rows into message bytes: the value as a JSON object (or a CSV line), the key per
/// PRODUCT.md §3.4 — the `key` column's text when the sink names one, else the input key.
struct RecordEncoder {
    let schema: Schema
    let format: DataFormat
    let keyColumn: Int?
    private let layout: JSONObjectLayout
    /// Columns holding a whole object whose fields are written in place (`SELECT *`, schema-less).
    private let spread: Set<Int>

    init(schema: Schema, format: DataFormat, keyColumn: Int?) {
        self.schema = schema
        self.format = format
        self.keyColumn = keyColumn
        layout = JSONObjectLayout(names: schema.names)
        spread = Set(schema.columns.indices.filter { schema.columns[$0].name == Schema.spreadColumn })
    }

    func encode(_ record: Record) -> (key: [UInt8]?, value: [UInt8]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        appendValue(record, to: &bytes)
        return (key(of: record), bytes)
    }

    /// The value and a line break, for files and the console.
    func appendLine(_ record: Record, to bytes: inout [UInt8]) {
        appendValue(record, to: &bytes)
        bytes.append(10)
    }

    func header() -> [UInt8]? {
        guard format == .csv else { return nil }
        var bytes: [UInt8] = []
        for (index, name) in schema.names.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            CSVText.append(name, to: &bytes)
        }
        bytes.append(10)
        return bytes
    }

    private func appendValue(_ record: Record, to bytes: inout [UInt8]) {
        switch format {
        case .json:
            if spread.isEmpty {
                JSONWriter.writeObject(layout, values: record.values, into: &bytes)
            } else {
                var names: [String] = []
                var values: [Value] = []
                for (index, value) in record.values.enumerated() where index < schema.columns.count {
                    if spread.contains(index) {
                        if case .struct(let entries) = value {
                            for entry in entries where !names.contains(entry.key) {
                                names.append(entry.key)
                                values.append(entry.value)
                            }
                        }
                    } else if let existing = names.firstIndex(of: schema.columns[index].name) {
                        values[existing] = value
                    } else {
                        names.append(schema.columns[index].name)
                        values.append(value)
                    }
                }
                JSONWriter.writeObject(names: names, values: values, into: &bytes)
            }
        case .csv:
            for (index, value) in record.values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                if !value.isNull { CSVText.append(Self.text(value), to: &bytes) }
            }
        case .raw:
            if let first = record.values.first, !first.isNull { bytes.append(contentsOf: Self.text(first).utf8) }
        }
    }

    private func key(of record: Record) -> [UInt8]? {
        guard let keyColumn else { return record.key }
        guard keyColumn < record.values.count else { return nil }
        let value = record.values[keyColumn]
        return value.isNull ? nil : Array(Self.text(value).utf8)
    }

    /// A value's text: strings as they are, numbers with every digit, times in ISO-8601.
    static func text(_ value: Value) -> String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        default:
            if case .string(let text) = ValueCast.cast(value, to: .string, context: EvaluationContext()) { return text }
            return String(decoding: JSONWriter.encode(value), as: UTF8.self)
        }
    }
}

/// CSV field quoting: only when the text holds a comma, quote or line break.
enum CSVText {
    static func append(_ text: String, to bytes: inout [UInt8]) {
        let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else {
            bytes.append(contentsOf: text.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
