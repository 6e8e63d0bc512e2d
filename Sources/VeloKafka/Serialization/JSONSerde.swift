import Foundation

/// JSON through `Codable`. Meant for application records; the SQL engine decodes JSON with its own
/// byte-level parser on the hot path.
public struct JSONSerde<T: Codable & Sendable>: Serializer, Deserializer {
    public init() {}

    public func serialize(_ value: T) throws -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            throw SerializationError("cannot encode \(T.self) as JSON: \(error)")
        }
    }

    public func deserialize(_ bytes: UnsafeRawBufferPointer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw SerializationError("cannot decode \(T.self) from JSON: \(Self.describe(error))")
        } catch {
            throw SerializationError("cannot decode \(T.self) from JSON: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            return "invalid JSON at \(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "null where \(type) was expected at \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "$" : "$." + context.codingPath.map(\.stringValue).joined(separator: ".")
    }
}
