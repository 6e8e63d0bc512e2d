import VeloCore
import VeloSQL

/// One job of a script: its name (the `-- @name` annotation, else the created stream), the compiled
/// graph, the statement it came from, and EXPLAIN's lines.
public struct JobPlan: Sendable {
    public var name: String
    public var description: String?
    public var graph: OperatorGraph
    public var statement: Statement
    /// The operator graph one node per line, sink first, indented by depth and numbered.
    public var explain: [String]
}

/// What planning a script gives: its jobs, the declarations it made, and every error found.
public struct ScriptPlan: Sendable {
    public var jobs: [JobPlan]
    public var catalog: Catalog
    public var errors: [SyntaxError]
    /// Statements that are commands for a server (SHOW, DROP, START JOB …), in order.
    public var commands: [Statement]
}
