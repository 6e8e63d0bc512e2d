import CRdKafka
import Logging

/// The C callbacks installed on every configuration. Each recovers the `RDKafkaClientState` from
/// the opaque pointer and forwards to Swift; none of them may throw or block for long, because they
/// run on librdkafka's threads or inside a poll call.
enum RDKafkaCallbacks {
    static func install(on conf: OpaquePointer, state: RDKafkaClientState) {
        rd_kafka_conf_set_opaque(conf, state.opaque)
        rd_kafka_conf_set_log_cb(conf, logCallback)
        rd_kafka_conf_set_error_cb(conf, errorCallback)
        if state.delivery != nil {
            rd_kafka_conf_set_dr_msg_cb(conf, deliveryCallback)
        }
        if state.rebalance != nil {
            rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback)
        }
    }

    private static let logCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
        handle, level, facility, buffer in
        guard let handle, let state = RDKafkaClientState.from(rd_kafka_opaque(handle)) else { return }
        let text = RDKafkaStrings.string(buffer) ?? ""
        let facilityText = RDKafkaStrings.string(facility) ?? ""
        // syslog levels: 0-3 error, 4 warning, 5-6 info/notice, 7 debug
        let logLevel: Logger.Level = switch level {
        case ...3: .error
        case 4: .warning
        case 5, 6: .info
        default: .debug
        }
        state.logger.log(level: logLevel, "\(text)", metadata: ["facility": "\(facilityText)"], source: "librdkafka")
    }

    private static let errorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
        _, code, reason, opaque in
        guard let state = RDKafkaClientState.from(opaque) else { return }
        state.record(errorCode: rd_kafka_resp_err_t(code), reason: RDKafkaStrings.string(reason) ?? "")
    }

    private static let deliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _, message, opaque in
        guard let message, let opaque else { return }
        // Called once per record: borrow the state without retaining it (the client keeps it alive).
        Unmanaged<RDKafkaClientState>.fromOpaque(opaque)._withUnsafeGuaranteedRef { state in
            state.delivery?.complete(message, state: state)
        }
    }

    private static let rebalanceCallback: @convention(c) (OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?) -> Void = {
        handle, code, partitions, opaque in
        guard let handle, let state = RDKafkaClientState.from(opaque), let rebalance = state.rebalance else { return }
        rebalance.handle(handle: handle, code: code, partitions: partitions, state: state)
    }
}
