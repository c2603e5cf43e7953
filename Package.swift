// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "seek",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "Indexer", targets: ["Indexer"]),
    .executable(name: "seekd", targets: ["SearchDaemon"]),
    .executable(name: "seek", targets: ["SearchClient"]),
    .executable(name: "seek-bench", targets: ["SeekBench"]),
    .executable(name: "train-tagger", targets: ["TrainTagger"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
  ],
  targets: [
    // C libraries from Debian, wrapped as system-library targets.
    .systemLibrary(
      name: "CLibXML", pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    .systemLibrary(name: "CUtf8proc", pkgConfig: "libutf8proc", providers: [.apt(["libutf8proc-dev"])]),

    // The engine: extraction, analysis, entity tagging, index storage, query, ranking, snippets.
    .target(
      name: "Indexer",
      dependencies: ["CLibXML", "CStemmer", "CZstd", "CUtf8proc"],
      exclude: ["Index/README.md"],
      resources: [.copy("Tag/Model")]
    ),
    // JSON-RPC messages and framing shared by seekd and seek.
    .target(name: "SeekProtocol", dependencies: ["Indexer"]),
    .executableTarget(
      name: "SearchDaemon",
      dependencies: [
        "Indexer", "SeekProtocol",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "SearchClient",
      dependencies: [
        "Indexer", "SeekProtocol",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Release-build benchmarks (`swift run -c release seek-bench NAME`); not tests.
    .executableTarget(name: "SeekBench", dependencies: ["Indexer", "SeekProtocol"]),
    // Trains the entity tagger's model from ../shared/data/ner (`swift run -c release train-tagger`).
    .executableTarget(name: "TrainTagger", dependencies: ["Indexer"]),

    // Tests.
    .target(name: "TestSupport", dependencies: ["Indexer"], path: "Tests/TestSupport"),
    .testTarget(name: "IndexerTests", dependencies: ["Indexer", "TestSupport"]),
    .testTarget(
      name: "SearchDaemonTests", dependencies: ["SearchDaemon", "SeekProtocol", "Indexer", "TestSupport"]),
    .testTarget(
      name: "SearchClientTests", dependencies: ["SearchClient", "SeekProtocol", "Indexer", "TestSupport"]),
  ]
)
