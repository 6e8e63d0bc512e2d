/// `velo-sql fmt` without the file system: source in, canonical text or rendered errors out.
public struct SQLFormatter: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The canonical text, and whether it differs from the input.
        case formatted(String, changed: Bool)
        /// The source does not parse: every error, rendered with line, column and caret.
        case invalid(errors: [SyntaxError], rendered: String)
    }

    public init() {}

    public func format(_ source: String, fileName: String? = nil) -> Outcome {
        let result = SQL.parse(source)
        guard result.isValid else {
            return .invalid(errors: result.errors, rendered: DiagnosticRenderer(source: source, fileName: fileName).render(result.errors))
        }
        let text = SQLPrinter.format(result)
        return .formatted(text, changed: text != source)
    }
}
