import VeloCore

/// Date and time functions, all in UTC. A time argument may be a TIMESTAMP, a DATE (its midnight),
/// epoch milliseconds or ISO-8601 text: schema-less JSON carries times as numbers or strings.
enum TimeFunctions {
    static let table = FunctionSupport.table([
        FunctionSupport.function("NOW", 0...0) { _, context in .timestamp(context.now()) },
        FunctionSupport.function("EXTRACT", 2...2, extract),
        FunctionSupport.function("DATE_TRUNC", 2...2, dateTrunc),
        FunctionSupport.function("DATE_FORMAT", 2...2) { arguments, context in
            guard let ms = timestamp(arguments[0]) else { return notATime(arguments[0], "DATE_FORMAT", context) }
            return .string(DateFormat.format(ms, pattern: FunctionSupport.text(arguments[1])))
        },
        FunctionSupport.function("FROM_UNIXTIME", 1...1, fromUnixTime),
        FunctionSupport.function("UNIX_TIMESTAMP", 0...1) { arguments, context in
            guard let argument = arguments.first else { return .int(ISOTime.floorDivide(context.now(), 1_000)) }
            guard let ms = timestamp(argument) else { return notATime(argument, "UNIX_TIMESTAMP", context) }
            return .int(ISOTime.floorDivide(ms, 1_000))
        },
        FunctionSupport.function("TUMBLE_START", 2...2) { arguments, context in tumble(arguments, context, end: false) },
        FunctionSupport.function("TUMBLE_END", 2...2) { arguments, context in tumble(arguments, context, end: true) },
    ])

    /// A time argument as epoch milliseconds, nil when it is not one.
    static func timestamp(_ value: Value) -> Int64? {
        switch value {
        case .timestamp(let ms), .int(let ms): ms
        case .date(let days): Int64(days) * 86_400_000
        case .string(let text): ISOTime.parseTimestamp(text) ?? Int64(text)
        default: nil
        }
    }

    static func notATime(_ value: Value, _ name: String, _ context: FunctionContext) -> Value {
        if case .string(let text) = value { return context.fail("\(name): '\(text.prefix(100))' is not a timestamp") }
        return context.fail("\(name) needs a TIMESTAMP, got \(ValueCast.kindName(value))")
    }

    /// EXTRACT(unit, ts): YEAR, QUARTER, MONTH, WEEK (ISO), DAY, HOUR, MINUTE, SECOND, MILLISECOND
    /// (0–999), DOW (0 = Sunday), ISODOW (1 = Monday), DOY, EPOCH (seconds).
    @Sendable
    static func extract(_ arguments: [Value], _ context: FunctionContext) -> Value {
        let unit = FunctionSupport.text(arguments[0]).uppercased()
        guard let ms = timestamp(arguments[1]) else { return notATime(arguments[1], "EXTRACT", context) }
        let time = CivilTime(ms)
        switch unit {
        case "YEAR": return .int(time.year)
        case "QUARTER": return .int((time.month - 1) / 3 + 1)
        case "MONTH": return .int(time.month)
        case "WEEK": return .int(time.isoWeek)
        case "DAY", "DAYOFMONTH": return .int(time.day)
        case "HOUR": return .int(time.hour)
        case "MINUTE": return .int(time.minute)
        case "SECOND": return .int(time.second)
        case "MILLISECOND", "MILLISECONDS": return .int(time.millisecond)
        case "DOW", "DAYOFWEEK": return .int(time.weekdayFromSunday)
        case "ISODOW": return .int(time.isoWeekday)
        case "DOY", "DAYOFYEAR": return .int(time.dayOfYear)
        case "EPOCH": return .int(ISOTime.floorDivide(ms, 1_000))
        default: return context.fail("EXTRACT: unknown unit '\(unit.prefix(40))'")
        }
    }

    /// DATE_TRUNC(unit, ts): the start of the unit holding ts; weeks start on Monday (ISO).
    @Sendable
    static func dateTrunc(_ arguments: [Value], _ context: FunctionContext) -> Value {
        let unit = FunctionSupport.text(arguments[0]).lowercased()
        guard let ms = timestamp(arguments[1]) else { return notATime(arguments[1], "DATE_TRUNC", context) }
        let time = CivilTime(ms)
        let day: Int64 = 86_400_000
        let start: Int64
        switch unit {
        case "millisecond", "milliseconds": start = ms
        case "second", "seconds": start = ISOTime.floorDivide(ms, 1_000) * 1_000
        case "minute", "minutes": start = ISOTime.floorDivide(ms, 60_000) * 60_000
        case "hour", "hours": start = ISOTime.floorDivide(ms, 3_600_000) * 3_600_000
        case "day", "days": start = time.days * day
        case "week", "weeks": start = (time.days - (time.isoWeekday - 1)) * day
        case "month", "months": start = ISOTime.days(year: time.year, month: time.month, day: 1) * day
        case "quarter", "quarters": start = ISOTime.days(year: time.year, month: (time.month - 1) / 3 * 3 + 1, day: 1) * day
        case "year", "years": start = ISOTime.days(year: time.year, month: 1, day: 1) * day
        default: return context.fail("DATE_TRUNC: unknown unit '\(unit.prefix(40))'")
        }
        return .timestamp(start)
    }

    /// FROM_UNIXTIME(seconds): fractions of a second are kept to the millisecond (rounded down).
    @Sendable
    static func fromUnixTime(_ arguments: [Value], _ context: FunctionContext) -> Value {
        let overflow = "FROM_UNIXTIME: \(FunctionSupport.text(arguments[0]).prefix(40)) seconds is out of range"
        switch arguments[0] {
        case .int(let seconds):
            let (ms, overflowed) = seconds.multipliedReportingOverflow(by: 1_000)
            return overflowed ? context.fail(overflow) : .timestamp(ms)
        case .decimal(let seconds):
            guard let ms = seconds.multiplying(by: SQLDecimal(1_000))?.rescaled(to: 0, rounding: .down)?.int64Value else {
                return context.fail(overflow)
            }
            return .timestamp(ms)
        case .double(let seconds):
            guard let ms = Int64(exactly: (seconds * 1_000).rounded(.down)) else { return context.fail(overflow) }
            return .timestamp(ms)
        default:
            return context.fail("FROM_UNIXTIME needs a number, got \(ValueCast.kindName(arguments[0]))")
        }
    }

    /// TUMBLE_START/TUMBLE_END(ts, size): the epoch-aligned window [start, start + size) holding ts.
    static func tumble(_ arguments: [Value], _ context: FunctionContext, end: Bool) -> Value {
        let name = end ? "TUMBLE_END" : "TUMBLE_START"
        guard let ms = timestamp(arguments[0]) else { return notATime(arguments[0], name, context) }
        let size: Int64
        switch arguments[1] {
        case .interval(let value), .int(let value): size = value
        default: return context.fail("\(name) needs an INTERVAL size, got \(ValueCast.kindName(arguments[1]))")
        }
        guard size > 0 else { return context.fail("\(name): the window size must be positive") }
        let (start, overflow) = ISOTime.floorDivide(ms, size).multipliedReportingOverflow(by: size)
        guard !overflow else { return context.fail("\(name): timestamp out of range") }
        guard end else { return .timestamp(start) }
        let (finish, endOverflow) = start.addingReportingOverflow(size)
        return endOverflow ? context.fail("\(name): timestamp out of range") : .timestamp(finish)
    }
}

/// A UTC instant broken into calendar fields.
struct CivilTime {
    /// Days since 1970-01-01.
    let days: Int64
    let millisecondOfDay: Int64
    let year: Int64
    let month: Int64
    let day: Int64

    init(_ epochMilliseconds: Int64) {
        days = ISOTime.floorDivide(epochMilliseconds, 86_400_000)
        millisecondOfDay = epochMilliseconds - days * 86_400_000
        (year, month, day) = ISOTime.civil(fromDays: days)
    }

    var hour: Int64 { millisecondOfDay / 3_600_000 }
    var minute: Int64 { millisecondOfDay / 60_000 % 60 }
    var second: Int64 { millisecondOfDay / 1_000 % 60 }
    var millisecond: Int64 { millisecondOfDay % 1_000 }
    /// 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    var weekdayFromSunday: Int64 { Self.modulo(days + 4, 7) }
    /// 1 = Monday … 7 = Sunday.
    var isoWeekday: Int64 { Self.modulo(days + 3, 7) + 1 }
    /// 1 … 366.
    var dayOfYear: Int64 { days - ISOTime.days(year: year, month: 1, day: 1) + 1 }
    /// The ISO-8601 week number (1 … 53): the week holding the year's first Thursday is week 1.
    var isoWeek: Int64 {
        let thursday = days - (isoWeekday - 1) + 3
        let thursdayYear = ISOTime.civil(fromDays: thursday).year
        return (thursday - ISOTime.days(year: thursdayYear, month: 1, day: 1)) / 7 + 1
    }
    /// 1 … 12 on a 12-hour clock.
    var hour12: Int64 { hour % 12 == 0 ? 12 : hour % 12 }

    static func modulo(_ a: Int64, _ b: Int64) -> Int64 {
        let r = a % b
        return r < 0 ? r + b : r
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    var monthName: String { Self.monthNames[Int(month - 1)] }
    var dayName: String { Self.dayNames[Int(weekdayFromSunday)] }
}
