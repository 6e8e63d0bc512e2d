/// Turns values into the bytes of a record's key or value.
public protocol Serializer<Value>: Sendable {
    associatedtype Value
    func serialize(_ value: Value) throws -> [UInt8]
}

/// Turns the bytes of a record's key or value back into a value. The buffer is only valid during the
/// call: copy what you keep.
public protocol Deserializer<Value>: Sendable {
    associatedtype Value
    func deserialize(_ bytes: UnsafeRawBufferPointer) throws -> Value
}

/// Why a serializer or deserializer refused its input.
public struct SerializationError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
