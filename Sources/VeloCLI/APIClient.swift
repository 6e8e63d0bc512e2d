import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One answer: its HTTP status, its body, and the URL that was asked (for error messages).
struct APIResponse: Sendable {
    var status: Int
    var body: Data
    var url: String

    func decode<T: Decodable>(_ type: T.Type) throws(CLIError) -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw .unexpectedAnswer(url: url, reason: APIResponse.describe(error))
        }
    }

    /// The body as an ordered JSON tree (for `--output json`).
    func json() throws(CLIError) -> JSONValue {
        do {
            return try JSONValue.parse(Array(body))
        } catch {
            throw .unexpectedAnswer(url: url, reason: "not JSON: \(error)")
        }
    }

    /// `jobs[0].name`.
    private static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing field '\(path(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "field '\(path(context.codingPath))': \(context.debugDescription)"
        case DecodingError.dataCorrupted:
            "not JSON"
        default:
            "\(error)"
        }
    }
}

/// The HTTP client of the job server's API (docs/api.md): plain requests, error mapping, and the
/// NDJSON stream of `POST /api/v1/query`. Uses Foundation's URLSession, so it needs no dependency.
struct APIClient: Sendable {
    /// `http://host:port`, without a trailing slash.
    var baseURL: String
    var token: String?
    /// Seconds a plain request may take.
    var timeout: TimeInterval = 30

    func url(_ path: String) -> String {
        baseURL + path
    }

    /// A path segment (a job, stream or table name) with `/`, `?`, `#` and friends escaped.
    static func segment(_ name: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#;")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }

    // MARK: Plain requests

    /// Sends a request; answers with a status in `accepted` are returned, any other becomes the error
    /// the API describes (`CLIError.server`, or `.unauthorized` for 401).
    func send(
        _ method: String, _ path: String, body: JSONValue? = nil, accepted: Set<Int> = Set(200..<300)
    ) async throws(CLIError) -> APIResponse {
        let request = try makeRequest(method, path, body: body, timeout: timeout)
        let address = url(path)
        let box = TaskBox()
        let outcome: Result<(Int, Data), any Error> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let task = URLSession.shared.dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(returning: .failure(error))
                    } else if let http = response as? HTTPURLResponse {
                        continuation.resume(returning: .success((http.statusCode, data ?? Data())))
                    } else {
                        continuation.resume(returning: .failure(URLError(.badServerResponse)))
                    }
                }
                box.start(task)
            }
        } onCancel: {
            box.cancel()
        }
        switch outcome {
        case .failure(let error):
            throw APIClient.transportError(error, url: address, timeout: timeout)
        case .success(let (status, data)):
            guard accepted.contains(status) else { throw APIClient.errorAnswer(status: status, body: data, tokenSent: token != nil) }
            return APIResponse(status: status, body: data, url: address)
        }
    }

    func get(_ path: String, accepted: Set<Int> = Set(200..<300)) async throws(CLIError) -> APIResponse {
        try await send("GET", path, accepted: accepted)
    }

    /// nil for 404 (`describe` then asks for the next kind of object).
    func getIfPresent(_ path: String) async throws(CLIError) -> APIResponse? {
        let response = try await send("GET", path, accepted: Set(200..<300).union([404]))
        return response.status == 404 ? nil : response
    }

    func post(_ path: String, body: JSONValue? = nil) async throws(CLIError) -> APIResponse {
        try await send("POST", path, body: body)
    }

    private func makeRequest(_ method: String, _ path: String, body: JSONValue?, timeout: TimeInterval) throws(CLIError) -> URLRequest {
        guard let url = URL(string: url(path)) else { throw .message("not a valid URL: \(url(path))") }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("application/json, application/x-ndjson", forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.rendered(pretty: false, sortedKeys: false).utf8)
        }
        return request
    }

    // MARK: NDJSON streaming

    /// Sends the request and yields the answer's lines as they arrive, in the batches they arrived
    /// in (the lines of one network read together), and a `.tick` every `tickInterval` seconds so the
    /// reader can act on time passing (the live table shows its header when rows are slow to come).
    /// Ending iteration (or cancelling the task that iterates) cancels the request, which tells the
    /// server to stop the query.
    func streamLines(
        _ method: String, _ path: String, body: JSONValue?, idleTimeout: TimeInterval, tickInterval: TimeInterval? = nil
    ) throws(CLIError) -> AsyncThrowingStream<StreamEvent, any Error> {
        let request = try makeRequest(method, path, body: body, timeout: idleTimeout)
        let address = url(path)
        return AsyncThrowingStream { continuation in
            let delegate = LineStreamDelegate(url: address, timeout: idleTimeout, tokenSent: token != nil, continuation: continuation)
            // One serial queue for the delegate's callbacks and the ticks: the delegate's state is
            // touched by one callback at a time.
            let serial = DispatchQueue(label: "velo-cli.stream")
            let queue = OperationQueue()
            queue.maxConcurrentOperationCount = 1
            queue.underlyingQueue = serial
            let session = URLSession(configuration: .ephemeral, delegate: delegate, delegateQueue: queue)
            let task = session.dataTask(with: request)
            let box = TaskBox()
            if let tickInterval {
                let timer = TickTimer(queue: serial, interval: tickInterval) { continuation.yield(.tick) }
                box.onCancel = { timer.cancel() }
            }
            continuation.onTermination = { _ in box.cancel() }
            box.start(task)
            // The session keeps its delegate until invalidated; this lets the task finish first.
            session.finishTasksAndInvalidate()
        }
    }

    // MARK: Error mapping

    /// An error answer: 401 has its own advice; otherwise the API's `{"error"…, "errors"…}`, or the
    /// start of whatever the body says when it is not that.
    static func errorAnswer(status: Int, body: Data, tokenSent: Bool) -> CLIError {
        if status == 401 { return .unauthorized(tokenSent: tokenSent) }
        if let decoded = try? JSONDecoder().decode(APIErrorBody.self, from: body), !decoded.all.isEmpty {
            return .server(status: status, errors: decoded.all)
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
            .split(whereSeparator: \.isNewline).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        let message = text.isEmpty ? "the server answered HTTP \(status)" : "the server answered HTTP \(status): \(text)"
        return .server(status: status, errors: [APIErrorDetail(message: message)])
    }

    /// A request that got no answer: the URL and the reason in a few words.
    static func transportError(_ error: any Error, url: String, timeout: TimeInterval) -> CLIError {
        if let cliError = error as? CLIError { return cliError }
        return .unreachable(url: url, reason: reason(for: error, timeout: timeout))
    }

    static func reason(for error: any Error, timeout: TimeInterval) -> String {
        guard let urlError = error as? URLError else { return "\(error)" }
        switch urlError.code {
        case .cannotConnectToHost: return "Connection refused"
        case .timedOut: return "no answer within \(Int(timeout)) s"
        case .cannotFindHost, .dnsLookupFailed: return "unknown host"
        case .networkConnectionLost: return "the connection was closed before the answer was complete"
        case .notConnectedToInternet: return "the network is unreachable"
        case .badServerResponse: return "not an HTTP answer"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return "the TLS handshake failed"
        case .unsupportedURL: return "unsupported URL"
        case .cancelled: return "cancelled"
        default:
            // Foundation on Linux words some errors as "The operation could not be completed": show the code.
            let text = urlError.localizedDescription
            return text.contains("could not be completed") ? "network error \(urlError.code.rawValue)" : text
        }
    }
}

/// What a streamed answer yields.
enum StreamEvent: Sendable, Equatable {
    /// The complete lines of one network read.
    case lines([String])
    /// `tickInterval` passed.
    case tick
}

/// A repeating timer. DispatchSource may be cancelled from any thread but is not marked Sendable:
/// hence `@unchecked Sendable` on this owner of one.
private final class TickTimer: @unchecked Sendable {
    private let source: any DispatchSourceTimer

    init(queue: DispatchQueue, interval: TimeInterval, handler: @escaping @Sendable () -> Void) {
        source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now() + interval, repeating: interval)
        source.setEventHandler(handler: handler)
        source.resume()
    }

    func cancel() {
        source.cancel()
    }
}

/// The URLSession task of a request, so cancellation (Ctrl-C, the end of iteration) reaches it even
/// when it comes before the task exists.
private final class TaskBox: Sendable {
    private struct State {
        var task: URLSessionTask?
        var cancelled = false
        var onCancel: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// Also run on cancellation (stops a stream's tick timer).
    var onCancel: (@Sendable () -> Void)? {
        get { state.withLock { $0.onCancel } }
        set { state.withLock { $0.onCancel = newValue } }
    }

    func start(_ task: URLSessionTask) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        if cancelled { task.cancel() } else { task.resume() }
    }

    func cancel() {
        let (task, onCancel) = state.withLock { state in
            state.cancelled = true
            return (state.task, state.onCancel)
        }
        task?.cancel()
        onCancel?()
    }
}

/// Receives the query answer chunk by chunk and yields its lines. URLSession calls it on a serial
/// queue (see `streamLines`), so its mutable state needs no lock: hence `@unchecked Sendable`.
private final class LineStreamDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let url: String
    private let timeout: TimeInterval
    private let tokenSent: Bool
    private let continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation
    private var splitter = LineSplitter()
    private var status = 0
    private var errorBody = Data()

    init(url: String, timeout: TimeInterval, tokenSent: Bool, continuation: AsyncThrowingStream<StreamEvent, any Error>.Continuation) {
        self.url = url
        self.timeout = timeout
        self.tokenSent = tokenSent
        self.continuation = continuation
    }

    private var succeeded: Bool { (200..<300).contains(status) }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        status = (response as? HTTPURLResponse)?.statusCode ?? 0
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        if status == 0 { status = (dataTask.response as? HTTPURLResponse)?.statusCode ?? 0 }
        guard succeeded else {
            // Error bodies are small JSON documents; keep enough to read the message.
            if errorBody.count < 1 << 20 { errorBody.append(data) }
            return
        }
        let lines = splitter.feed(data)
        if !lines.isEmpty { continuation.yield(.lines(lines)) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if status == 0 { status = (task.response as? HTTPURLResponse)?.statusCode ?? 0 }
        if let error {
            if (error as? URLError)?.code == .cancelled {
                continuation.finish()
            } else {
                continuation.finish(throwing: APIClient.transportError(error, url: url, timeout: timeout))
            }
        } else if !succeeded {
            continuation.finish(throwing: APIClient.errorAnswer(status: status, body: errorBody, tokenSent: tokenSent))
        } else {
            if let last = splitter.finish() { continuation.yield(.lines([last])) }
            continuation.finish()
        }
    }
}
