/// A stream or table declared with `CREATE STREAM … WITH (…)` / `CREATE TABLE …`: the server's catalog,
/// replayed in `createdAt` order on start-up because later declarations may refer to earlier ones.
public struct DeclarationRecord: Sendable, Equatable {
    public var name: String
    /// "stream" or "table".
    public var kind: String
    public var sql: String
    /// Epoch milliseconds.
    public var createdAt: Int64

    public init(name: String, kind: String, sql: String, createdAt: Int64) {
        self.name = name
        self.kind = kind
        self.sql = sql
        self.createdAt = createdAt
    }
}
