import CRdKafka

/// One admin request: its options, a private result queue, and the wait for the result event.
/// librdkafka's admin API is asynchronous through queues; this makes it one blocking call, which the
/// caller runs on a Dispatch thread.
struct RDKafkaAdminRequest {
    let client: RDKafkaClient
    let timeout: Duration
    let operation: String

    /// Sends the request that `send` makes (given options and a queue) and returns the result event,
    /// which the caller must destroy.
    func run(
        _ kind: rd_kafka_admin_op_t,
        topic: String?,
        send: (OpaquePointer, OpaquePointer) -> Void
    ) throws(KafkaClientError) -> OpaquePointer {
        let options = rd_kafka_AdminOptions_new(client.handle, kind)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorText = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.milliseconds, &errorText, errorText.count)
        if kind == RD_KAFKA_ADMIN_OP_CREATETOPICS || kind == RD_KAFKA_ADMIN_OP_DELETETOPICS {
            _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.milliseconds, &errorText, errorText.count)
        }
        guard let options, let queue = rd_kafka_queue_new(client.handle) else {
            throw KafkaClientError(.kafka, "could not set up the admin request", context: client.state.context(operation, topic: topic))
        }
        defer { rd_kafka_queue_destroy(queue) }
        send(options, queue)
        // librdkafka always answers (with _TIMED_OUT at worst); the slack covers its own scheduling.
        let waitMs = Int32(clamping: Int(timeout.milliseconds) + 5000)
        guard let event = rd_kafka_queue_poll(queue, waitMs) else {
            throw RDKafkaErrorMapping.error(
                code: RD_KAFKA_RESP_ERR__TIMED_OUT,
                message: "\(operation) got no answer within \(timeout)",
                context: client.state.context(operation, topic: topic),
                brokersDown: client.state.areBrokersDown
            )
        }
        let code = rd_kafka_event_error(event)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = RDKafkaStrings.string(rd_kafka_event_error_string(event)) ?? RDKafkaErrorMapping.text(code)
            rd_kafka_event_destroy(event)
            throw RDKafkaErrorMapping.error(
                code: code,
                message: "\(operation) failed: \(text)",
                context: client.state.context(operation, topic: topic),
                brokersDown: client.state.areBrokersDown || code == RD_KAFKA_RESP_ERR__TIMED_OUT
            )
        }
        client.state.brokerAnswered()
        return event
    }

    /// Checks each topic result of a create or delete request.
    func checkTopicResults(_ results: UnsafeMutablePointer<OpaquePointer?>?, count: Int, ignoring ignored: rd_kafka_resp_err_t? = nil) throws(KafkaClientError) {
        guard let results else { return }
        for index in 0..<count {
            guard let result = results[index] else { continue }
            let code = rd_kafka_topic_result_error(result)
            if code == RD_KAFKA_RESP_ERR_NO_ERROR || code == ignored { continue }
            let name = RDKafkaStrings.string(rd_kafka_topic_result_name(result))
            let text = RDKafkaStrings.string(rd_kafka_topic_result_error_string(result)) ?? RDKafkaErrorMapping.text(code)
            throw RDKafkaErrorMapping.error(code: code, message: "\(operation) '\(name ?? "?")': \(text)", context: client.state.context(operation, topic: name))
        }
    }
}
