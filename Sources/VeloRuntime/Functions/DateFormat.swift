import VeloCore

/// DATE_FORMAT patterns, in two styles: strftime/chrono (`%Y-%m-%d %H:%M:%S`, used when the pattern
/// holds a `%`) and Java (`yyyy-MM-dd HH:mm:ss.SSS`, with `'quoted'` literal text). Always UTC.
enum DateFormat {
    static func format(_ ms: Int64, pattern: String) -> String {
        let time = CivilTime(ms)
        return pattern.contains("%") ? strftime(time, ms, pattern) : java(time, pattern)
    }

    /// `%Y %y %m %d %e %H %I %M %S %p %j %a %A %b %B %h %u %w %V %s %Z %z %:z %F %T %D %R %n %t %%`,
    /// and fractions as in chrono: `%f` nanoseconds, `%3f` / `%6f` / `%9f` digits, `%.3f` with the
    /// point, `%L` milliseconds. Unknown directives are kept as written.
    static func strftime(_ time: CivilTime, _ ms: Int64, _ pattern: String) -> String {
        var out = ""
        var characters = pattern[...]
        while let character = characters.popFirst() {
            guard character == "%", let directive = characters.popFirst() else {
                out.append(character)
                continue
            }
            switch directive {
            case "Y": out += pad(time.year, 4)
            case "y": out += pad(CivilTime.modulo(time.year, 100), 2)
            case "C": out += pad(time.year / 100, 2)
            case "m": out += pad(time.month, 2)
            case "d": out += pad(time.day, 2)
            case "e": out += time.day < 10 ? " \(time.day)" : "\(time.day)"
            case "H": out += pad(time.hour, 2)
            case "k": out += time.hour < 10 ? " \(time.hour)" : "\(time.hour)"
            case "I": out += pad(time.hour12, 2)
            case "l": out += time.hour12 < 10 ? " \(time.hour12)" : "\(time.hour12)"
            case "M": out += pad(time.minute, 2)
            case "S": out += pad(time.second, 2)
            case "L": out += pad(time.millisecond, 3)
            case "f": out += pad(time.millisecond, 3) + "000000"
            case "p": out += time.hour < 12 ? "AM" : "PM"
            case "P": out += time.hour < 12 ? "am" : "pm"
            case "j": out += pad(time.dayOfYear, 3)
            case "a": out += String(time.dayName.prefix(3))
            case "A": out += time.dayName
            case "b", "h": out += String(time.monthName.prefix(3))
            case "B": out += time.monthName
            case "u": out += "\(time.isoWeekday)"
            case "w": out += "\(time.weekdayFromSunday)"
            case "V": out += pad(time.isoWeek, 2)
            case "s": out += "\(ISOTime.floorDivide(ms, 1_000))"
            case "Z": out += "UTC"
            case "z": out += "+0000"
            case "F": out += "\(pad(time.year, 4))-\(pad(time.month, 2))-\(pad(time.day, 2))"
            case "T": out += "\(pad(time.hour, 2)):\(pad(time.minute, 2)):\(pad(time.second, 2))"
            case "R": out += "\(pad(time.hour, 2)):\(pad(time.minute, 2))"
            case "D": out += "\(pad(time.month, 2))/\(pad(time.day, 2))/\(pad(CivilTime.modulo(time.year, 100), 2))"
            case "n": out += "\n"
            case "t": out += "\t"
            case "%": out += "%"
            case ":" where characters.first == "z":
                characters.removeFirst()
                out += "+00:00"
            case let digit where "369".contains(digit) && characters.first == "f":
                characters.removeFirst()
                out += fraction(time.millisecond, digits: Int(String(digit)) ?? 3)
            case "." where characters.first == "f":
                characters.removeFirst()
                out += "." + pad(time.millisecond, 3)
            case "." where ["3", "6", "9"].contains(characters.first) && characters.dropFirst().first == "f":
                let digits = Int(String(characters.removeFirst())) ?? 3
                characters.removeFirst()
                out += "." + fraction(time.millisecond, digits: digits)
            default:
                out.append("%")
                out.append(directive)
            }
        }
        return out
    }

    /// Java letters: y, M (M, MM, MMM, MMMM), d, D, H, h, k, K, m, s, S (fraction digits), a, E (EEE,
    /// EEEE), u, w, Z, X, z; `'text'` is literal and `''` a quote. Other characters are kept.
    static func java(_ time: CivilTime, _ pattern: String) -> String {
        var out = ""
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let letter = characters[index]
            if letter == "'" {
                // 'literal text', with '' inside (or on its own) for a single quote.
                var end = index + 1
                if end < characters.count, characters[end] == "'" {
                    out += "'"
                    index = end + 1
                    continue
                }
                while end < characters.count {
                    if characters[end] == "'" {
                        if end + 1 < characters.count, characters[end + 1] == "'" {
                            out += "'"
                            end += 2
                            continue
                        }
                        break
                    }
                    out.append(characters[end])
                    end += 1
                }
                index = end + 1
                continue
            }
            var run = 1
            while index + run < characters.count, characters[index + run] == letter { run += 1 }
            index += run
            switch letter {
            case "y": out += run == 2 ? pad(CivilTime.modulo(time.year, 100), 2) : pad(time.year, run)
            case "M":
                switch run {
                case 1: out += "\(time.month)"
                case 2: out += pad(time.month, 2)
                case 3: out += String(time.monthName.prefix(3))
                default: out += time.monthName
                }
            case "d": out += pad(time.day, run)
            case "D": out += pad(time.dayOfYear, run)
            case "H": out += pad(time.hour, run)
            case "k": out += pad(time.hour == 0 ? 24 : time.hour, run)
            case "h": out += pad(time.hour12, run)
            case "K": out += pad(time.hour % 12, run)
            case "m": out += pad(time.minute, run)
            case "s": out += pad(time.second, run)
            case "S": out += fraction(time.millisecond, digits: run)
            case "a": out += time.hour < 12 ? "AM" : "PM"
            case "E": out += run >= 4 ? time.dayName : String(time.dayName.prefix(3))
            case "u": out += pad(time.isoWeekday, run)
            case "w": out += pad(time.isoWeek, run)
            case "Z": out += run >= 4 ? "GMT" : "+0000"
            case "X": out += "Z"
            case "x": out += run >= 3 ? "+00:00" : "+00"
            case "z": out += "UTC"
            default: out += String(repeating: letter, count: run)
            }
        }
        return out
    }

    /// At least `width` digits, zero-padded; a negative number keeps its sign in front.
    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// The first `digits` digits of the second's fraction (only milliseconds are known; the rest are 0).
    static func fraction(_ millisecond: Int64, digits: Int) -> String {
        let text = pad(millisecond, 3)
        return digits <= 3 ? String(text.prefix(digits)) : text + String(repeating: "0", count: digits - 3)
    }
}
