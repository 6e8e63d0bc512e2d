/// A change of a group member's partitions.
public enum RebalanceEvent: Sendable, Hashable {
    /// These partitions were assigned to this member (it now reads them).
    case assigned([TopicPartition])
    /// These partitions are being taken away (commit what was processed before returning).
    case revoked([TopicPartition])
    /// The rebalance failed; the member holds no partitions until the next one.
    case failed(code: String, message: String)
}
