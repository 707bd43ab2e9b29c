/// libFuzzer entry for the streaming tokenizer: the input is fed in two chunks split at a position chosen by its
/// first byte, with options chosen by its second; tokens must be valid UTF-8 no longer than the maximum.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let flags = data[1]
    let options = TokenizerOptions(lowercase: flags & 1 != 0, stripPunctuation: flags & 2 != 0,
                                   maxTokenLength: Int(flags >> 2) % 16 + 1, maxSentenceLength: 7)
    var tokenizer = Tokenizer(options: options)
    let body = UnsafeRawBufferPointer(start: data + 2, count: size - 2)
    let cut = min(Int(data[0]), body.count)
    let check: (UnsafeRawBufferPointer) -> Void = { t in
        if t.isEmpty || !Tokenizer.isValidUTF8(t) { fatalError("tokenizer produced an empty or invalid token") }
    }
    try? tokenizer.feed(UnsafeRawBufferPointer(rebasing: body[0..<cut]), token: check, sentenceEnd: {})
    try? tokenizer.feed(UnsafeRawBufferPointer(rebasing: body[cut...]), token: check, sentenceEnd: {})
    try? tokenizer.finish(token: check, sentenceEnd: {})
    return 0
}
