// swift-tools-version: 6.0
import PackageDescription
import Foundation

// The explorer pulls in Hummingbird (a 4–8 minute clean build on 2 cores). Set SENSEVEC_NO_EXPLORER=1
// to leave it out of a development build; CI and the README's commands always build it.
let withExplorer = ProcessInfo.processInfo.environment["SENSEVEC_NO_EXPLORER"] == nil

// Hot loops need AVX2/FMA code generation (../shared/docs/PERFORMANCE.md: without a target CPU, SIMD FMA
// compiles to per-lane library calls), so the Swift modules are compiled for Haswell-class x86-64 CPUs (AVX2,
// FMA, BMI1/2, ...), a fixed and named feature set rather than `native`, so a binary runs on every machine that
// has it; the CPUCheck target stops a binary on a CPU without it with a one-line error. SwiftPM refuses unsafe
// flags in a package that another package depends on by version, so when this package is built as a dependency
// (checked out under a `checkouts` folder), or when SENSEVEC_PORTABLE is set, no flag is added: the code is then
// portable x86-64/arm64 and its kernels are slower.
let environment = ProcessInfo.processInfo.environment
let isDependency = Context.packageDirectory.contains("/checkouts/")
let portable = isDependency || environment["SENSEVEC_PORTABLE"] != nil
#if arch(x86_64)
let targetsHaswell = !portable
#else
let targetsHaswell = false
#endif
let fast: [SwiftSetting] = targetsHaswell ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
// The trainers', the sense mixtures' (SenseVecCore: EM, context encoder, cosine scans) and t-SNE's kernels run
// 10–100× slower unoptimized, which would make their tests and debug runs unusable (the demo at 1M tokens: 103 s
// unoptimized, 9 s with -O); outside portable builds they are always compiled with -O (tests still use @testable
// through -enable-testing).
let kernels: [SwiftSetting] = fast + (portable ? [] : [.unsafeFlags(["-O"], .when(configuration: .debug))])
let cpuCheck: [CSetting] = targetsHaswell ? [.define("SENSEVEC_TARGET_HASWELL")] : []

var packageDependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
]
var cliDependencies: [Target.Dependency] = [
    "CPUCheck", "SenseVecCore", "SkipGram", "Senses", "Evaluation", "Projection", "Plot", "SyntheticCorpus", "Distributed",
    .product(name: "ArgumentParser", package: "swift-argument-parser"),
]
var cliSettings: [SwiftSetting] = fast
var targets: [Target] = [
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
    .target(name: "CPUCheck", cSettings: cpuCheck),
    // Open MPI from Debian (libopenmpi-dev; scripts/setup.sh installs it), used only by the Distributed module.
    .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c",
                   providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
    .target(name: "SenseVecCore", dependencies: ["CZlib"], swiftSettings: kernels),
    .target(name: "SyntheticCorpus", dependencies: ["SenseVecCore"], swiftSettings: fast),
    .target(name: "SkipGram", dependencies: ["SenseVecCore"],
            swiftSettings: kernels),
    .target(name: "Senses", dependencies: ["SenseVecCore", "SkipGram"],
            swiftSettings: kernels),
    // Data-parallel skip-gram training over MPI (mpirun -np N sensevec train ...): sharding, vocabulary merge,
    // model averaging. The core modules never see MPI.
    .target(name: "Distributed", dependencies: ["CMPI", "SenseVecCore", "SkipGram"], swiftSettings: fast),
    .target(name: "Evaluation", dependencies: ["SenseVecCore"], swiftSettings: fast),
    .target(name: "Projection", dependencies: ["SenseVecCore"],
            swiftSettings: kernels),
    // Cairo renders the PNG plots and measures their text (Debian: libcairo2-dev, fonts-dejavu-core).
    .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
    .target(name: "Plot", dependencies: ["SenseVecCore", "CCairo"], swiftSettings: fast),
    .testTarget(name: "SenseVecCoreTests", dependencies: ["SenseVecCore"]),
    .testTarget(name: "SyntheticCorpusTests", dependencies: ["SyntheticCorpus", "SenseVecCore"]),
    .testTarget(name: "SkipGramTests", dependencies: ["SkipGram", "SenseVecCore", "SyntheticCorpus"]),
    .testTarget(name: "SensesTests", dependencies: ["Senses", "SkipGram", "SenseVecCore", "SyntheticCorpus"]),
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "SenseVecCore"]),
    .testTarget(name: "ProjectionTests", dependencies: ["Projection", "SenseVecCore"]),
    .testTarget(name: "PlotTests", dependencies: ["Plot", "SenseVecCore"], exclude: ["Golden"]),
    // Blocking loopback HTTP for the explorer's tests (ExplorerTests and CLITests): malformed, stalled and flooding
    // requests that no client library sends.
    .target(name: "RawHTTPSupport", path: "Tests/RawHTTPSupport"),
    .testTarget(name: "CLITests", dependencies: ["sensevec", "RawHTTPSupport"]),
]

if withExplorer {
    packageDependencies.append(.package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"))
    // The explorer's connection handlers sit in the NIO pipeline Hummingbird builds on (already its dependencies).
    packageDependencies.append(.package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"))
    packageDependencies.append(.package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.24.0"))
    targets.append(.target(
        name: "Explorer",
        dependencies: [
            "SenseVecCore", "Projection", "Plot",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
        ],
        resources: [.copy("Resources")],
        swiftSettings: fast))
    targets.append(.testTarget(
        name: "ExplorerTests",
        dependencies: [
            "Explorer", "SenseVecCore", "RawHTTPSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
        ]))
    cliDependencies.append("Explorer")
    // The libFuzzer target of the explorer's raw HTTP path (Fuzz/run-http.sh builds it with the sanitizer flags).
    if environment["SENSEVEC_FUZZ"] != nil {
        targets.append(.executableTarget(
            name: "FuzzExplorerHTTP",
            dependencies: [
                "Explorer", "SenseVecCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            path: "Fuzz/ExplorerHTTP",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
    cliSettings.append(.define("SENSEVEC_EXPLORER"))
}

targets.append(.executableTarget(name: "sensevec", dependencies: cliDependencies, swiftSettings: cliSettings))

let package = Package(
    name: "SenseVec",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sensevec", targets: ["sensevec"]),
        .library(name: "SenseVecCore", targets: ["SenseVecCore"]),
        .library(name: "SkipGram", targets: ["SkipGram"]),
        .library(name: "Senses", targets: ["Senses"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Projection", targets: ["Projection"]),
        .library(name: "Plot", targets: ["Plot"]),
    ],
    dependencies: packageDependencies,
    targets: targets,
    swiftLanguageModes: [.v6]
)
