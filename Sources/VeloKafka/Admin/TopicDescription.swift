/// A topic to create.
public struct NewTopic: Sendable, Hashable {
    public var name: String
    public var partitions: Int32
    public var replicationFactor: Int32
    /// Topic configs, such as `cleanup.policy: compact` or `retention.ms`.
    public var configs: [String: String]

    public init(_ name: String, partitions: Int32 = 1, replicationFactor: Int32 = 1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// What the cluster says of one topic: its partitions and its configuration.
public struct TopicDescription: Sendable, Hashable {
    public struct ConfigEntry: Sendable, Hashable {
        public var name: String
        public var value: String?
        public var isDefault: Bool
        public var isReadOnly: Bool
        public var isSensitive: Bool
    }

    public var name: String
    public var partitions: [ClusterMetadata.Partition]
    public var configs: [String: ConfigEntry]

    /// A config's value, such as `configs["cleanup.policy"]`.
    public func config(_ name: String) -> String? { configs[name]?.value }
}
