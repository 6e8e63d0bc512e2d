import Hummingbird
import Logging

/// Every failure leaves as the JSON error of docs/api.md: our own `APIError`s with their status,
/// Hummingbird's (404 for an unknown route, 405 …) with theirs, anything else as 500 — logged, and
/// the server goes on serving.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return JSONResponse.error(error)
        } catch let error as HTTPError {
            let message = error.status == .notFound ? "no such route: \(request.method) \(request.uri.path)" : (error.body ?? error.status.reasonPhrase)
            return JSONResponse.error(APIError(Int(error.status.code), message))
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return JSONResponse.error(APIError(500, "internal error: \(error)"))
        }
    }
}
