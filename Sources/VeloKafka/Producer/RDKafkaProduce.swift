import CRdKafka

/// One call of `rd_kafka_produce`, or of `rd_kafka_produceva` for records with headers or a timestamp (the variadic `rd_kafka_producev` cannot be called from Swift).
/// The payload and key are copied by librdkafka (`RD_KAFKA_MSG_F_COPY`), so Swift arrays can be
/// passed without keeping them alive; headers pass to librdkafka only when the call succeeds.
enum RDKafkaProduce {
    /// Something non-nil to point at for an empty key or value: Kafka tells empty bytes from null.
    private static let emptyBytes: [UInt8] = [0]

    static func produce(
        handle: OpaquePointer,
        topic: OpaquePointer,
        partition: Int32?,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: Headers,
        timestamp: Int64?,
        opaque: UnsafeMutableRawPointer?
    ) -> rd_kafka_resp_err_t {
        withOptionalBytes(key) { keyBytes in
            withOptionalBytes(value) { valueBytes in
                // The common record (no headers, no explicit timestamp) takes librdkafka's direct
                // call; `rd_kafka_produceva` parses an argument array first.
                if headers.isEmpty, timestamp == nil {
                    let status = rd_kafka_produce(
                        topic,
                        partition ?? RD_KAFKA_PARTITION_UA,
                        RD_KAFKA_MSG_F_COPY,
                        UnsafeMutableRawPointer(mutating: valueBytes?.baseAddress),
                        valueBytes?.count ?? 0,
                        keyBytes?.baseAddress,
                        keyBytes?.count ?? 0,
                        opaque
                    )
                    return status == 0 ? RD_KAFKA_RESP_ERR_NO_ERROR : rd_kafka_last_error()
                }
                return withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 8) { slots in
                    var count = 0
                    func add(_ fill: (inout rd_kafka_vu_t) -> Void) {
                        var entry = rd_kafka_vu_t()
                        fill(&entry)
                        slots[count] = entry
                        count += 1
                    }
                    add { $0.vtype = RD_KAFKA_VTYPE_RKT; $0.u.rkt = topic }
                    add { $0.vtype = RD_KAFKA_VTYPE_PARTITION; $0.u.i32 = partition ?? RD_KAFKA_PARTITION_UA }
                    add { $0.vtype = RD_KAFKA_VTYPE_MSGFLAGS; $0.u.i = RD_KAFKA_MSG_F_COPY }
                    if let keyBytes {
                        add {
                            $0.vtype = RD_KAFKA_VTYPE_KEY
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyBytes.baseAddress)
                            $0.u.mem.size = keyBytes.count
                        }
                    }
                    if let valueBytes {
                        add {
                            $0.vtype = RD_KAFKA_VTYPE_VALUE
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: valueBytes.baseAddress)
                            $0.u.mem.size = valueBytes.count
                        }
                    }
                    if let opaque {
                        add { $0.vtype = RD_KAFKA_VTYPE_OPAQUE; $0.u.ptr = opaque }
                    }
                    if let timestamp {
                        add { $0.vtype = RD_KAFKA_VTYPE_TIMESTAMP; $0.u.i64 = timestamp }
                    }
                    var headerList: OpaquePointer?
                    if !headers.isEmpty {
                        headerList = makeHeaders(headers)
                        add { $0.vtype = RD_KAFKA_VTYPE_HEADERS; $0.u.headers = headerList }
                    }
                    guard let error = rd_kafka_produceva(handle, slots.baseAddress, count) else {
                        return RD_KAFKA_RESP_ERR_NO_ERROR
                    }
                    if let headerList { rd_kafka_headers_destroy(headerList) }
                    let code = rd_kafka_error_code(error)
                    rd_kafka_error_destroy(error)
                    return code
                }
            }
        }
    }

    private static func makeHeaders(_ headers: Headers) -> OpaquePointer? {
        let list = rd_kafka_headers_new(headers.count)
        for header in headers {
            if let value = header.value {
                withOptionalBytes(value) { bytes in
                    _ = rd_kafka_header_add(list, header.name, -1, bytes?.baseAddress, bytes?.count ?? 0)
                }
            } else {
                _ = rd_kafka_header_add(list, header.name, -1, nil, 0)
            }
        }
        return list
    }

    private static func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard let bytes else { return body(nil) }
        if bytes.isEmpty {
            return emptyBytes.withUnsafeBytes { body(UnsafeRawBufferPointer(start: $0.baseAddress, count: 0)) }
        }
        return bytes.withUnsafeBytes { body($0) }
    }
}
