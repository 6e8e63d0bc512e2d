/// RFC 4180 CSV reading: a header line, then rows of fields, by header position.
///
/// Fields may be quoted (`"a,b"`, `"say ""hi"""`, embedded line breaks); records end at `\n`,
/// `\r\n` or `\r`. An empty unquoted field is NULL (nil); `""` is the empty string. Blank lines are
/// skipped and a leading UTF-8 byte-order mark is ignored. Input may arrive whole or in chunks.
public struct CSVReader: Sendable {
    /// The column names, once the first record has been read.
    public private(set) var header: [String]?
    /// 1-based line where the next record starts (for error messages).
    public private(set) var line = 1
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false

    /// A reader fed with `append` and closed with `finish`.
    public init() {}

    /// A reader over complete input.
    public init(bytes: [UInt8]) {
        buffer = bytes
        finished = true
    }

    /// A reader over complete input text.
    public init(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Adds input; records that end in it become readable.
    public mutating func append(_ chunk: [UInt8]) {
        if position > 0 && position >= buffer.count / 2 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: chunk)
    }

    /// Marks the input complete: a last record without a line break becomes readable.
    public mutating func finish() {
        finished = true
    }

    /// Reads the header if not yet read; nil when the input has not reached its end.
    public mutating func readHeader() throws(CSVError) -> [String]? {
        if let header { return header }
        if position == 0 && buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            position = 3
        }
        guard let fields = try readNextRecord() else { return nil }
        let names = fields.map { $0 ?? "" }
        header = names
        return names
    }

    /// The next data row, one entry per header column (short rows padded with nil); nil when no
    /// complete row is buffered (or the input is exhausted).
    public mutating func nextRow() throws(CSVError) -> [String?]? {
        guard let header = try readHeader() else { return nil }
        let recordLine = line
        guard var fields = try readNextRecord() else { return nil }
        if fields.count > header.count {
            throw CSVError(line: recordLine, message: "row has \(fields.count) fields, the header \(header.count)")
        }
        if fields.count < header.count {
            fields.append(contentsOf: repeatElement(nil, count: header.count - fields.count))
        }
        return fields
    }

    private mutating func readNextRecord() throws(CSVError) -> [String?]? {
        // Blank lines are not records.
        while position < buffer.count && (buffer[position] == 0x0A || buffer[position] == 0x0D) {
            if buffer[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < buffer.count else { return nil }
        var fields: [String?] = []
        let start = position
        let atEnd = finished
        let recordLine = line
        let next = try buffer.withUnsafeBufferPointer { (bytes) throws(CSVError) -> Int? in
            do throws(CSVError) {
                return try CSVReader.readRecord(UnsafeRawBufferPointer(bytes), from: start, atEnd: atEnd, into: &fields)
            } catch {
                var located = error
                located.line = recordLine
                throw located
            }
        }
        guard let next else { return nil }
        for k in start..<next where buffer[k] == 0x0A { line += 1 }
        position = next
        return fields
    }

    /// Splits the record that starts at `start` into `fields` (replacing its contents); returns the
    /// offset after the record and its line break, or nil when the bytes end inside it and more
    /// input may follow (`atEnd` false).
    public static func readRecord(
        _ bytes: UnsafeRawBufferPointer,
        from start: Int,
        atEnd: Bool,
        into fields: inout [String?]
    ) throws(CSVError) -> Int? {
        fields.removeAll(keepingCapacity: true)
        let n = bytes.count
        var k = start
        while true {
            if k < n && bytes[k] == quote {
                // Quoted: runs between `""` pairs are copied; the pair becomes one quote.
                let fieldStart = k
                k += 1
                var content: [UInt8] = []
                var runStart = k
                while true {
                    guard k < n else {
                        if atEnd { throw CSVError(offset: fieldStart, message: "unterminated quoted field") }
                        return nil
                    }
                    if bytes[k] == quote {
                        if k + 1 < n && bytes[k + 1] == quote {
                            content.append(contentsOf: bytes[runStart...k])
                            k += 2
                            runStart = k
                            continue
                        }
                        if k + 1 >= n && !atEnd { return nil }
                        content.append(contentsOf: bytes[runStart..<k])
                        k += 1
                        break
                    }
                    k += 1
                }
                if k < n && bytes[k] != comma && bytes[k] != 0x0A && bytes[k] != 0x0D {
                    throw CSVError(offset: k, message: "unexpected character after a closing quote")
                }
                fields.append(try content.withUnsafeBufferPointer { (raw) throws(CSVError) -> String in
                    try makeString(UnsafeRawBufferPointer(raw), 0..<raw.count, offset: fieldStart)
                })
            } else {
                let fieldStart = k
                while k < n {
                    let b = bytes[k]
                    if b == comma || b == 0x0A || b == 0x0D { break }
                    k += 1
                }
                if k >= n && !atEnd { return nil }
                fields.append(k == fieldStart ? nil : try makeString(bytes, fieldStart..<k, offset: fieldStart))
            }
            if k < n && bytes[k] == comma {
                k += 1
                continue
            }
            if k >= n { return atEnd ? n : nil }
            if bytes[k] == 0x0D {
                k += 1
                if k < n && bytes[k] == 0x0A { k += 1 }
            } else {
                k += 1
            }
            return k
        }
    }

    private static let quote: UInt8 = 0x22
    private static let comma: UInt8 = 0x2C

    private static func makeString(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, offset: Int) throws(CSVError) -> String {
        guard !range.isEmpty, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return "" }
        if let bad = JSONScanner.firstInvalidUTF8(base, from: range.lowerBound, to: range.upperBound) {
            throw CSVError(offset: offset + bad - range.lowerBound, message: "invalid UTF-8")
        }
        return String(decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self)
    }
}

/// A malformed CSV record, or a field that does not convert to its declared type.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line of the record, when known.
    public var line: Int?
    /// Byte offset in the input given to `CSVReader.readRecord`, when known.
    public var offset: Int?
    /// What went wrong.
    public var message: String
    /// The selected field, for conversion errors.
    public var field: String?

    public init(line: Int? = nil, offset: Int? = nil, message: String, field: String? = nil) {
        self.line = line
        self.offset = offset
        self.message = message
        self.field = field
    }

    public var description: String {
        var text = line.map { "line \($0): " } ?? ""
        if let field { text += "field \(field): " }
        text += message
        if line == nil, let offset { text += " at byte \(offset)" }
        return text
    }
}

/// Where each field of a `FieldSelector` sits in one CSV header; built once per file.
public struct CSVFieldMap: Sendable {
    public let header: [String]
    public let selector: FieldSelector
    /// Per selected field: its header column, or -1 when the header lacks it.
    let columns: [Int]

    public init(header: [String], fields selector: FieldSelector) {
        self.header = header
        self.selector = selector
        var firstColumn: [String: Int] = [:]
        for (column, name) in header.enumerated() where firstColumn[name] == nil {
            firstColumn[name] = column
        }
        columns = selector.fields.map { firstColumn[$0.name] ?? -1 }
    }

    /// Converts a row (as `CSVReader.nextRow` gives it) into the selector's slots, as
    /// `JSONReader.readObject` does: missing columns and NULL fields become `.null`, the whole row
    /// (strings) goes to `wholeObjectSlot` when asked for.
    public func read(_ row: [String?], into values: inout [Value]) throws(CSVError) {
        if values.count < selector.slotCount {
            values.append(contentsOf: repeatElement(Value.null, count: selector.slotCount - values.count))
        }
        for (index, field) in selector.fields.enumerated() {
            let column = columns[index]
            guard column >= 0, column < row.count, let text = row[column] else {
                values[index] = .null
                continue
            }
            guard let value = field.target.value(fromText: text) else {
                var shown = text
                if shown.count > 40 { shown = String(shown.prefix(40)) + "…" }
                throw CSVError(message: "expected \(field.target.typeName), found \"\(shown)\"", field: field.name)
            }
            values[index] = value
        }
        if let whole = selector.wholeObjectSlot {
            var entries: [Value.MapEntry] = []
            entries.reserveCapacity(header.count)
            for (column, name) in header.enumerated() {
                let text = column < row.count ? row[column] : nil
                entries.append(Value.MapEntry(name, text.map { Value.string($0) } ?? .null))
            }
            values[whole] = .struct(entries)
        }
    }
}

extension JSONTarget {
    /// Converts field text (CSV, or any text column): numbers from their text, booleans from
    /// `true`/`false` (any case), timestamps from ISO-8601 or epoch milliseconds, dates from
    /// "YYYY-MM-DD". Surrounding spaces are ignored and blank text is NULL for every target but
    /// `.string`/`.any`. Nil when the text does not convert.
    public func value(fromText text: String) -> Value? {
        switch self {
        case .any, .string:
            return .string(text)
        default:
            break
        }
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        let leading = bytes.prefix { $0 == 0x20 || $0 == 0x09 }.count
        if leading > 0 { bytes.removeFirst(leading) }
        if bytes.isEmpty { return .null }
        return bytes.withUnsafeBytes { trimmed in convert(trimmed) }
    }

    private func convert(_ text: UnsafeRawBufferPointer) -> Value? {
        switch self {
        case .any, .string:
            return .string(String(decoding: text, as: UTF8.self))
        case .boolean:
            let lower = text.map { $0 | 0x20 }
            if lower.elementsEqual("true".utf8) { return .boolean(true) }
            if lower.elementsEqual("false".utf8) { return .boolean(false) }
            return nil
        case .int:
            guard let decimal = SQLDecimal(utf8: text),
                  decimal.rescaled(to: 0, rounding: .towardZero) == decimal,
                  let value = decimal.int64Value
            else { return nil }
            return .int(value)
        case .double:
            // Only plain decimal text: Double(String) would also take "nan", "inf" and hex.
            guard Self.isNumberText(text) else { return nil }
            return Double(String(decoding: text, as: UTF8.self)).map { Value.double($0) }
        case .decimal(let scale):
            guard var decimal = SQLDecimal(utf8: text) else { return nil }
            if let scale {
                guard let rescaled = decimal.rescaled(to: scale) else { return nil }
                decimal = rescaled
            }
            return .decimal(decimal)
        case .timestamp:
            return Self.timestamp(fromText: text).map { Value.timestamp($0) }
        case .date:
            if let days = Self.date(fromText: text) { return .date(days) }
            guard let days = Int32(String(decoding: text, as: UTF8.self)) else { return nil }
            return .date(days)
        }
    }

    /// Whether the bytes are number text as `SQLDecimal.init?(_ text:)` reads it (any number of digits).
    private static func isNumberText(_ text: UnsafeRawBufferPointer) -> Bool {
        var k = 0
        let n = text.count
        if k < n && (text[k] == 0x2B || text[k] == 0x2D) { k += 1 }
        var digits = 0
        while k < n && text[k] >= 0x30 && text[k] <= 0x39 { k += 1; digits += 1 }
        if k < n && text[k] == 0x2E {
            k += 1
            while k < n && text[k] >= 0x30 && text[k] <= 0x39 { k += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if k < n && (text[k] == 0x65 || text[k] == 0x45) {
            k += 1
            if k < n && (text[k] == 0x2B || text[k] == 0x2D) { k += 1 }
            let exponentStart = k
            while k < n && text[k] >= 0x30 && text[k] <= 0x39 { k += 1 }
            guard k > exponentStart else { return false }
        }
        return k == n
    }
}
