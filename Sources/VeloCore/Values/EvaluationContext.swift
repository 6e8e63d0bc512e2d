/// What an expression reports besides its value: errors that turned a result into NULL (division by
/// zero, a CAST that does not convert). One per operator instance, used from one thread at a time.
public final class EvaluationContext: @unchecked Sendable {
    /// Expression errors since the job started (the job's expression-error counter).
    public private(set) var errorCount = 0
    /// The most recent error, for logs and `describe`.
    public private(set) var lastError: String?

    public init() {}

    /// Records an expression error; the caller returns NULL.
    public func error(_ message: String) {
        errorCount += 1
        lastError = message
    }
}
