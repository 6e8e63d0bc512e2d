import Foundation

/// Counters of a `KTable`.
public struct KTableStats: Sendable, Hashable {
    /// Keys currently in the table.
    public var size: Int
    /// Records applied (updates and tombstones).
    public var recordsApplied: Int
    public var tombstones: Int
    /// Records skipped because their key or value could not be decoded, or they had no key.
    public var recordsSkipped: Int
    /// When the table last changed.
    public var lastUpdate: Date?
    /// Whether the table has caught up with the topic as it was when the table started.
    public var isReady: Bool
}
