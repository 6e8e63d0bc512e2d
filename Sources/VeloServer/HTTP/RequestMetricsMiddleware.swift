import Hummingbird
import Metrics

/// `velo_http_requests_total{method,route,status}` and `velo_http_request_duration_seconds{method,route}`.
/// The route is the matched pattern (`/api/v1/jobs/{name}`), so job names do not explode the series.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let factory: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        let method = request.method.rawValue
        Counter(label: "velo_http_requests_total", dimensions: [("method", method), ("route", route), ("status", "\(response.status.code)")], factory: factory)
            .increment()
        let spent = ContinuousClock.now - started
        Timer(label: "velo_http_request_duration_seconds", dimensions: [("method", method), ("route", route)], factory: factory)
            .recordNanoseconds(spent.components.seconds * 1_000_000_000 + spent.components.attoseconds / 1_000_000_000)
        return response
    }
}
