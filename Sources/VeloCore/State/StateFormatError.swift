/// Bytes that `StateReader` cannot read back: truncated, from a newer format, or not state at all.
/// Restoring a checkpoint fails with this instead of crashing or inventing values.
public struct StateFormatError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What went wrong, without the offset ("truncated Int64: needs 8 bytes, 3 left").
    public var message: String
    /// Byte offset in the input where the problem was found.
    public var offset: Int

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "state format error at byte \(offset): \(message)" }
}
