/// UTF-8 text. Bytes that are not valid UTF-8 are an error, not silently replaced.
public struct StringSerde: Serializer, Deserializer {
    public init() {}

    public func serialize(_ value: String) throws -> [UInt8] { Array(value.utf8) }

    public func deserialize(_ bytes: UnsafeRawBufferPointer) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SerializationError("invalid UTF-8 (\(bytes.count) bytes)")
        }
        return text
    }
}
