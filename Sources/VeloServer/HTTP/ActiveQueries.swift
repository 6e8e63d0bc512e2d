import Synchronization

/// How many transient queries are running now (`velo_queries_active`, `/health`): a query whose
/// client went away must leave this count within a few seconds.
public final class ActiveQueries: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    public var current: Int { count.load(ordering: .relaxed) }

    func started() { count.add(1, ordering: .relaxed) }

    func ended() { count.subtract(1, ordering: .relaxed) }
}
