/// ISO-8601 timestamps and dates as UTC epoch milliseconds and epoch days, without Foundation
/// (it is on the hot path of every JSON record with a TIMESTAMP column). One implementation, used by
/// the JSON and CSV readers, CAST and the planner's literals.
public enum ISOTime {
    /// One day in milliseconds (DATE ↔ TIMESTAMP).
    public static let millisecondsPerDay: Int64 = 86_400_000

    /// `2024-01-01T10:00:00Z`, `2024-01-01 10:00:00`, `2024-01-01T10:00:00.123+02:00`, `2024-01-01`
    /// (midnight UTC). Without a zone the time is UTC.
    public static func parseTimestamp(_ text: String) -> Int64? {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { parseTimestamp(UnsafeRawBufferPointer($0)) }
    }

    public static func parseTimestamp(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var cursor = Cursor(bytes: bytes)
        guard let days = cursor.date() else { return nil }
        var millis = Int64(days) * 86_400_000
        if cursor.atEnd { return millis }
        guard cursor.take(UInt8(ascii: "T")) || cursor.take(UInt8(ascii: " ")) else { return nil }
        guard let hour = cursor.digits(2), cursor.take(UInt8(ascii: ":")), let minute = cursor.digits(2),
              hour < 24, minute < 60 else { return nil }
        var second = 0
        var fraction: Int64 = 0
        if cursor.take(UInt8(ascii: ":")) {
            guard let value = cursor.digits(2), value < 61 else { return nil }
            second = value
            if cursor.take(UInt8(ascii: ".")) || cursor.take(UInt8(ascii: ",")) {
                var scale: Int64 = 100
                var any = false
                while let digit = cursor.digit() {
                    fraction += Int64(digit) * scale
                    scale /= 10
                    any = true
                }
                guard any else { return nil }
            }
        }
        millis += Int64(hour) * 3_600_000 + Int64(minute) * 60_000 + Int64(second) * 1_000 + fraction
        if cursor.atEnd || cursor.take(UInt8(ascii: "Z")) || cursor.take(UInt8(ascii: "z")) {
            return cursor.atEnd ? millis : nil
        }
        let sign: Int64
        if cursor.take(UInt8(ascii: "+")) { sign = 1 } else if cursor.take(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let offsetHours = cursor.digits(2) else { return nil }
        _ = cursor.take(UInt8(ascii: ":"))
        let offsetMinutes = cursor.digits(2) ?? 0
        guard cursor.atEnd, offsetHours < 24, offsetMinutes < 60 else { return nil }
        return millis - sign * (Int64(offsetHours) * 3_600_000 + Int64(offsetMinutes) * 60_000)
    }

    /// `2024-01-01` as days since 1970-01-01.
    public static func parseDate(_ text: String) -> Int32? {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { buffer in
            var cursor = Cursor(bytes: UnsafeRawBufferPointer(buffer))
            guard let days = cursor.date(), cursor.atEnd else { return nil }
            return days
        }
    }

    /// `2024-01-01T10:00:00.000Z`.
    public static func formatTimestamp(_ millis: Int64) -> String {
        let days = floorDivide(millis, 86_400_000)
        let inDay = millis - days * 86_400_000
        let (year, month, day) = civil(fromDays: days)
        let hour = inDay / 3_600_000
        let minute = inDay / 60_000 % 60
        let second = inDay / 1_000 % 60
        let milli = inDay % 1_000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(milli, 3))Z"
    }

    public static func formatDate(_ days: Int32) -> String {
        let (year, month, day) = civil(fromDays: Int64(days))
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The (year, month, day) of a day count since 1970-01-01.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(abs(value))
        let padded = text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        return value < 0 ? "-" + padded : padded
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var atEnd: Bool { index >= bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
            defer { index += 1 }
            return Int(bytes[index] - 48)
        }

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        /// `YYYY-MM-DD` as epoch days, validated (month 1–12, day within the month).
        mutating func date() -> Int32? {
            let negative = take(UInt8(ascii: "-"))
            guard let year = digits(4), take(UInt8(ascii: "-")), let month = digits(2), take(UInt8(ascii: "-")),
                  let day = digits(2), (1...12).contains(month), day >= 1 else { return nil }
            let signedYear = Int64(negative ? -year : year)
            let leap = signedYear % 4 == 0 && (signedYear % 100 != 0 || signedYear % 400 == 0)
            let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard day <= lengths[month - 1] else { return nil }
            return Int32(ISOTime.days(year: signedYear, month: Int64(month), day: Int64(day)))
        }
    }
}
