#!/usr/bin/env bash
# Proves that another package can depend on SenseVec's libraries by version: tags a clone of this repository's
# HEAD as 1.0.0, then builds and runs a scratch package that depends on it with `from: "1.0.0"` and uses every
# library product. SwiftPM refuses a versioned dependency whose targets carry unsafe build flags, so this is
# the check that the manifest leaves them out when SenseVec is a dependency.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/sensevec"
git -C "$work/sensevec" -c user.name=check -c user.email=check@localhost tag -a 1.0.0 -m "dependable check"
mkdir -p "$work/consumer/Sources/Consumer"
cat > "$work/consumer/Package.swift" <<MANIFEST
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "Consumer",
    dependencies: [.package(url: "file://$work/sensevec", from: "1.0.0")],
    targets: [.executableTarget(name: "Consumer", dependencies: [
        .product(name: "SenseVecCore", package: "sensevec"), .product(name: "SkipGram", package: "sensevec"),
        .product(name: "Senses", package: "sensevec"), .product(name: "Evaluation", package: "sensevec"),
        .product(name: "Projection", package: "sensevec"), .product(name: "Plot", package: "sensevec"),
    ])]
)
MANIFEST
cat > "$work/consumer/Sources/Consumer/main.swift" <<'SWIFT'
import SenseVecCore
import SkipGram
import Senses
import Evaluation
import Projection
import Plot

// Train a small skip-gram model through the library and ask it a question.
import Foundation
let path = NSTemporaryDirectory() + "consumer-corpus.txt"
var text = ""
for i in 0..<3000 { text += i % 2 == 0 ? "the king rules the realm .\n" : "the queen rules the realm .\n" }
try text.write(toFile: path, atomically: true, encoding: .utf8)
let corpus = Corpus(paths: [path])
let vocabulary = try Vocabulary.count(corpus, minCount: 1).0
var configuration = SkipGramConfiguration()
configuration.dimension = 16; configuration.epochs = 1; configuration.threads = 1; configuration.minCount = 1
let model = try SkipGramModel(configuration: configuration, vocabulary: vocabulary)
try SkipGramTrainer(model: model, corpus: try EncodedCorpus(corpus, vocabulary: vocabulary)).train()
let vectors = try model.wordVectors()
let similarity = try CosineIndex(vectors).similarity("king", "queen")
print("consumer: \(vectors.count) words of dimension \(vectors.dimension); cos(king, queen) = \(similarity)")
SWIFT
cd "$work/consumer"
swift build -q 2>&1 | tail -20
./.build/debug/Consumer
echo "dependable: a package depending on SenseVec from: 1.0.0 builds and runs"
