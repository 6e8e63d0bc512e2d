import Foundation
import Hummingbird

/// JSON answers. Foundation's encoder is fine here: the API is not a hot path.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"message":"the answer could not be encoded"}}"#.utf8)
        var buffer = ByteBuffer()
        buffer.writeBytes(data)
        buffer.writeString("\n")
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    static func error(_ error: APIError) -> Response {
        var response = make(ErrorBody(error), status: HTTPResponse.Status(code: error.status))
        if error.status == 401 { response.headers[.wwwAuthenticate] = #"Bearer realm="velo-sql""# }
        return response
    }
}
