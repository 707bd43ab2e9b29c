import SenseVecCore

/// A dense numeric matrix to project: `rows × columns` Float32 values, row-major, with optional row labels
/// (a class label, or the word of a vector).
///
/// Every reader in this module produces one; t-SNE and PCA consume only `values`.
public struct DataMatrix: Sendable {
    /// Number of rows (points).
    public let rows: Int
    /// Number of columns (features).
    public let columns: Int
    /// `rows × columns` values, row-major.
    public var values: [Float]
    /// One label per row (a word, or a class name), or nil.
    public var labels: [String]?

    /// Creates a matrix; throws when the sizes disagree or a value is not finite.
    public init(rows: Int, columns: Int, values: [Float], labels: [String]? = nil) throws {
        guard rows >= 0, columns > 0 else { throw SenseVecError("a matrix needs at least one column") }
        guard values.count == rows * columns else {
            throw SenseVecError("expected \(rows) × \(columns) = \(rows * columns) values, got \(values.count)")
        }
        if let labels, labels.count != rows {
            throw SenseVecError("\(labels.count) labels for \(rows) rows")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw SenseVecError("non-finite value in row \(bad / columns + 1), column \(bad % columns + 1)")
        }
        self.rows = rows
        self.columns = columns
        self.values = values
        self.labels = labels
    }

    /// The rows of a ``WordVectors`` value, labelled by their words.
    public init(_ vectors: WordVectors) {
        self.rows = vectors.count
        self.columns = vectors.dimension
        self.values = vectors.values
        self.labels = vectors.words
    }

    /// The first `n` rows.
    public func prefix(_ n: Int) -> DataMatrix {
        let n = max(0, min(n, rows))
        return try! DataMatrix(rows: n, columns: columns, values: Array(values[..<(n * columns)]),
                               labels: labels.map { Array($0[..<n]) })
    }

    /// The rows at `indices`, in that order.
    public func selecting(_ indices: [Int]) -> DataMatrix {
        var v = [Float](); v.reserveCapacity(indices.count * columns)
        for i in indices { v.append(contentsOf: values[(i * columns)..<((i + 1) * columns)]) }
        return try! DataMatrix(rows: indices.count, columns: columns, values: v,
                               labels: labels.map { l in indices.map { l[$0] } })
    }
}
