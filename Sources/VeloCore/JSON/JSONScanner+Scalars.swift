extension JSONScanner {
    /// A string, number, true, false or null at the cursor.
    mutating func parseScalar() throws(JSONError) -> Value {
        guard i < end else { throw truncated() }
        switch p[i] {
        case JSONByte.quote:
            return .string(decodeString(try scanString()))
        case JSONByte.t, JSONByte.f, JSONByte.n:
            return try scanLiteral()
        case JSONByte.minus, JSONByte.zero...JSONByte.nine:
            return numberValue(try scanNumber())
        default:
            throw expected("a value")
        }
    }

    /// `true`, `false` or `null`.
    mutating func scanLiteral() throws(JSONError) -> Value {
        let start = i
        let (word, value): (StaticString, Value) = switch p[i] {
        case JSONByte.t: ("true", .boolean(true))
        case JSONByte.f: ("false", .boolean(false))
        default: ("null", .null)
        }
        let length = word.utf8CodeUnitCount
        let bytes = word.utf8Start
        var k = 0
        while k < length {
            guard start + k < end else { throw truncated() }
            guard p[start + k] == bytes[k] else { throw error("invalid literal", at: start) }
            k += 1
        }
        i = start + length
        return value
    }

    /// Scans a number per the JSON grammar, collecting its first 19 significant digits.
    mutating func scanNumber() throws(JSONError) -> JSONNumberToken {
        let start = i
        var token = JSONNumberToken(start: start, end: start, isInteger: true, negative: false, mantissa: 0, exponent: 0, exact: true)
        var digits = 0
        if p[i] == JSONByte.minus {
            token.negative = true
            i += 1
        }
        guard i < end else { throw truncated() }
        if p[i] == JSONByte.zero {
            i += 1
        } else if p[i] > JSONByte.zero && p[i] <= JSONByte.nine {
            while i < end, p[i] >= JSONByte.zero, p[i] <= JSONByte.nine {
                if digits < 19 {
                    token.mantissa = token.mantissa &* 10 &+ UInt64(p[i] &- JSONByte.zero)
                    digits += 1
                } else {
                    token.exponent += 1
                    if p[i] != JSONByte.zero { token.exact = false }
                }
                i += 1
            }
        } else {
            throw expected("a digit")
        }
        if i < end && p[i] == JSONByte.dot {
            token.isInteger = false
            i += 1
            let fractionStart = i
            while i < end, p[i] >= JSONByte.zero, p[i] <= JSONByte.nine {
                let digit = p[i] &- JSONByte.zero
                if digits < 19 {
                    if token.mantissa != 0 || digit != 0 { digits += 1 }
                    token.mantissa = token.mantissa &* 10 &+ UInt64(digit)
                    token.exponent -= 1
                } else if digit != 0 {
                    token.exact = false
                }
                i += 1
            }
            guard i > fractionStart else { throw expected("a digit after '.'") }
        }
        if i < end && (p[i] == JSONByte.lowerE || p[i] == JSONByte.upperE) {
            token.isInteger = false
            i += 1
            var negativeExponent = false
            if i < end && (p[i] == JSONByte.minus || p[i] == JSONByte.plus) {
                negativeExponent = p[i] == JSONByte.minus
                i += 1
            }
            let exponentStart = i
            var exponent = 0
            while i < end, p[i] >= JSONByte.zero, p[i] <= JSONByte.nine {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- JSONByte.zero) }
                i += 1
            }
            guard i > exponentStart else { throw expected("a digit in the exponent") }
            token.exponent += negativeExponent ? -exponent : exponent
        }
        token.end = i
        return token
    }

    /// The number as `.int` when integral and in range, else per the number mode.
    func numberValue(_ token: JSONNumberToken) -> Value {
        if token.isInteger, let value = integerValue(token) { return .int(value) }
        if numbers == .decimal, let decimal = decimalValue(token) { return .decimal(decimal) }
        return .double(doubleValue(token))
    }

    /// Int64 for an integer token that fits.
    func integerValue(_ token: JSONNumberToken) -> Int64? {
        guard token.isInteger, token.exact, token.exponent == 0 else { return nil }
        if token.negative {
            if token.mantissa <= UInt64(Int64.max) { return -Int64(token.mantissa) }
            return token.mantissa == UInt64(Int64.max) + 1 ? Int64.min : nil
        }
        return token.mantissa <= UInt64(Int64.max) ? Int64(token.mantissa) : nil
    }

    func decimalValue(_ token: JSONNumberToken) -> SQLDecimal? {
        SQLDecimal(utf8: UnsafeRawBufferPointer(start: p + token.start, count: token.end - token.start))
    }

    /// The nearest Double: exact arithmetic when the digits and power of ten are exact doubles
    /// (Clinger's fast path), else the standard library's correctly rounded parser.
    func doubleValue(_ token: JSONNumberToken) -> Double {
        if token.exact && token.mantissa <= 1 << 53 && token.exponent >= -22 && token.exponent <= 22 {
            var value = Double(token.mantissa)
            let power = JSONScanner.powersOf10[abs(token.exponent)]
            value = token.exponent < 0 ? value / power : value * power
            return token.negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(start: p + token.start, count: token.end - token.start), as: UTF8.self)
        return Double(text) ?? .nan
    }

    static let powersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
