/// libFuzzer entry for vocabulary files (`word<TAB>count` lines).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVocabulary(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? Vocabulary.parse(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
