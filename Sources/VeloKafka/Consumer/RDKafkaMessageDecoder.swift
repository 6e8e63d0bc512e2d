import CRdKafka

/// Turns one consumed `rd_kafka_message_t` into a typed `Message`, reading key and value straight
/// from librdkafka's buffers (no intermediate copy). Keeps the last topic name, because consecutive
/// messages nearly always share the topic and building a `String` per message is a cost.
struct RDKafkaMessageDecoder<Key, Value> {
    let keyDeserializer: any Deserializer<Key>
    let valueDeserializer: any Deserializer<Value>
    /// librdkafka parses (and allocates for) headers on request only; skipping them saves that cost.
    let readHeaders: Bool
    let state: RDKafkaClientState
    private var lastTopicHandle: OpaquePointer?
    private var lastTopicName = ""

    init(keyDeserializer: any Deserializer<Key>, valueDeserializer: any Deserializer<Value>, readHeaders: Bool, state: RDKafkaClientState) {
        self.keyDeserializer = keyDeserializer
        self.valueDeserializer = valueDeserializer
        self.readHeaders = readHeaders
        self.state = state
    }

    mutating func topicName(_ handle: OpaquePointer?) -> String {
        guard let handle else { return "" }
        if handle != lastTopicHandle {
            lastTopicHandle = handle
            lastTopicName = RDKafkaStrings.string(rd_kafka_topic_name(handle)) ?? ""
        }
        return lastTopicName
    }

    /// Decodes a message whose `err` is `NO_ERROR`. A key or value the deserializer refuses becomes
    /// a `.deserialization` error carrying the raw bytes and the record's position.
    mutating func decode(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> Result<Message<Key, Value>, KafkaClientError> {
        let raw = message.pointee
        let topic = topicName(raw.rkt)
        let keyBuffer = raw.key.map { UnsafeRawBufferPointer(start: $0, count: raw.key_len) }
        let valueBuffer = raw.payload.map { UnsafeRawBufferPointer(start: $0, count: raw.len) }
        let key: Key?
        let value: Value?
        do {
            key = try keyBuffer.map { try keyDeserializer.deserialize($0) }
        } catch {
            return .failure(failure(error, part: "key", topic: topic, raw: raw, keyBuffer: keyBuffer, valueBuffer: valueBuffer))
        }
        do {
            value = try valueBuffer.map { try valueDeserializer.deserialize($0) }
        } catch {
            return .failure(failure(error, part: "value", topic: topic, raw: raw, keyBuffer: keyBuffer, valueBuffer: valueBuffer))
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &timestampType)
        let timestamp: MessageTimestamp? = switch timestampType {
        case RD_KAFKA_TIMESTAMP_CREATE_TIME: MessageTimestamp(milliseconds: milliseconds, kind: .createTime)
        case RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME: MessageTimestamp(milliseconds: milliseconds, kind: .logAppendTime)
        default: nil
        }
        return .success(Message(
            topic: topic,
            partition: raw.partition,
            offset: raw.offset,
            timestamp: timestamp,
            key: key,
            value: value,
            headers: readHeaders ? Self.headers(of: message) : Headers()
        ))
    }

    static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> Headers {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return Headers() }
        var headers = Headers()
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            headers.append(RDKafkaStrings.string(name) ?? "", bytes)
            index += 1
        }
        return headers
    }

    private func failure(
        _ error: any Error,
        part: String,
        topic: String,
        raw: rd_kafka_message_t,
        keyBuffer: UnsafeRawBufferPointer?,
        valueBuffer: UnsafeRawBufferPointer?
    ) -> KafkaClientError {
        var context = state.context("consumer.deserialize", topic: topic, partition: raw.partition, offset: raw.offset)
        context.underlying = error
        return KafkaClientError(
            .deserialization,
            "cannot deserialize the \(part) of \(topic)[\(raw.partition)]@\(raw.offset): \(error)",
            context: context,
            rawKey: keyBuffer.map { Array($0) },
            rawValue: valueBuffer.map { Array($0) },
            isRetriable: false
        )
    }
}
