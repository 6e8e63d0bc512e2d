import VeloCore

/// Turns a message's bytes into a row of its source's columns: JSON through a field selector built
/// once (only the fields the job reads are materialised), CSV by header position, raw bytes as one
/// string column. The event time is the `timestamp` column when the source names one, else the
/// message timestamp.
final class RecordDecoder {
    let spec: SourceSpec
    private let selector: FieldSelector
    /// Source column of each selector slot, when they differ (the whole object not in last place).
    private let columnOfSlot: [Int]?
    private var csvColumns: [Int?] = []
    private let targets: [JSONTarget]

    init(spec: SourceSpec, reader: any MessageReader) throws {
        self.spec = spec
        let whole = spec.wholeObjectColumn
        var fields: [FieldSelector.Field] = []
        var columnOfSlot: [Int] = []
        for (index, column) in spec.columns.enumerated() where index != whole {
            fields.append(FieldSelector.Field(name: column.name, target: JSONTarget(column.type)))
            columnOfSlot.append(index)
        }
        if let whole { columnOfSlot.append(whole) }
        selector = FieldSelector(fields: fields, wholeObject: whole != nil, numbers: .double)
        self.columnOfSlot = columnOfSlot == Array(0..<columnOfSlot.count) ? nil : columnOfSlot
        targets = spec.columns.map { JSONTarget($0.type) }
        if spec.format == .csv, let file = reader as? FileLineReader {
            file.onHeader = { [weak self] header in self?.readHeader(header) }
        }
    }

    func decode(_ message: BusMessage) throws(DecodeError) -> Record {
        guard let bytes = message.value else {
            throw DecodeError(message: "the message has no value (a tombstone)")
        }
        var values: [Value] = []
        switch spec.format {
        case .json:
            do {
                try JSONReader.readObject(bytes, fields: selector, into: &values)
            } catch {
                throw DecodeError(message: "\(error)")
            }
            if let columnOfSlot {
                var ordered = [Value](repeating: .null, count: spec.columns.count)
                for (slot, column) in columnOfSlot.enumerated() where slot < values.count { ordered[column] = values[slot] }
                values = ordered
            }
        case .csv:
            values = try decodeCSV(bytes)
        case .raw:
            values = [.string(String(decoding: bytes, as: UTF8.self))]
            if spec.columns.count > 1 { values += Array(repeating: .null, count: spec.columns.count - 1) }
        }
        try checkDeclaredRanges(values)
        var timestamp = message.timestamp
        if let column = spec.timestampColumn, column < values.count {
            switch values[column] {
            case .timestamp(let millis): timestamp = millis
            case .int(let millis): timestamp = millis
            case .null: break
            default:
                throw DecodeError(message: "the timestamp column \(spec.columns[column].name) is not a time")
            }
        }
        return Record(values: values, key: message.key, timestamp: timestamp, headers: message.headers)
    }

    /// What the JSON and CSV readers cannot know from the target alone: INT is 32 bits, and a
    /// DECIMAL(p, s) holds at most p − s digits before the point.
    private func checkDeclaredRanges(_ values: [Value]) throws(DecodeError) {
        guard !spec.schemaless else { return }
        for (index, column) in spec.columns.enumerated() where index < values.count {
            switch (column.type, values[index]) {
            case (.int, .int(let number)) where number < Int64(Int32.min) || number > Int64(Int32.max):
                throw DecodeError(message: "field \(column.name): \(number) is outside INT's range")
            case (.decimal(let precision, let scale), .decimal(let decimal)):
                let limit = Self.power(precision - scale)
                if let limit, let whole = decimal.rescaled(to: 0, rounding: .towardZero), whole.significand.magnitude >= limit {
                    throw DecodeError(message: "field \(column.name): \(decimal) does not fit DECIMAL(\(precision), \(scale))")
                }
            default:
                break
            }
        }
    }

    private static func power(_ exponent: Int) -> UInt128? {
        guard exponent >= 0, exponent < 38 else { return nil }
        var result: UInt128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    // MARK: - CSV

    private func readHeader(_ line: ArraySlice<UInt8>) {
        let names = CSVRow.split(Array(line)).map { $0.map { String(decoding: $0, as: UTF8.self) } ?? "" }
        csvColumns = spec.columns.map { column in names.firstIndex(of: column.name) }
    }

    private func decodeCSV(_ bytes: [UInt8]) throws(DecodeError) -> [Value] {
        let fields = CSVRow.split(bytes)
        var values: [Value] = []
        values.reserveCapacity(spec.columns.count)
        for (index, column) in spec.columns.enumerated() {
            let position = index < csvColumns.count ? csvColumns[index] : index
            guard let position, position < fields.count, let field = fields[position] else {
                values.append(.null)
                continue
            }
            let text = String(decoding: field, as: UTF8.self)
            guard let value = CSVRow.convert(text, to: targets[index]) else {
                throw DecodeError(message: "column \(column.name): expected \(targets[index].typeName), found '\(text)'")
            }
            values.append(value)
        }
        return values
    }
}

/// One CSV line (RFC 4180 quoting) and text-to-value conversion for CSV fields.
enum CSVRow {
    /// Fields of a line; an empty unquoted field is nil (NULL).
    static func split(_ line: [UInt8]) -> [[UInt8]?] {
        var fields: [[UInt8]?] = []
        var current: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var index = 0
        while index < line.count {
            let byte = line[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < line.count, line[index + 1] == UInt8(ascii: "\"") {
                        current.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
                wasQuoted = true
            } else if byte == UInt8(ascii: ",") {
                fields.append(current.isEmpty && !wasQuoted ? nil : current)
                current = []
                wasQuoted = false
            } else {
                current.append(byte)
            }
            index += 1
        }
        fields.append(current.isEmpty && !wasQuoted ? nil : current)
        return fields
    }

    static func convert(_ text: String, to target: JSONTarget) -> Value? {
        switch target {
        case .any, .string: return .string(text)
        case .boolean:
            switch text.lowercased() {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: return nil
            }
        case .int: return Int64(text).map(Value.int)
        case .double: return Double(text).map(Value.double)
        case .decimal(let scale):
            guard let decimal = SQLDecimal(text) else { return nil }
            guard let scale else { return .decimal(decimal) }
            return decimal.rescaled(to: scale).map(Value.decimal)
        case .timestamp:
            if let millis = Int64(text) { return .timestamp(millis) }
            return ISOTime.parseTimestamp(text).map(Value.timestamp)
        case .date: return ISOTime.parseDate(text).map(Value.date)
        }
    }
}
