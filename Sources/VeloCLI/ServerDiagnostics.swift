import VeloSQL

/// The server's SQL errors shown like local ones: with the source line and a caret, rendered by
/// VeloSQL's DiagnosticRenderer against the text the user sent.
enum ServerDiagnostics {
    static func render(_ errors: [APIErrorDetail], source: String, fileName: String?) -> String {
        let renderer = DiagnosticRenderer(source: source, fileName: fileName)
        return errors.map { error in
            guard let syntaxError = syntaxError(error) else {
                return "error: \(error.message)\n" + (error.hint.map { " = hint: \($0)\n" } ?? "")
            }
            return renderer.render(syntaxError)
        }.joined(separator: "\n")
    }

    /// A positioned error as a SyntaxError one column wide (the API gives no end); nil without a line.
    static func syntaxError(_ error: APIErrorDetail) -> SyntaxError? {
        guard let line = error.line, line >= 1 else { return nil }
        let column = max(1, error.column ?? 1)
        let start = SourceLocation(line: line, column: column, offset: 0)
        let end = SourceLocation(line: line, column: column + 1, offset: 0)
        return SyntaxError(error.message, at: SourceSpan(start: start, end: end), hint: error.hint)
    }
}
