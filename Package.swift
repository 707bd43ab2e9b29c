// swift-tools-version: 6.0
import PackageDescription
import Foundation

// The explorer pulls in Hummingbird (a 4–8 minute clean build on 2 cores). Set SENSEVEC_NO_EXPLORER=1
// to leave it out of a development build; CI and the README's commands always build it.
let withExplorer = ProcessInfo.processInfo.environment["SENSEVEC_NO_EXPLORER"] == nil

// Hot loops need AVX2/FMA code generation (../shared/docs/PERFORMANCE.md: without a target CPU,
// SIMD FMA compiles to per-lane library calls). Release builds only.
let fast: [SwiftSetting] = [
    .unsafeFlags(["-target-cpu", "native"], .when(configuration: .release)),
]

var packageDependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
]
var cliDependencies: [Target.Dependency] = [
    "SenseVecCore", "SkipGram", "Senses", "Evaluation", "Projection", "Plot", "SyntheticCorpus",
    .product(name: "ArgumentParser", package: "swift-argument-parser"),
]
var cliSettings: [SwiftSetting] = fast
var targets: [Target] = [
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
    .target(name: "SenseVecCore", dependencies: ["CZlib"], swiftSettings: fast),
    .target(name: "SyntheticCorpus", dependencies: ["SenseVecCore"], swiftSettings: fast),
    // The trainers' and t-SNE's SIMD kernels run ~100× slower unoptimized, which would make their tests and
    // debug runs unusable; they are always compiled with -O (tests still use @testable through -enable-testing).
    .target(name: "SkipGram", dependencies: ["SenseVecCore"],
            swiftSettings: fast + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
    .target(name: "Senses", dependencies: ["SenseVecCore", "SkipGram"],
            swiftSettings: fast + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
    .target(name: "Evaluation", dependencies: ["SenseVecCore", "Senses"], swiftSettings: fast),
    .target(name: "Projection", dependencies: ["SenseVecCore"],
            swiftSettings: fast + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
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
    .testTarget(name: "CLITests", dependencies: ["sensevec"]),
]

if withExplorer {
    packageDependencies.append(.package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"))
    targets.append(.target(
        name: "Explorer",
        dependencies: [
            "SenseVecCore", "Senses", "Projection", "Plot",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
        ],
        resources: [.copy("Resources")],
        swiftSettings: fast))
    targets.append(.testTarget(
        name: "ExplorerTests",
        dependencies: [
            "Explorer", "SenseVecCore",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]))
    cliDependencies.append("Explorer")
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
