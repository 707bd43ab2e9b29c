// fuzz-sources: Sources/SenseVecCore/*.swift Sources/Senses/*.swift Sources/Evaluation/*.swift
import Foundation

/// libFuzzer entry for the evaluation benchmark readers: the same text as an analogy set, a similarity set,
/// SemEval-2010 contexts, Senseval-2 XML and SCWS.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBenchmarkFiles(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let file = BenchmarkFile(path: "fuzz", text: text)
    _ = try? AnalogySet.parse(file)
    _ = try? SimilaritySet.parse(file)
    _ = try? SenseInductionSet.parseSemEval(file)
    _ = try? SenseInductionSet.parseSenseval(file)
    _ = try? ContextualSimilaritySet.parse(file)
    return 0
}
