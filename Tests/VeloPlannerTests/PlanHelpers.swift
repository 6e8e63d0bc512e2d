import Testing
import VeloCore
import VeloPlanner
import VeloSQL

/// Plans a whole script.
func plan(_ sql: String) -> ScriptPlan {
    var planner = ScriptPlanner()
    return planner.plan(source: sql)
}

/// The last job of a script that must plan without errors.
func job(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> JobPlan {
    let result = plan(sql)
    #expect(result.errors.isEmpty, "\(result.errors)", sourceLocation: sourceLocation)
    return try #require(result.jobs.last, sourceLocation: sourceLocation)
}

/// The first error of a script that must not plan.
func planError(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> SyntaxError {
    try #require(plan(sql).errors.first, "\(sql) must not plan", sourceLocation: sourceLocation)
}
