// velo-bench: Velostream's benchmarks. One file per suite; this file only picks the suite.
//
//   swift run -c release velo-bench kafka|engine|windows [options]     (or: bash scripts/bench.sh <suite> [options])
//
// Exit status: 0 done, 1 a run failed (an error or a count mismatch), 2 bad command line,
// 3 a ratio below --min-ratio.
import Foundation

let usage = """
    usage: velo-bench <suite> [options]

    suites:
      kafka   produce, then consume, N messages through VeloKafka and through plain librdkafka
              C calls in the same run, and compare
      engine  Nexmark-style bids through the engine (Q0, Q1, Q2), file→file against a line-copy
              floor and Kafka→Kafka against plain librdkafka consume+produce
      windows windowed aggregation on Nexmark-style bids (tumbling EMIT FINAL/CHANGES, max, session,
              hopping), file→file against the floor and Q0, Kafka→Kafka against librdkafka; peak state

    \(KafkaBenchmark.optionsHelp)

    \(EngineBenchmark.optionsHelp)

    \(WindowBenchmark.optionsHelp)
    """

func fail(_ message: String, status: Int32) -> Never {
    note(message)
    exit(status)
}

/// Reads the suite's options (a wrong command line: the usage, status 2), prints the usage for
/// `--help`, else runs the suite and exits with its status.
func run<Suite: BenchmarkSuite>(_ suite: Suite.Type, _ arguments: [String]) async -> Never {
    let options: Suite.Options
    do {
        options = try Suite.Options.parse(arguments, environment: ProcessInfo.processInfo.environment)
    } catch {
        fail("\(error)\n\n\(usage)", status: 2)
    }
    if options.showHelp {
        print(usage)
        exit(0)
    }
    exit(await Suite(options: options).run())
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let suite = arguments.first else {
    fail("no suite given\n\n\(usage)", status: 2)
}
arguments.removeFirst()

switch suite {
case "kafka": await run(KafkaBenchmark.self, arguments)
case "engine": await run(EngineBenchmark.self, arguments)
case "windows": await run(WindowBenchmark.self, arguments)
case "-h", "--help", "help":
    print(usage)
    exit(0)
default:
    fail("unknown suite '\(suite)'\n\n\(usage)", status: 2)
}
