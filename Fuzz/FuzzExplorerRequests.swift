// fuzz-sources: Sources/Explorer/ExplorerRequests.swift Sources/Explorer/ExplorerModel.swift Sources/SenseVecCore/*.swift
import Foundation

/// libFuzzer entry for the explorer's request decoding (no HTTP server involved): the first byte picks the
/// request kind; the rest is a `POST /api/disambiguate` body, or `name=value&…` query parameters for the GET
/// endpoints. Any input must end in a value or an `ExplorerError` (400/413), never a crash, and a decoded
/// disambiguation must point at a token of the sentence within the limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExplorerRequests(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let limits = ExplorerLimits()
    let body = Data(bytes: data + 1, count: size - 1)
    if data[0] & 1 == 0 {
        // Pretend the model knows lower-case ASCII words only, so the lower-case fallback is exercised.
        let known: (String) -> Bool = { w in w.utf8.allSatisfy { (97...122).contains($0) } }
        if let r = try? ExplorerRequests.disambiguation(body: body, limits: limits, contains: known) {
            guard r.tokens.indices.contains(r.position), r.tokens.count <= limits.maxSentenceTokens,
                  (1...limits.maxK).contains(r.k), r.tokens.allSatisfy({ !$0.isEmpty }) else {
                fatalError("disambiguation request decoded out of its limits")
            }
        }
    } else {
        var q: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]), value = parts.count > 1 ? String(parts[1]) : ""
            if q[key] == nil { q[key] = value }
        }
        if let w = try? ExplorerRequests.word(q, "word", limits: limits), w.isEmpty || w.utf8.count > limits.maxWordBytes {
            fatalError("word parameter out of its limits")
        }
        if let k = try? ExplorerRequests.k(q, limits: limits), !(1...limits.maxK).contains(k) { fatalError("k out of range") }
        _ = try? ExplorerRequests.method(q)
    }
    return 0
}
