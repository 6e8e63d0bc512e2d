import Hummingbird
import Synchronization

/// Every route the server registers ("GET /api/v1/jobs/{name}"), so a test can hold them against
/// docs/openapi.yaml in both directions.
public final class RouteLog: Sendable {
    private let entries = Mutex<[String]>([])

    public var routes: [String] { entries.withLock { $0 } }

    func append(_ route: String) {
        entries.withLock { $0.append(route) }
    }
}

/// Router methods that register on `base` and write each route into the log.
struct LoggingRoutes<Base: RouterMethods>: RouterMethods {
    typealias Context = Base.Context
    let base: Base
    let prefix: String
    let log: RouteLog

    @discardableResult
    func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method, responder: Responder) -> Self where Responder.Context == Context {
        let full = prefix + path.description
        log.append("\(method.rawValue) \(full)")
        base.on(path, method: method, responder: responder)
        return self
    }

    func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        LoggingRoutes(base: base.add(middleware: middleware), prefix: prefix, log: log)
    }
}
