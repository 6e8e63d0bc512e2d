/// Raw bytes in and out, unchanged.
public struct BytesSerde: Serializer, Deserializer {
    public init() {}

    public func serialize(_ value: [UInt8]) throws -> [UInt8] { value }

    public func deserialize(_ bytes: UnsafeRawBufferPointer) throws -> [UInt8] { Array(bytes) }
}
