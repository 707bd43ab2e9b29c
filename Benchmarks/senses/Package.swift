// swift-tools-version: 6.0
// Benchmarks of the multi-sense trainer on real data (../../../shared/data). Build in release:
//   cd Benchmarks/senses && SENSEVEC_NO_EXPLORER=1 swift build -c release -Xswiftc -target-cpu -Xswiftc native
import PackageDescription

let package = Package(
    name: "SensesBench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "SenseVec", path: "../..")],
    targets: [
        .executableTarget(name: "SensesBench", dependencies: [
            .product(name: "Senses", package: "SenseVec"),
            .product(name: "SenseVecCore", package: "SenseVec"),
            .product(name: "SkipGram", package: "SenseVec"),
        ], swiftSettings: [.unsafeFlags(["-target-cpu", "native"])]),
    ],
    swiftLanguageModes: [.v6]
)
