import CRdKafka

/// Turns librdkafka's error codes and `rd_kafka_error_t` objects into `KafkaClientError`s.
enum RDKafkaErrorMapping {
    static func name(_ code: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2name(code))
    }

    static func text(_ code: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2str(code))
    }

    /// The kind of a librdkafka error code. `brokersDown` says that the client has seen every broker
    /// go down, which turns a plain timeout into the more useful `.brokerUnavailable`.
    static func kind(of code: rd_kafka_resp_err_t, brokersDown: Bool = false) -> KafkaClientError.Kind {
        switch code {
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE:
            return .brokerUnavailable
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
            return brokersDown ? .brokerUnavailable : .timeout
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION:
            return brokersDown ? .brokerUnavailable : .connection
        case RD_KAFKA_RESP_ERR__FENCED, RD_KAFKA_RESP_ERR_PRODUCER_FENCED, RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH,
            RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
            return .fenced
        case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
            return .unknownTopic
        case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
            return .topicAlreadyExists
        case RD_KAFKA_RESP_ERR__QUEUE_FULL:
            return .queueFull
        case RD_KAFKA_RESP_ERR__INVALID_ARG, RD_KAFKA_RESP_ERR__INVALID_TYPE, RD_KAFKA_RESP_ERR_INVALID_CONFIG:
            return .configuration
        case RD_KAFKA_RESP_ERR__DESTROY:
            return .closed
        case RD_KAFKA_RESP_ERR__STATE, RD_KAFKA_RESP_ERR_INVALID_TXN_STATE, RD_KAFKA_RESP_ERR__NOT_CONFIGURED:
            return .transaction
        default:
            return .kafka
        }
    }

    static func error(
        code: rd_kafka_resp_err_t,
        message: String? = nil,
        context: ErrorContext,
        brokersDown: Bool = false
    ) -> KafkaClientError {
        let kind = kind(of: code, brokersDown: brokersDown)
        var text = message ?? text(code)
        if kind == .brokerUnavailable, let brokers = context.brokers {
            text += ": no broker reachable at \(brokers)"
        }
        return KafkaClientError(kind, text, context: context, code: code.rawValue, codeName: name(code))
    }

    /// Converts and destroys an `rd_kafka_error_t` (the transactional API's error type).
    static func consume(
        _ error: OpaquePointer,
        context: ErrorContext,
        brokersDown: Bool = false
    ) -> KafkaClientError {
        defer { rd_kafka_error_destroy(error) }
        let code = rd_kafka_error_code(error)
        let message = String(cString: rd_kafka_error_string(error))
        let fatal = rd_kafka_error_is_fatal(error) != 0
        var kind = kind(of: code, brokersDown: brokersDown)
        if fatal, kind != .fenced {
            kind = message.lowercased().contains("fenced") ? .fenced : kind
        }
        return KafkaClientError(
            kind,
            fatal && kind != .fenced ? "fatal: \(message)" : message,
            context: context,
            code: code.rawValue,
            codeName: name(code),
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            requiresAbort: rd_kafka_error_txn_requires_abort(error) != 0
        )
    }
}
