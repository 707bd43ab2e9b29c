// fuzz-sources: Sources/SenseVecCore/*.swift
/// libFuzzer entry for the contexts-file reader (`disambiguate --contexts`, `induce --contexts`): the input is
/// fed in three chunks cut at positions chosen by its first two bytes; the records must equal those of parsing
/// the whole text at once, there must be one record per line (LF count, plus one for a last line without LF),
/// and no word may be empty or contain whitespace.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzContextLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let body = UnsafeRawBufferPointer(start: data + 2, count: size - 2)
    let a = min(Int(data[0]), body.count), b = min(a + Int(data[1]), body.count)
    var parser = ContextLines.Parser()
    var chunked: [ContextLines.Line] = []
    for range in [0..<a, a..<b, b..<body.count] {
        parser.feed(UnsafeRawBufferPointer(rebasing: body[range])) { chunked.append($0) }
    }
    parser.finish { chunked.append($0) }
    let whole = ContextLines.parse(body)
    if chunked != whole { fatalError("chunked parse differs from the whole parse") }
    let lineEnds = body.filter { $0 == 0x0A }.count
    let expected = lineEnds + (body.last.map { $0 != 0x0A } ?? false ? 1 : 0)
    if whole.count != expected { fatalError("\(whole.count) records for \(expected) lines") }
    for line in whole {
        for w in line.left + line.right where w.isEmpty || w.unicodeScalars.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            fatalError("bad word \(w.debugDescription)")
        }
    }
    return 0
}
