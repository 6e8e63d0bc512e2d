import Foundation
import Hummingbird
import NIOCore

/// Reads request bodies within the size limit (413 past it) and decodes the two accepted forms of
/// a SQL request: JSON `{"sql": …}` or the SQL itself as text/plain.
struct RequestReader {
    let maxBodyBytes: Int

    func body(_ request: Request) async throws(APIError) -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw tooLarge()
        }
        do {
            return try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge()
        } catch {
            throw APIError.badRequest("the request body could not be read: \(error)")
        }
    }

    private func tooLarge() -> APIError {
        APIError(413, "the request body is larger than \(maxBodyBytes) bytes", hint: "split the script into several deploys")
    }

    /// `{"sql": …, "name"?, "limit"?, "timeoutMs"?}` or plain SQL text.
    func sqlRequest(_ request: Request) async throws(APIError) -> SQLRequest {
        let buffer = try await body(request)
        let bytes = Data(buffer.readableBytesView)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("text/plain") || contentType.hasPrefix("application/sql") {
            guard let sql = String(data: bytes, encoding: .utf8) else { throw APIError.badRequest("the body is not UTF-8 text") }
            return SQLRequest(sql: sql)
        }
        // curl -d sends form-urlencoded by default: such a body is read as the JSON it is.
        guard contentType.isEmpty || contentType.hasPrefix("application/json") || contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw APIError(415, "send application/json ({\"sql\": \"…\"}) or text/plain SQL, not \(contentType)")
        }
        guard !bytes.isEmpty else { throw APIError.badRequest("the body is empty", hint: #"send {"sql": "…"}"#) }
        do {
            let decoded = try JSONDecoder().decode(SQLRequest.self, from: bytes)
            guard !decoded.sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw APIError.badRequest("'sql' is empty") }
            return decoded
        } catch let error as APIError {
            throw error
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError.badRequest("the JSON body has no '\(key.stringValue)'", hint: #"send {"sql": "…"}"#)
        } catch let DecodingError.typeMismatch(_, context) {
            throw APIError.badRequest("'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type: \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw APIError.badRequest("'\(context.codingPath.map(\.stringValue).joined(separator: "."))' is null")
        } catch {
            throw APIError.badRequest("the body is not valid JSON: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError as NSError?, let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
            return context.debugDescription
        }
        return "\(error)"
    }
}
