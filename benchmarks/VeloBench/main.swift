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
    FileHandle.standardError.write(Data("velo-bench: \(message)\n".utf8))
    exit(status)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let suite = arguments.first else {
    fail("no suite given\n\n\(usage)", status: 2)
}
arguments.removeFirst()

switch suite {
case "kafka":
    let options: KafkaBenchmark.Options
    do {
        options = try KafkaBenchmark.Options.parse(arguments, environment: ProcessInfo.processInfo.environment)
    } catch {
        fail("\(error)\n\n\(usage)", status: 2)
    }
    if options.showHelp {
        print(usage)
        exit(0)
    }
    let status = await KafkaBenchmark(options: options).run()
    exit(status)
case "engine":
    let options: EngineBenchmark.Options
    do {
        options = try EngineBenchmark.Options.parse(arguments, environment: ProcessInfo.processInfo.environment)
    } catch {
        fail("\(error)\n\n\(usage)", status: 2)
    }
    if options.showHelp {
        print(usage)
        exit(0)
    }
    exit(await EngineBenchmark(options: options).run())
case "windows":
    let options: WindowBenchmark.Options
    do {
        options = try WindowBenchmark.Options.parse(arguments, environment: ProcessInfo.processInfo.environment)
    } catch {
        fail("\(error)\n\n\(usage)", status: 2)
    }
    if options.showHelp {
        print(usage)
        exit(0)
    }
    exit(await WindowBenchmark(options: options).run())
case "-h", "--help", "help":
    print(usage)
    exit(0)
default:
    fail("unknown suite '\(suite)'\n\n\(usage)", status: 2)
}
