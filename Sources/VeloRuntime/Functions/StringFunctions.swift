import VeloCore

/// String functions. A character is a Unicode scalar (as in PostgreSQL and the Rust Velostream):
/// LENGTH, SUBSTRING, POSITION, LEFT/RIGHT and the padding functions all count scalars.
enum StringFunctions {
    /// The longest result LPAD/RPAD build, so a bad argument cannot exhaust memory.
    static let maxPaddedLength: Int64 = 10_000_000

    static let table = FunctionSupport.table([
        FunctionSupport.function("UPPER", 1...1) { arguments, _ in .string(FunctionSupport.text(arguments[0]).uppercased()) },
        FunctionSupport.function("LOWER", 1...1) { arguments, _ in .string(FunctionSupport.text(arguments[0]).lowercased()) },
        FunctionSupport.function("LENGTH", 1...1) { arguments, _ in .int(Int64(FunctionSupport.text(arguments[0]).unicodeScalars.count)) },
        FunctionSupport.function("SUBSTRING", 2...3, substring),
        FunctionSupport.function("LEFT", 2...2) { arguments, context in leftOrRight(arguments, context, left: true) },
        FunctionSupport.function("RIGHT", 2...2) { arguments, context in leftOrRight(arguments, context, left: false) },
        FunctionSupport.function("REPLACE", 3...3, replace),
        FunctionSupport.function("TRIM", 1...2) { arguments, _ in trim(arguments, leading: true, trailing: true) },
        FunctionSupport.function("LTRIM", 1...2) { arguments, _ in trim(arguments, leading: true, trailing: false) },
        FunctionSupport.function("RTRIM", 1...2) { arguments, _ in trim(arguments, leading: false, trailing: true) },
        // CONCAT is NULL when any argument is (as `||`, Flink and the Rust Velostream).
        FunctionSupport.function("CONCAT", 1...FunctionCatalog.maxArguments) { arguments, _ in
            .string(arguments.map(FunctionSupport.text).joined())
        },
        FunctionSupport.function("SPLIT_PART", 3...3, splitPart),
        FunctionSupport.function("REGEXP_REPLACE", 3...4, regexpReplace),
        FunctionSupport.function("POSITION", 2...2, position),
        FunctionSupport.function("LPAD", 2...3) { arguments, context in pad(arguments, context, left: true) },
        FunctionSupport.function("RPAD", 2...3) { arguments, context in pad(arguments, context, left: false) },
    ])

    /// SUBSTRING(s, start[, length]): the characters at positions [start, start + length) that exist;
    /// positions before 1 count but yield nothing (`SUBSTRING('hello', 0, 3)` is 'he', as in SQL).
    @Sendable
    static func substring(_ arguments: [Value], _ context: FunctionContext) -> Value {
        let scalars = Array(FunctionSupport.text(arguments[0]).unicodeScalars)
        guard let start = FunctionSupport.integer(arguments[1]) else { return context.fail("SUBSTRING start must be an integer") }
        var end = Int64.max
        if arguments.count > 2 {
            guard let length = FunctionSupport.integer(arguments[2]) else { return context.fail("SUBSTRING length must be an integer") }
            guard length >= 0 else { return context.fail("SUBSTRING length must not be negative") }
            let (sum, overflow) = start.addingReportingOverflow(length)
            end = overflow ? Int64.max : sum
        }
        let lower = max(start, 1)
        let upper = min(end, Int64(scalars.count) + 1)
        guard lower < upper else { return .string("") }
        return .string(FunctionSupport.string(scalars[Int(lower - 1)..<Int(upper - 1)]))
    }

    /// LEFT(s, n) / RIGHT(s, n); a negative n leaves off |n| characters from the other end.
    static func leftOrRight(_ arguments: [Value], _ context: FunctionContext, left: Bool) -> Value {
        let scalars = Array(FunctionSupport.text(arguments[0]).unicodeScalars)
        guard let n = FunctionSupport.integer(arguments[1]) else { return context.fail("\(left ? "LEFT" : "RIGHT") length must be an integer") }
        let count = Int64(scalars.count)
        let keep = Int(n >= 0 ? min(n, count) : max(count + n, 0))
        return .string(FunctionSupport.string(left ? scalars.prefix(keep) : scalars.suffix(keep)))
    }

    @Sendable
    static func replace(_ arguments: [Value], _ context: FunctionContext) -> Value {
        let subject = FunctionSupport.text(arguments[0])
        let from = FunctionSupport.text(arguments[1])
        guard !from.isEmpty else { return .string(subject) }
        let replaced = subject.unicodeScalars.replacing(from.unicodeScalars, with: FunctionSupport.text(arguments[2]).unicodeScalars)
        return .string(String(replaced))
    }

    /// Whitespace by default; with a second argument, any of its characters.
    static func trim(_ arguments: [Value], leading: Bool, trailing: Bool) -> Value {
        let scalars = FunctionSupport.text(arguments[0]).unicodeScalars
        let set = arguments.count > 1 ? Set(FunctionSupport.text(arguments[1]).unicodeScalars) : nil
        let strip: (Unicode.Scalar) -> Bool = { set?.contains($0) ?? $0.properties.isWhitespace }
        var start = scalars.startIndex
        var end = scalars.endIndex
        if leading {
            while start < end, strip(scalars[start]) { start = scalars.index(after: start) }
        }
        if trailing {
            while end > start, strip(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        }
        return .string(FunctionSupport.string(scalars[start..<end]))
    }

    /// SPLIT_PART(s, delimiter, n): fields are 1-based; a negative n counts from the end; past the last
    /// field the result is '' (PostgreSQL). An empty delimiter leaves s whole (one field).
    @Sendable
    static func splitPart(_ arguments: [Value], _ context: FunctionContext) -> Value {
        let subject = FunctionSupport.text(arguments[0])
        let delimiter = FunctionSupport.text(arguments[1])
        guard let n = FunctionSupport.integer(arguments[2]) else { return context.fail("SPLIT_PART field number must be an integer") }
        guard n != 0 else { return context.fail("SPLIT_PART field number must not be 0") }
        let fields: [String] = delimiter.isEmpty
            ? [subject]
            : subject.unicodeScalars.split(separator: delimiter.unicodeScalars, omittingEmptySubsequences: false)
                .map { FunctionSupport.string($0) }
        let index = n > 0 ? n - 1 : Int64(fields.count) + n
        guard index >= 0, index < Int64(fields.count) else { return .string("") }
        return .string(fields[Int(index)])
    }

    /// REGEXP_REPLACE(s, pattern, replacement[, flags]): the first match unless flags has `g`; `i`
    /// ignores case, `m` makes ^ and $ match at line ends, `s` lets `.` match a newline. In the
    /// replacement `$1`/`\1` (or `${name}`) insert a group, `$$` a dollar sign.
    @Sendable
    static func regexpReplace(_ arguments: [Value], _ context: FunctionContext) -> Value {
        let subject = FunctionSupport.text(arguments[0])
        let pattern = FunctionSupport.text(arguments[1])
        let replacement = ReplacementTemplate(FunctionSupport.text(arguments[2]))
        var global = false
        var ignoreCase = false
        var multiline = false
        var dotAll = false
        for flag in arguments.count > 3 ? FunctionSupport.text(arguments[3]) : "" {
            switch flag {
            case "g": global = true
            case "i": ignoreCase = true
            case "m": multiline = true
            case "s": dotAll = true
            default: return context.fail("REGEXP_REPLACE: unknown flag '\(flag)' (g, i, m and s are known)")
            }
        }
        guard var regex = context.regex(pattern) else {
            return context.fail("REGEXP_REPLACE: invalid regular expression '\(pattern.prefix(100))'")
        }
        if ignoreCase { regex = regex.ignoresCase() }
        if multiline { regex = regex.anchorsMatchLineEndings() }
        if dotAll { regex = regex.dotMatchesNewlines() }
        let result = subject.replacing(regex, maxReplacements: global ? Int.max : 1) { match in
            replacement.expand(match)
        }
        return .string(result)
    }

    /// POSITION(sub, s): 1-based, 0 when absent, 1 for an empty sub.
    @Sendable
    static func position(_ arguments: [Value], _ context: FunctionContext) -> Value {
        let needle = FunctionSupport.text(arguments[0]).unicodeScalars
        let haystack = FunctionSupport.text(arguments[1]).unicodeScalars
        guard let range = haystack.firstRange(of: needle) else { return .int(0) }
        return .int(Int64(haystack.distance(from: haystack.startIndex, to: range.lowerBound)) + 1)
    }

    /// LPAD/RPAD(s, n[, fill]): pads with fill (default a space) to n characters, or cuts s to n
    /// (keeping its start, as PostgreSQL). An empty fill cannot pad: s is only cut.
    static func pad(_ arguments: [Value], _ context: FunctionContext, left: Bool) -> Value {
        let name = left ? "LPAD" : "RPAD"
        let scalars = Array(FunctionSupport.text(arguments[0]).unicodeScalars)
        guard let n = FunctionSupport.integer(arguments[1]) else { return context.fail("\(name) length must be an integer") }
        guard n <= maxPaddedLength else { return context.fail("\(name) length \(n) is over \(maxPaddedLength)") }
        let length = Int(max(n, 0))
        let fill = Array(arguments.count > 2 ? FunctionSupport.text(arguments[2]).unicodeScalars : " ".unicodeScalars)
        if scalars.count >= length || fill.isEmpty { return .string(FunctionSupport.string(scalars.prefix(length))) }
        let missing = length - scalars.count
        let padding = (0..<missing).lazy.map { fill[$0 % fill.count] }
        return .string(left ? FunctionSupport.string(padding) + FunctionSupport.string(scalars)
                            : FunctionSupport.string(scalars) + FunctionSupport.string(padding))
    }
}

/// A REGEXP_REPLACE replacement, parsed once per call into literal text and group references.
struct ReplacementTemplate {
    enum Part {
        case text(String)
        case group(Int)
        case named(String)
    }

    var parts: [Part] = []

    init(_ template: String) {
        var literal = ""
        var scalars = template.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            guard scalar == "$" || scalar == "\\", let next = scalars.first else {
                literal.unicodeScalars.append(scalar)
                continue
            }
            if let digit = next.properties.numericType == .decimal ? Int(String(next)) : nil {
                scalars.removeFirst()
                flush(&literal)
                parts.append(.group(digit))
            } else if scalar == "$", next == "$" {
                scalars.removeFirst()
                literal += "$"
            } else if scalar == "\\", next == "\\" {
                scalars.removeFirst()
                literal += "\\"
            } else if scalar == "$", next == "{", let close = scalars.firstIndex(of: "}") {
                let name = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                scalars = scalars[scalars.index(after: close)...]
                flush(&literal)
                parts.append(Int(name).map(Part.group) ?? .named(name))
            } else {
                literal.unicodeScalars.append(scalar)
            }
        }
        flush(&literal)
    }

    private mutating func flush(_ literal: inout String) {
        if !literal.isEmpty { parts.append(.text(literal)) }
        literal = ""
    }

    /// The replacement for one match; a group that did not take part (or does not exist) is empty.
    func expand(_ match: Regex<AnyRegexOutput>.Match) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let text):
                out += text
            case .group(let index):
                if index < match.output.count, let substring = match.output[index].substring { out += substring }
            case .named(let name):
                if let substring = match.output[name]?.substring { out += substring }
            }
        }
        return out
    }
}
