/// Everything that makes a command fail: printed as one line per problem on stderr, exit 1, no stack
/// trace (VeloCLI.main turns it into that).
enum CLIError: Error, Equatable, CustomStringConvertible {
    /// The request never got an answer: the URL asked and why (connection refused, timeout, …).
    case unreachable(url: String, reason: String)
    /// 401: the server has `auth.tokens` configured and got no token, or a wrong one.
    case unauthorized(tokenSent: Bool)
    /// Any other error answer; `errors` are the API's diagnostics (at least one).
    case server(status: Int, errors: [APIErrorDetail])
    /// An answer that is not what docs/api.md describes.
    case unexpectedAnswer(url: String, reason: String)
    /// A message the command words itself.
    case message(String)

    var description: String {
        switch self {
        case .unreachable(let url, let reason):
            "cannot reach \(url): \(reason)"
        case .unauthorized(let tokenSent):
            tokenSent
                ? "the server rejected the token: check --token or VELO_TOKEN"
                : "the server wants a token: pass --token or set VELO_TOKEN"
        case .server(let status, let errors):
            errors.isEmpty ? "the server answered HTTP \(status)" : errors.map(\.oneLine).joined(separator: "\n")
        case .unexpectedAnswer(let url, let reason):
            "unexpected answer from \(url): \(reason)"
        case .message(let text):
            text
        }
    }

    /// The diagnostics of a 400 answer when at least one has a position: SQL errors that can be shown
    /// against the text that was sent.
    var positionedSQLErrors: [APIErrorDetail]? {
        guard case .server(400, let errors) = self, errors.contains(where: { $0.line != nil }) else { return nil }
        return errors
    }

    /// The HTTP status of a server error (404 lets `describe` try the next kind of object).
    var status: Int? {
        if case .server(let status, _) = self { return status }
        if case .unauthorized = self { return 401 }
        return nil
    }
}

/// One diagnostic of an error answer: `{"message","line","column","hint"}`.
struct APIErrorDetail: Decodable, Equatable, Sendable {
    var message: String
    var line: Int?
    var column: Int?
    var hint: String?

    init(message: String, line: Int? = nil, column: Int? = nil, hint: String? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = container.lenient(String.self, .message) ?? "unknown error"
        line = container.lenient(Int.self, .line)
        column = container.lenient(Int.self, .column)
        hint = container.lenient(String.self, .hint)
    }

    private enum CodingKeys: String, CodingKey {
        case message, line, column, hint
    }

    /// `1:10: expected FROM, found 'FORM' (did you mean FROM?)`, the way velo-sql words a SyntaxError.
    var oneLine: String {
        var text = ""
        if let line {
            text += column.map { "\(line):\($0): " } ?? "line \(line): "
        }
        text += message
        if let hint { text += " (\(hint))" }
        return text
    }
}

/// The error body of every failed request: `{"error": {…}, "errors": [{…}, …]}`.
struct APIErrorBody: Decodable, Sendable {
    var error: APIErrorDetail?
    var errors: [APIErrorDetail]?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        error = container.lenient(APIErrorDetail.self, .error)
        errors = container.lenient([APIErrorDetail].self, .errors)
    }

    private enum CodingKeys: String, CodingKey {
        case error, errors
    }

    /// Every diagnostic once: `errors` when present (it includes the first), else `error`.
    var all: [APIErrorDetail] {
        if let errors, !errors.isEmpty { return errors }
        return error.map { [$0] } ?? []
    }
}
