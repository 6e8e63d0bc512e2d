import Hummingbird

/// `Authorization: Bearer <token>` on /api/v1 when tokens are configured (401 otherwise). Tokens are
/// compared in constant time, so response timing tells nothing about how much of a guess was right.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: [[UInt8]]

    init(tokens: [String]) {
        self.tokens = tokens.map { Array($0.utf8) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !tokens.isEmpty else { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw APIError(401, "this server needs a bearer token", hint: "send Authorization: Bearer <token> (velo-cli --token or VELO_TOKEN)")
        }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else {
            throw APIError(401, "the Authorization header is not 'Bearer <token>'")
        }
        let presented = Array(header.dropFirst(prefix.count).utf8)
        // Check every token, whatever matched, so the time does not depend on which one did.
        var accepted = false
        for token in tokens where ConstantTime.equals(token, presented) { accepted = true }
        guard accepted else { throw APIError(401, "the bearer token is not accepted") }
        return try await next(request, context)
    }
}

enum ConstantTime {
    /// Compares every byte of the longer input; lengths differing is folded into the result.
    static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0 && a.count == b.count
    }
}
