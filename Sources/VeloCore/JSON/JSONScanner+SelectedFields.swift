extension JSONScanner {
    /// Reads a top-level object into the selector's slots (see `JSONReader.readObject`).
    mutating func readObject(_ selector: FieldSelector, into values: inout [Value]) throws(JSONError) {
        skipWhitespace()
        guard i < end, p[i] == JSONByte.openBrace else { throw expected("'{' (a JSON object)") }
        i += 1
        let whole = selector.wholeObjectSlot
        var entries: [Value.MapEntry] = []
        skipWhitespace()
        guard i < end else { throw truncated() }
        if p[i] == JSONByte.closeBrace {
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
                if p[i] == JSONByte.comma {
                    i += 1
                    skipWhitespace()
                    continue
                }
                guard p[i] == JSONByte.closeBrace else { throw expected("',' or '}'") }
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
        if c == JSONByte.n { return try scanLiteral() }
        switch target {
        case .any:
            return try parseValue(depth: 1)
        case .boolean:
            if c == JSONByte.t || c == JSONByte.f { return try scanLiteral() }
        case .int:
            if c == JSONByte.minus || (c >= JSONByte.zero && c <= JSONByte.nine) {
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
            if c == JSONByte.minus || (c >= JSONByte.zero && c <= JSONByte.nine) {
                return .double(doubleValue(try scanNumber()))
            }
        case .decimal(let scale):
            var decimal: SQLDecimal?
            if c == JSONByte.minus || (c >= JSONByte.zero && c <= JSONByte.nine) {
                decimal = decimalValue(try scanNumber())
            } else if c == JSONByte.quote {
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
            case JSONByte.quote:
                return .string(decodeString(try scanString()))
            case JSONByte.t, JSONByte.f, JSONByte.minus, JSONByte.zero...JSONByte.nine:
                try skipScalar()
                return .string(String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self))
            case JSONByte.openBrace, JSONByte.openBracket:
                try skipValue(depth: 1)
                return .string(String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self))
            default:
                break
            }
        case .timestamp:
            if c == JSONByte.minus || (c >= JSONByte.zero && c <= JSONByte.nine) {
                let token = try scanNumber()
                if let ms = integerValue(token) { return .timestamp(ms) }
                let value = doubleValue(token)
                if value.isFinite && abs(value) < 9.2e18 { return .timestamp(Int64(value)) }
                i = start
            } else if c == JSONByte.quote {
                if let ms = try withStringContent({ bytes in JSONTarget.timestamp(fromText: bytes) }) {
                    return .timestamp(ms)
                }
                i = start
            }
        case .date:
            if c == JSONByte.minus || (c >= JSONByte.zero && c <= JSONByte.nine) {
                if let days = integerValue(try scanNumber()), let day = Int32(exactly: days) { return .date(day) }
                i = start
            } else if c == JSONByte.quote {
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

    func conversion(_ target: JSONTarget, _ detail: String, at offset: Int) -> JSONError {
        JSONError(kind: .conversion, offset: offset, message: "expected \(target.typeName), \(detail)")
    }

    /// Scans the string at the cursor and passes its unescaped content bytes to `body`.
    mutating func withStringContent<R>(_ body: (UnsafeRawBufferPointer) -> R) throws(JSONError) -> R {
        let span = try scanString()
        if !span.escaped { return body(UnsafeRawBufferPointer(start: p + span.start, count: span.end - span.start)) }
        return unescapedBytes(span).withUnsafeBytes(body)
    }

    /// "string \"abc\"", "number 1.5", "boolean true", "object", "array": consumes the value.
    mutating func describeValue() throws(JSONError) -> String {
        let start = i
        switch p[i] {
        case JSONByte.quote:
            var text = decodeString(try scanString())
            if text.count > 40 { text = String(text.prefix(40)) + "…" }
            return "string \"\(text)\""
        case JSONByte.openBrace:
            try skipValue(depth: 1)
            return "object"
        case JSONByte.openBracket:
            try skipValue(depth: 1)
            return "array"
        case JSONByte.t, JSONByte.f:
            return "boolean " + (try scanLiteral() == .boolean(true) ? "true" : "false")
        case JSONByte.minus, JSONByte.zero...JSONByte.nine:
            _ = try scanNumber()
            return "number " + String(decoding: UnsafeBufferPointer(start: p + start, count: i - start), as: UTF8.self)
        default:
            throw expected("a value")
        }
    }
}
