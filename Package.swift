// swift-tools-version:6.0
import PackageDescription

/// Risa: a declarative pipeline engine for AI media work.
///
/// Layout (see README "Code layout"): the CLI sits on pure model/graph modules, the engine on the
/// store and state modules; C libraries are reached only through the thin wrapper modules.
let package = Package(
    name: "risa",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "risa", targets: ["risa"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C libraries (system-library targets with shim headers; see ../shared/reference/native-libs.md).
        // FFmpeg's headers only: the libraries are opened on first use by CFFmpegLoader, not linked.
        .systemLibrary(
            name: "CAV",
            providers: [
                .apt(["libavformat-dev", "libavcodec-dev", "libavfilter-dev", "libavutil-dev", "libswscale-dev"])
            ]),
        .systemLibrary(name: "CMagickWand", pkgConfig: "MagickWand", providers: [.apt(["libmagickwand-dev"])]),
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Opens FFmpeg's libraries with dlopen on first use (they cost every command ~50 ms if linked).
        .target(name: "CFFmpegLoader", dependencies: ["CAV"]),

        // Thin Swift wrappers over the C libraries.
        .target(name: "RisaMedia", dependencies: ["CAV", "CFFmpegLoader", "CMagickWand"]),
        .target(name: "RisaGit", dependencies: ["CGit2"]),
        .target(name: "RisaHTTP", dependencies: ["CCurl"]),
        // Deterministic ZIP writer and a safe ZIP reader/extractor (zlib for deflate and CRC-32).
        .target(name: "RisaArchive", dependencies: ["CZlib"]),

        // Values, digests and canonical JSON shared by every layer.
        .target(name: "RisaCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Pipeline language: YAML with positions, types, expressions, registry specs, validation, schema.
        .target(name: "RisaModel", dependencies: ["RisaCore", .product(name: "Yams", package: "Yams")]),
        // Pipeline -> DAG -> plan (pure, no I/O).
        .target(name: "RisaGraph", dependencies: ["RisaModel"]),
        // Run records (SQLite through GRDB behind a protocol).
        .target(name: "RisaState", dependencies: ["RisaCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // Tags: categories, sidecar import, mapping, captions, statistics, per-image tag tables.
        .target(name: "RisaTags", dependencies: ["RisaCore"]),
        // kohya dataset and training configs (TOML), subset folders, splits, checks, manifests.
        .target(name: "RisaDataset", dependencies: ["RisaCore", "RisaTags"]),
        // Built-in step types.
        // Content-addressed blobs, trees, stat cache, action cache, materialisation.
        .target(name: "RisaStore", dependencies: ["RisaCore", .product(name: "Crypto", package: "swift-crypto")]),
        // Child processes in their own process group, with timeouts and cancellation.
        .target(name: "RisaProcess"),
        .target(
            name: "RisaSteps",
            dependencies: [
                "RisaModel", "RisaStore", "RisaProcess", "RisaArchive", "RisaTags", "RisaDataset", "RisaWorker",
                "RisaMedia",
            ]),
        // Persistent model workers (taggers, captioners) speaking JSON lines over stdin/stdout.
        .target(name: "RisaWorker", dependencies: ["RisaCore", "RisaProcess"]),
        // Scheduler state machine, executor, cache keys, retries, cancellation, progress.
        .target(
            name: "RisaEngine",
            dependencies: ["RisaCore", "RisaModel", "RisaGraph", "RisaStore", "RisaState", "RisaSteps", "RisaTags"]),
        .target(
            name: "RisaCLI",
            dependencies: [
                "RisaModel", "RisaGraph", "RisaStore", "RisaState", "RisaSteps", "RisaEngine",
                "RisaMedia", "RisaGit", "RisaHTTP", "RisaArchive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "risa", dependencies: ["RisaCLI"]),

        .testTarget(name: "RisaCoreTests", dependencies: ["RisaCore"]),
        .testTarget(name: "RisaStoreTests", dependencies: ["RisaStore", "RisaCore"]),
        .testTarget(name: "RisaProcessTests", dependencies: ["RisaProcess"]),
        .testTarget(name: "RisaWorkerTests", dependencies: ["RisaWorker", "RisaCore", "RisaProcess"]),
        .testTarget(name: "RisaGitTests", dependencies: ["RisaGit"]),
        .testTarget(name: "RisaMediaTests", dependencies: ["RisaMedia"]),
        .testTarget(name: "RisaArchiveTests", dependencies: ["RisaArchive", "RisaCore"]),
        .testTarget(
            name: "RisaEngineTests",
            dependencies: ["RisaEngine", "RisaGraph", "RisaModel", "RisaSteps", "RisaStore", "RisaState", "RisaTags"]),
        .testTarget(name: "RisaStateTests", dependencies: ["RisaState", "RisaCore"]),
        .testTarget(name: "RisaModelTests", dependencies: ["RisaModel", "RisaSteps"]),
        .testTarget(name: "RisaGraphTests", dependencies: ["RisaGraph", "RisaModel", "RisaSteps"]),
        .testTarget(name: "RisaTagsTests", dependencies: ["RisaTags", "RisaCore"]),
        .testTarget(name: "RisaDatasetTests", dependencies: ["RisaDataset", "RisaTags", "RisaCore"]),
        .testTarget(
            name: "RisaStepsTests",
            dependencies: [
                "RisaSteps", "RisaMedia", "RisaArchive", "RisaCore", "RisaModel", "RisaStore", "RisaEngine",
                "RisaGraph", "RisaState",
            ]),
        // The tag and dataset step types run in real pipelines (tagger.run with the real worker).
        .testTarget(
            name: "RisaTagStepsTests",
            dependencies: [
                "RisaEngine", "RisaSteps", "RisaModel", "RisaGraph", "RisaStore", "RisaState", "RisaTags",
                "RisaDataset", "RisaWorker", "RisaCLI", "RisaProcess", "RisaCore",
            ]),
        .testTarget(name: "RisaEndToEndTests", dependencies: ["RisaCLI", "RisaGit"]),
    ],
    swiftLanguageModes: [.v6]
)
