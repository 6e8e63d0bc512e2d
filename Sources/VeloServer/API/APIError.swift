import VeloSQL

/// An answer other than success, rendered as `{"error":{…},"errors":[…]}` with its HTTP status
/// (docs/api.md). SQL errors keep their line, column and hint.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public struct Detail: Sendable, Codable, Equatable {
        public var message: String
        public var line: Int?
        public var column: Int?
        public var hint: String?

        public init(message: String, line: Int? = nil, column: Int? = nil, hint: String? = nil) {
            self.message = message
            self.line = line
            self.column = column
            self.hint = hint
        }

        public init(_ error: SyntaxError) {
            self.init(message: error.message, line: error.line, column: error.column, hint: error.hint)
        }
    }

    public var status: Int
    public var details: [Detail]

    public init(_ status: Int, _ message: String, hint: String? = nil) {
        self.status = status
        details = [Detail(message: message, hint: hint)]
    }

    public init(_ status: Int, sqlErrors: [SyntaxError]) {
        self.status = status
        details = sqlErrors.map(Detail.init)
    }

    public var description: String { "\(status): " + details.map(\.message).joined(separator: "; ") }

    static func badRequest(_ message: String, hint: String? = nil) -> APIError { APIError(400, message, hint: hint) }
    static func notFound(_ message: String) -> APIError { APIError(404, message) }
    static func conflict(_ message: String, hint: String? = nil) -> APIError { APIError(409, message, hint: hint) }
}

/// The JSON body of an error.
struct ErrorBody: Encodable {
    var error: APIError.Detail
    var errors: [APIError.Detail]?

    init(_ error: APIError) {
        self.error = error.details.first ?? APIError.Detail(message: "error")
        errors = error.details.count > 1 ? error.details : nil
    }
}
