import VeloSQL

/// Collects input lines until they hold complete statements: a statement ends at a `;` that is not
/// inside a string, a quoted identifier or a comment. VeloSQL's lexer decides what is inside what,
/// so the REPL splits exactly where the parser will (nested block comments, `''` in strings, …).
struct StatementBuffer: Sendable {
    /// The input not yet part of a complete statement, lines joined by newlines.
    private(set) var pending = ""

    /// True when nothing is pending (the prompt is `velo> `, not `   -> `).
    var isEmpty: Bool { pending.isEmpty }

    /// Adds a line (it may itself hold several lines: a recalled multi-line history entry) and
    /// returns the statements it completes, each with its `;`, in order.
    mutating func add(_ line: String) -> [String] {
        if pending.isEmpty {
            // Blank lines between statements are not the start of one.
            guard !line.allSatisfy(\.isWhitespace) else { return [] }
            pending = line
        } else {
            pending += "\n" + line
        }
        // No `;` yet (or an open string or comment): the statement goes on. A comment alone stays
        // too: it may be the `-- @name:` annotation of the statement to come.
        guard let ends = Self.statementEnds(pending), !ends.isEmpty else { return [] }
        var statements: [String] = []
        let bytes = Array(pending.utf8)
        var start = 0
        for end in ends {
            let text = Self.trimmingLeadingWhitespace(String(decoding: bytes[start..<end], as: UTF8.self))
            // `;;` is an empty statement: nothing to run.
            if text != ";" { statements.append(text) }
            start = end
        }
        let rest = String(decoding: bytes[start...], as: UTF8.self)
        // What follows the last `;` stays pending, unless it is only spaces and comments.
        pending = Self.hasTokens(rest) ? Self.trimmingLeadingWhitespace(rest) : ""
        return statements
    }

    mutating func clear() {
        pending = ""
    }

    /// At the end of the input: what is pending as a last statement (without its `;`), if anything
    /// but spaces and comments is.
    mutating func finish() -> String? {
        defer { pending = "" }
        return Self.hasTokens(pending) ? pending : nil
    }

    /// The UTF-8 offsets just past each statement-ending `;`; nil while a string, quoted identifier
    /// or comment is still open (the statement goes on on the next line).
    static func statementEnds(_ text: String) -> [Int]? {
        let output: Lexer.Output
        do {
            output = try Lexer.tokenizeRecovering(text)
        } catch {
            return nil
        }
        return output.tokens.compactMap { token in
            if case .symbol(";") = token.kind { return token.span.end.offset }
            return nil
        }
    }

    /// Whether `text` holds anything but whitespace and comments (an open string or comment counts).
    static func hasTokens(_ text: String) -> Bool {
        guard let output = try? Lexer.tokenizeRecovering(text) else { return true }
        return output.tokens.contains { $0.kind != .endOfInput } || !output.errors.isEmpty
    }

    private static func trimmingLeadingWhitespace(_ text: String) -> String {
        String(text.drop { $0.isWhitespace })
    }
}
