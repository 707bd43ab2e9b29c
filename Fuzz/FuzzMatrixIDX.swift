// fuzz-sources: Sources/SenseVecCore/*.swift Sources/Projection/DataMatrix.swift Sources/Projection/DataMatrix+Reading.swift

/// libFuzzer entry for the IDX matrix and labels reader (MNIST's format) used by `tsne`, `pca` and `--labels`.
/// Any input must parse or throw a SenseVecError; never crash, hang or allocate more than the input justifies.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatrixIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let m = try? DataMatrix.parseIDX(bytes) {
        precondition(m.values.count == m.rows * m.columns && m.values.allSatisfy(\.isFinite))
        if let labels = try? DataMatrix.idxLabels(m, path: "labels") { precondition(labels.count == m.rows) }
    }
    return 0
}
