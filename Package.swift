// swift-tools-version: 6.1
// Velostream for Swift: a streaming SQL engine over Apache Kafka.
// Targets follow the pipeline (see docs/architecture.md): C libraries → Kafka client core → …
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "velostream",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "VeloKafka", targets: ["VeloKafka"]),
        .library(name: "VeloSQL", targets: ["VeloSQL"]),
        .library(name: "VeloCore", targets: ["VeloCore"]),
        .library(name: "VeloPlanner", targets: ["VeloPlanner"]),
        .library(name: "VeloRuntime", targets: ["VeloRuntime"]),
        .library(name: "VeloState", targets: ["VeloState"]),
        .library(name: "VeloServer", targets: ["VeloServer"]),
        .executable(name: "velo-sql", targets: ["VeloSQLCommand"]),
        .executable(name: "velo-cli", targets: ["VeloCLI"]),
        .executable(name: "velo-bench", targets: ["VeloBench"]),
        .executable(name: "velo-gen", targets: ["VeloGenerator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // The job server only: HTTP, Prometheus text, graceful shutdown, the YAML config.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // C libraries, each imported by exactly one Swift target.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libedit for the REPL's line editing, history and completion (macOS has it in the SDK).
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        // The REPL's C shim over libedit: el_set and history() are variadic (Swift cannot call them),
        // the key bindings (Tab, Ctrl-C) are C callbacks, and the editor writes to C's stdout.
        .target(name: "CLineEdit", dependencies: ["CEditLine"]),

        // The Kafka client core. Knows nothing of SQL.
        .target(
            name: "VeloKafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),

        // The SQL front end: lexer, parser, AST, printer. Depends on nothing, so it builds in seconds.
        .target(name: "VeloSQL", swiftSettings: strict),

        // Values, types, records, JSON, the Codable operator graph. Depends on nothing.
        .target(name: "VeloCore", swiftSettings: strict),

        // SQL tree → checked logical plan → OperatorGraph. Never runs anything.
        .target(name: "VeloPlanner", dependencies: ["VeloSQL", "VeloCore"], swiftSettings: strict),

        // Runs an OperatorGraph: compiled expressions, operators, Kafka and file sources and sinks.
        .target(
            name: "VeloRuntime",
            dependencies: [
                "VeloCore",
                "VeloKafka",
                "VeloState",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),

        // SQLite-backed state: the job registry and the server's catalog (schema migrations included).
        .target(name: "VeloState", dependencies: ["CSQLite"], swiftSettings: strict),

        // The job server: job manager and its state machine, HTTP API, configuration, metrics.
        .target(
            name: "VeloServer",
            dependencies: [
                "VeloSQL",
                "VeloCore",
                "VeloPlanner",
                "VeloRuntime",
                "VeloState",
                "VeloKafka",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),

        // `velo-sql`: the engine's command line: `run`, `server`, `fmt`.
        .executableTarget(
            name: "VeloSQLCommand",
            dependencies: [
                "VeloSQL",
                "VeloPlanner",
                "VeloRuntime",
                "VeloServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // `velo-cli`: remote job management over the HTTP API, offline validation, the REPL.
        .executableTarget(
            name: "VeloCLI",
            dependencies: [
                "VeloSQL",
                "VeloPlanner",
                // The REPL: line editing (CLineEdit), and `repl --local` runs queries in-process
                // (VeloRuntime; Logging keeps the Kafka client's info lines off the REPL's stdout).
                "CLineEdit",
                "VeloRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // `velo-gen`: test data (live equity trades for the demo, Nexmark-style bids for benchmarks).
        .executableTarget(
            name: "VeloGenerator",
            dependencies: [
                "VeloCore",
                "VeloKafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // Benchmarks: VeloKafka against plain librdkafka C calls, in one binary and one run.
        .target(
            name: "CKafkaBaseline",
            dependencies: ["CRdKafka"],
            path: "benchmarks/CKafkaBaseline"
        ),
        .executableTarget(
            name: "VeloBench",
            dependencies: ["VeloKafka", "VeloPlanner", "VeloRuntime", "CKafkaBaseline"],
            path: "benchmarks/VeloBench",
            swiftSettings: strict
        ),

        .testTarget(
            name: "VeloKafkaTests",
            dependencies: [
                "VeloKafka",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VeloSQLTests",
            dependencies: ["VeloSQL"],
            swiftSettings: strict
        ),
        .testTarget(name: "VeloCoreTests", dependencies: ["VeloCore"], swiftSettings: strict),
        .testTarget(name: "VeloPlannerTests", dependencies: ["VeloPlanner"], swiftSettings: strict),
        .testTarget(name: "VeloRuntimeTests", dependencies: ["VeloRuntime", "VeloPlanner", "VeloTestSupport"], swiftSettings: strict),
        .testTarget(name: "VeloStateTests", dependencies: ["VeloState"], swiftSettings: strict),
        .testTarget(name: "VeloCLITests", dependencies: ["VeloCLI"], swiftSettings: strict),
        // `velo-cli repl` driven through a pseudo-terminal (tmux), against a `velo-sql server` process.
        .testTarget(name: "VeloREPLTests", dependencies: ["VeloKafka", "VeloTestSupport"], swiftSettings: strict),
        .testTarget(name: "VeloCLIEndToEndTests", dependencies: ["VeloKafka", "VeloTestSupport"], swiftSettings: strict),
        // What the process-level test targets share: where the binaries are, writing and reading topics.
        .target(name: "VeloTestSupport", dependencies: ["VeloCore", "VeloKafka", "VeloRuntime"], path: "Tests/VeloTestSupport", swiftSettings: strict),
        .testTarget(
            name: "VeloServerTests",
            dependencies: ["VeloServer", "VeloState", "VeloRuntime", "VeloKafka", "VeloTestSupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VeloKafkaIntegrationTests",
            dependencies: ["VeloKafka"],
            swiftSettings: strict
        ),
    ]
)
