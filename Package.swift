// swift-tools-version: 6.1
// consign: minimum-necessary transfers of personal data to contractors under confidentiality agreements.

import PackageDescription

let package = Package(
    name: "consign",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "consign", targets: ["consign"]),
        .library(name: "ConsignWorkspace", targets: ["ConsignWorkspace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        // libxml2 from the system (Debian: libxml2-dev).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // OpenSSL's libcrypto from the system (Debian: libssl-dev), for SHA-256 states that copy as values.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // A SIGBUS handler that keeps a mapped source file truncated by another process from killing the
        // extract (C: a signal handler may only make async-signal-safe calls).
        .target(name: "CMappedFileGuard"),
        // The domain: catalog, agreements, contractors, task templates, dates. Pure Swift, no I/O.
        .target(name: "ConsignCore"),
        // Safe XML loading and XSD validation (libxml2) and the decoding of each document type.
        .target(
            name: "ConsignXML",
            dependencies: ["ConsignCore", "CLibXML2"],
            plugins: ["EmbedWorkspace"]
        ),
        // The workspace keys: the master key and what is derived from it (HKDF), keyed hashes, SHA-256 states.
        .target(
            name: "ConsignKeys",
            dependencies: ["ConsignCore", .product(name: "Crypto", package: "swift-crypto"), "CLibCrypto"]
        ),
        // The register, whatever database holds it: the storage protocol a backend implements (lock, read the
        // rows newer than a sequence, insert) and the code every backend shares above it (the replay, the
        // append step with its chain and commit-time checks, the ledger's verification). Names no database.
        .target(name: "ConsignStore", dependencies: ["ConsignCore", "ConsignKeys"]),
        // Secure delivery in the formats a contractor opens and checks with standard tools, without consign: age
        // encryption (C2SP age.md, X25519 recipients) and SSH signatures (OpenSSH PROTOCOL.sshsig, Ed25519).
        .target(
            name: "ConsignDelivery", dependencies: ["ConsignCore", "CLibCrypto", .product(name: "Crypto", package: "swift-crypto")]),
        // The embedded default backend: the register in one SQLite file (GRDB); and a SQLite table as an extract
        // source.
        .target(
            name: "ConsignSQLite",
            dependencies: [
                "ConsignCore", "ConsignStore", "ConsignPipeline",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's own API, for the one loop that reads every stored event (see SQLiteLedgerStretch).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // The shared backend: the register on a PostgreSQL server (PostgresNIO), with TLS, the roles that hold
        // each user to their part, and the schema `consign db setup` makes; and a PostgreSQL table as an extract
        // source.
        .target(
            name: "ConsignPostgres",
            dependencies: [
                "ConsignCore", "ConsignKeys", "ConsignStore", "ConsignPipeline",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The data path: CSV and XML sources, row scope, transforms, CSV and XML sinks, sample customer data.
        .target(
            name: "ConsignPipeline",
            dependencies: [
                "ConsignCore", "ConsignXML", "ConsignKeys", "ConsignDelivery", "CLibXML2", "CMappedFileGuard",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // What each user does with a workspace: init, check, register, evaluate, plan, demo.
        .target(
            name: "ConsignWorkspace",
            dependencies: [
                "ConsignCore", "ConsignXML", "ConsignKeys", "ConsignStore", "ConsignSQLite", "ConsignPostgres", "ConsignPipeline",
                "ConsignDelivery",
            ],
            plugins: ["EmbedWorkspace"]
        ),
        // The command line, a thin layer over ConsignWorkspace (the plugin embeds the commit for --version).
        .executableTarget(
            name: "consign",
            dependencies: [
                "ConsignWorkspace", "ConsignPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["EmbedWorkspace"]
        ),
        // Build tool: embeds the repo's XSDs and example workspace into the binary (DESIGN: Built in).
        .executableTarget(name: "consign-embed"),
        .plugin(
            name: "EmbedWorkspace",
            capability: .buildTool(),
            dependencies: ["consign-embed"]
        ),
        // Planner benchmark (swift run -c release planner-benchmark; Benchmarks/planner.sh compares with HiGHS).
        .executableTarget(
            name: "planner-benchmark",
            dependencies: ["ConsignCore", "ConsignWorkspace"],
            path: "Benchmarks/PlannerBenchmark"
        ),
        // Suppression benchmark (swift run -c release suppression-benchmark): cell suppression time against table size.
        .executableTarget(
            name: "suppression-benchmark",
            dependencies: ["ConsignCore"],
            path: "Benchmarks/SuppressionBenchmark"
        ),
        // Audit benchmark (swift run -c release audit-benchmark DIR; Benchmarks/audit.sh adds whole-process times).
        .executableTarget(
            name: "audit-benchmark",
            dependencies: ["ConsignCore", "ConsignKeys", "ConsignStore", "ConsignSQLite", "ConsignWorkspace"],
            path: "Benchmarks/AuditBenchmark"
        ),
        // Delivery benchmark (Benchmarks/delivery.sh): consign's age encryption alone, file to file, against age.
        .executableTarget(
            name: "delivery-benchmark",
            dependencies: ["ConsignDelivery"],
            path: "Benchmarks/DeliveryBenchmark"
        ),
        .testTarget(
            name: "ConsignTests",
            dependencies: [
                "ConsignCore", "ConsignXML", "ConsignKeys", "ConsignStore", "ConsignSQLite", "ConsignPostgres", "ConsignPipeline",
                "ConsignDelivery", "ConsignWorkspace", "consign",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // The append function's checks, tried past consign with a connection of the test's own.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // The table source's DataRow handler, fed a byte stream cut at every point.
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            // Extract fixtures and golden files, read from the repository by path.
            exclude: ["Fixtures"]
        ),
        // Register benchmark's generator (Benchmarks/register.sh: registers of 10,000 to 1,000,000 events, then
        // plan, contractor list, subject show, extract, ledger verify and audit as whole processes).
        .executableTarget(
            name: "register-benchmark",
            dependencies: ["ConsignCore", "ConsignKeys", "ConsignStore", "ConsignSQLite", "ConsignWorkspace"],
            path: "Benchmarks/RegisterBenchmark"
        ),
    ]
)
