extension JSONScanner {
    /// Scans the string at the cursor (on its opening quote), validating escapes, control
    /// characters and UTF-8; returns the bounds of its raw content and whether it holds escapes.
    mutating func scanString() throws(JSONError) -> (start: Int, end: Int, escaped: Bool) {
        i += 1
        let start = i
        var escaped = false
        var highBits: UInt8 = 0
        let raw = UnsafeRawPointer(p)
        while true {
            // Eight bytes at a time while none is a quote, backslash, control or non-ASCII byte.
            while i + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                let quotes = word ^ (ones &* UInt64(JSONByte.quote))
                let slashes = word ^ (ones &* UInt64(JSONByte.backslash))
                var special = (quotes &- ones) & ~quotes
                special |= (slashes &- ones) & ~slashes
                special |= (word &- ones &* 0x20) & ~word
                special |= word
                if special & highs != 0 { break }
                i += 8
            }
            guard i < end else { throw truncated() }
            let b = p[i]
            if b == JSONByte.quote {
                break
            } else if b == JSONByte.backslash {
                escaped = true
                try scanEscape()
            } else if b < 0x20 {
                throw error("unescaped control character \(Self.describeByte(b)) in string")
            } else {
                highBits |= b
                i += 1
            }
        }
        let stringEnd = i
        i += 1
        if highBits >= 0x80, let bad = JSONScanner.firstInvalidUTF8(p, from: start, to: stringEnd) {
            throw error("invalid UTF-8 in string", at: bad)
        }
        return (start, stringEnd, escaped)
    }

    /// Validates the escape at the cursor (on its backslash) and moves past it.
    mutating func scanEscape() throws(JSONError) {
        let escapeStart = i
        i += 1
        guard i < end else { throw truncated() }
        switch p[i] {
        case JSONByte.quote, JSONByte.backslash, JSONByte.slash, 0x62, 0x66, 0x6E, 0x72, 0x74:  // " \ / b f n r t
            i += 1
        case JSONByte.u:
            i += 1
            let unit = try scanHex4()
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw error("unpaired surrogate \\u escape", at: escapeStart)
            }
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard i < end else { throw truncated() }
                guard p[i] == JSONByte.backslash else { throw error("unpaired surrogate \\u escape", at: escapeStart) }
                guard i + 1 < end else { throw truncated() }
                guard p[i + 1] == JSONByte.u else { throw error("unpaired surrogate \\u escape", at: escapeStart) }
                i += 2
                let low = try scanHex4()
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw error("unpaired surrogate \\u escape", at: escapeStart)
                }
            }
        default:
            throw error("invalid escape \\\(Self.describeByte(p[i]))", at: escapeStart)
        }
    }

    mutating func scanHex4() throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < end else { throw truncated() }
            guard let digit = JSONScanner.hexValue(p[i]) else { throw expected("a hex digit") }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    /// The offset of the first byte of an invalid UTF-8 sequence in `from..<to`, or nil.
    static func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var k = from
        while k < to {
            let b = p[k]
            if b < 0x80 {
                k += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0  // no overlong forms
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F  // no surrogates
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F  // nothing past U+10FFFF
            default: return k
            }
            guard k + length <= to, p[k + 1] >= low, p[k + 1] <= high else { return k }
            var m = 2
            while m < length {
                guard p[k + m] & 0xC0 == 0x80 else { return k }
                m += 1
            }
            k += length
        }
        return nil
    }

    /// The text of a string scanned by `scanString` (so known valid).
    func decodeString(_ span: (start: Int, end: Int, escaped: Bool)) -> String {
        if !span.escaped {
            return String(decoding: UnsafeBufferPointer(start: p + span.start, count: span.end - span.start), as: UTF8.self)
        }
        return String(decoding: unescapedBytes(span), as: UTF8.self)
    }

    /// The bytes of a scanned string with escapes decoded.
    func unescapedBytes(_ span: (start: Int, end: Int, escaped: Bool)) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        var k = span.start
        while k < span.end {
            let b = p[k]
            guard b == JSONByte.backslash, k + 1 < span.end else {
                out.append(b)
                k += 1
                continue
            }
            let e = p[k + 1]
            k += 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case JSONByte.u:
                var scalar = hex4(at: k)
                k += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF && k + 6 <= span.end {
                    let low = hex4(at: k + 2)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    k += 6
                }
                appendUTF8(scalar, to: &out)
            default: out.append(e)  // " \ /
            }
        }
        return out
    }

    func hex4(at k: Int) -> UInt32 {
        var value: UInt32 = 0
        for m in 0..<4 where k + m < end {
            value = value << 4 | (JSONScanner.hexValue(p[k + m]) ?? 0)
        }
        return value
    }

    func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        guard let unicode = Unicode.Scalar(scalar) else {
            out.append(contentsOf: [0xEF, 0xBF, 0xBD])  // U+FFFD; unreachable after scanString
            return
        }
        out.append(contentsOf: UTF8.encode(unicode) ?? UTF8.EncodedScalar())
    }
}
