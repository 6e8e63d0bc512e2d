/// Small conversions between C strings and Swift strings.
enum RDKafkaStrings {
    /// The text of a NUL-terminated buffer that librdkafka filled (an error message, say).
    static func string(fromNulTerminated buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
