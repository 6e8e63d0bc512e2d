import Foundation

extension Duration {
    /// The duration as a `Double` of seconds: what the suites divide record counts by. (`Duration`
    /// has no such accessor; `components` splits it into whole seconds and attoseconds.)
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Runs `body` `runs` times (at least once) and returns the fastest result by `seconds`: noise on a
/// shared machine only ever slows a run down, so the fastest run is the best estimate of the cost.
func fastest<Result>(of runs: Int, by seconds: (Result) -> Double, _ body: () async throws -> Result) async rethrows -> Result {
    var best = try await body()
    for _ in 0..<max(0, runs - 1) {
        let next = try await body()
        if seconds(next) < seconds(best) { best = next }
    }
    return best
}

/// The fastest of `runs` runs of a `body` that returns its own time in seconds.
func fastest(of runs: Int, _ body: () async throws -> Double) async rethrows -> Double {
    try await fastest(of: runs, by: { $0 }, body)
}
