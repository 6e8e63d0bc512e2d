import VeloSQL

/// Binds some expressions differently from the row rules: over an aggregate's output a GROUP BY
/// expression or an aggregate call is a column of that output; over an analytic operator an OVER
/// call is. Returning nil leaves the expression to the ordinary rules (which call back for each part).
protocol ExpressionRewriter {
    func rewrite(_ expression: Expr, binder: ExpressionBinder) throws(SyntaxError) -> ExpressionBinder.Bound?
}
