/// libFuzzer entry for the word2vec text and binary readers (format auto-detected, then forced each way).
/// Any input must parse or throw a SenseVecError; never crash, hang or allocate absurdly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWord2Vec(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? WordVectors.parseWord2Vec(raw)
    _ = try? WordVectors.parseWord2Vec(raw, format: .text)
    _ = try? WordVectors.parseWord2Vec(raw, format: .binary)
    return 0
}
