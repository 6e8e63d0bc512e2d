import VeloCore
import VeloSQL

/// `WINDOW TUMBLING | HOPPING | SLIDING | SESSION (…) [GRACE PERIOD d]` → a `WindowSpec` in
/// milliseconds, with the reasons a window cannot be what was written.
enum WindowPlanner {
    static func plan(_ clause: WindowClause, binder: ExpressionBinder) throws(SyntaxError) -> WindowSpec {
        let size = try duration(clause.size, what: clause.kind == .session ? "the session gap" : "the window size")
        var advance: Int64?
        let kind: WindowSpec.Kind
        switch clause.kind {
        case .tumbling:
            kind = .tumbling
        case .session:
            kind = .session
        case .hopping, .sliding:
            kind = .hopping
            guard let written = clause.advance else {
                throw SyntaxError("\(clause.kind.rawValue) needs an advance: \(clause.kind.rawValue)(ts, size, advance)", at: clause.span,
                                  hint: "e.g. \(clause.kind.rawValue)(ts, INTERVAL '10' SECOND, INTERVAL '2' SECOND)")
            }
            let step = try duration(written, what: "the advance")
            guard step <= size else {
                throw SyntaxError("the advance (\(step) ms) is longer than the window (\(size) ms): records between windows would be lost",
                                  at: written.span, hint: "use an advance ≤ the size (equal is a tumbling window)")
            }
            guard size / step <= 1_000 else {
                throw SyntaxError("a \(size) ms window advancing by \(step) ms puts each record in \(size / step) windows", at: written.span,
                                  hint: "keep size / advance ≤ 1000")
            }
            advance = step
        }
        let grace = try clause.grace.map { (grace) throws(SyntaxError) in try duration(grace, what: "the grace period", allowZero: true) } ?? 0
        var time: ScalarExpr?
        if let column = clause.timeColumn {
            let bound = try binder.bind(column)
            guard [.timestamp, .bigint, .int, .any].contains(bound.type) else {
                throw SyntaxError("the window's time column must be a TIMESTAMP or epoch-ms BIGINT, found \(bound.type)", at: column.span,
                                  hint: "declare it TIMESTAMP (reads epoch ms or ISO-8601)")
            }
            time = bound.expression
        }
        return WindowSpec(kind: kind, sizeMs: size, advanceMs: advance, graceMs: grace, time: time)
    }

    /// `INTERVAL '10' SECOND` or `10s` in milliseconds.
    static func duration(_ expression: Expr, what: String, allowZero: Bool = false) throws(SyntaxError) -> Int64 {
        guard case .literal(.interval(let value, let unit, _)) = expression.kind else {
            throw SyntaxError("\(what) must be a duration", at: expression.span, hint: "write INTERVAL '10' SECOND or 10s")
        }
        let milliseconds = TypeConversion.milliseconds(value, unit)
        guard milliseconds > 0 || (allowZero && milliseconds == 0) else {
            throw SyntaxError("\(what) must be longer than 0", at: expression.span)
        }
        return milliseconds
    }

    /// A WITH property duration: `'5s'`, `'250ms'`, `'1m'`, `'2h'`, or a number of milliseconds.
    static func propertyDuration(_ text: String, key: String, span: SourceSpan) throws(SyntaxError) -> Int64 {
        let trimmed = String(text.lowercased().filter { $0 != " " })
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, milliseconds) in units where trimmed.hasSuffix(suffix) {
            if let count = Int64(trimmed.dropLast(suffix.count)), count >= 0 {
                return count * milliseconds
            }
        }
        if let milliseconds = Int64(trimmed), milliseconds >= 0 { return milliseconds }
        throw SyntaxError("'\(key)' must be a duration, got '\(text)'", at: span, hint: "write '5s', '250ms', '1m' or '2h'")
    }
}
