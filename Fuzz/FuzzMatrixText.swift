// fuzz-sources: Sources/SenseVecCore/*.swift Sources/Projection/DataMatrix.swift Sources/Projection/DataMatrix+Reading.swift

/// libFuzzer entry for the delimited-text matrix reader (CSV, TSV, space-separated, word2vec text) used by
/// `tsne` and `pca`, with the first byte choosing the label column. Any input must parse or throw a SenseVecError.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatrixText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let modes = LabelColumn.allCases
    let mode = modes[Int(data[0]) % modes.count]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if let m = try? DataMatrix.parseDelimited(bytes, labelColumn: mode) {
        precondition(m.values.count == m.rows * m.columns && m.values.allSatisfy(\.isFinite))
        precondition(m.labels.map { $0.count == m.rows } ?? true)
    }
    return 0
}
