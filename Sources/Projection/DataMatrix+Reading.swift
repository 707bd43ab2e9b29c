import SenseVecCore

/// Where the label of a delimited text row sits.
public enum LabelColumn: String, Sendable, CaseIterable {
    /// The first field when it is not a number (words of a vectors file), otherwise none.
    case auto
    /// The first field of each row.
    case first
    /// The last field of each row (e.g. scikit-learn's digits CSV).
    case last
    /// No label column: every field is a feature.
    case none
}

extension DataMatrix {
    /// Reads a matrix from `path` (gzip or plain, detected by content; `-` is standard input):
    /// an IDX file (MNIST's format: big-endian magic `0x0000TTNN`, then the sizes, then the values) when the
    /// bytes start with an IDX magic number, otherwise delimited text (see ``parseDelimited(_:labelColumn:)``).
    /// `labelsPath`, when given, is a one-dimensional IDX file or a text file with one label per line.
    public static func read(path: String, labelsPath: String? = nil,
                            labelColumn: LabelColumn = .auto) throws -> DataMatrix {
        let bytes = try readAllBytes(path)
        var matrix: DataMatrix
        if isIDX(bytes) {
            matrix = try parseIDX(bytes, path: path)
        } else {
            matrix = try parseDelimited(bytes, labelColumn: labelColumn, path: path)
        }
        if let labelsPath {
            let lb = try readAllBytes(labelsPath)
            let labels: [String]
            if isIDX(lb) {
                let m = try parseIDX(lb, path: labelsPath)
                guard m.columns == 1 else { throw SenseVecError("'\(labelsPath)' is not a one-dimensional IDX labels file") }
                labels = m.values.map { String(Int($0)) }
            } else {
                labels = String(decoding: lb, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
                    .reversed().drop(while: { $0.isEmpty }).reversed()
            }
            guard labels.count == matrix.rows else {
                throw SenseVecError("'\(labelsPath)' has \(labels.count) labels for \(matrix.rows) rows of '\(path)'")
            }
            matrix.labels = labels
        }
        return matrix
    }

    /// All bytes of a file, decompressed when it is gzip.
    static func readAllBytes(_ path: String) throws -> [UInt8] {
        let reader = try ChunkReader(path: path)
        var bytes: [UInt8] = []
        try reader.forEachChunk { bytes.append(contentsOf: $0) }
        return bytes
    }

    static func isIDX(_ b: [UInt8]) -> Bool {
        guard b.count >= 4, b[0] == 0, b[1] == 0, [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E].contains(b[2]),
              b[3] >= 1, b[3] <= 4, b.count >= 4 + 4 * Int(b[3]) else { return false }
        return true
    }

    /// Parses IDX: rows are the first dimension, the remaining dimensions are flattened into columns.
    public static func parseIDX(_ b: [UInt8], path: String = "input") throws -> DataMatrix {
        guard isIDX(b) else { throw SenseVecError("'\(path)' is not an IDX file") }
        let type = b[2], nd = Int(b[3])
        var dims: [Int] = []
        for k in 0..<nd {
            let o = 4 + 4 * k
            dims.append(Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3]))
        }
        let rows = dims[0]
        let columns = dims.dropFirst().reduce(1, *)
        let size: Int = switch type { case 0x08, 0x09: 1; case 0x0B: 2; case 0x0C, 0x0D: 4; default: 8 }
        let start = 4 + 4 * nd
        let n = rows * columns
        guard b.count >= start + n * size else {
            throw SenseVecError("'\(path)' is truncated: IDX header says \(dims.map(String.init).joined(separator: "×")) values")
        }
        var values = [Float](repeating: 0, count: n)
        b.withUnsafeBufferPointer { src in
            let p = src.baseAddress! + start
            func be(_ i: Int, _ s: Int) -> UInt64 {
                var v: UInt64 = 0
                for k in 0..<s { v = v << 8 | UInt64(p[i * s + k]) }
                return v
            }
            for i in 0..<n {
                switch type {
                case 0x08: values[i] = Float(p[i])
                case 0x09: values[i] = Float(Int8(bitPattern: p[i]))
                case 0x0B: values[i] = Float(Int16(bitPattern: UInt16(be(i, 2))))
                case 0x0C: values[i] = Float(Int32(bitPattern: UInt32(be(i, 4))))
                case 0x0D: values[i] = Float(bitPattern: UInt32(be(i, 4)))
                default: values[i] = Float(Double(bitPattern: be(i, 8)))
                }
            }
        }
        return try DataMatrix(rows: rows, columns: max(columns, 1), values: values)
    }

    /// Parses delimited text: tab-, comma- or whitespace-separated (chosen from the first data line), one row
    /// per non-empty line, `#` comment lines skipped. A first line whose fields are all non-numeric is a
    /// header; a first line of exactly two integers followed by longer lines is a word2vec text header; both
    /// are skipped. Labels come from `labelColumn`.
    public static func parseDelimited(_ bytes: [UInt8], labelColumn: LabelColumn = .auto,
                                      path: String = "input") throws -> DataMatrix {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .filter { !$0.allSatisfy({ $0 == " " || $0 == "\t" }) && !$0.hasPrefix("#") }
        guard let firstLine = lines.first else { throw SenseVecError("'\(path)' holds no rows") }
        let separator: (Character) -> Bool
        if firstLine.contains("\t") { separator = { $0 == "\t" } }
        else if firstLine.contains(",") { separator = { $0 == "," } }
        else { separator = { $0 == " " } }
        func fields(_ line: Substring) -> [Substring] {
            line.split(omittingEmptySubsequences: !firstLine.contains("\t") && !firstLine.contains(","), whereSeparator: separator)
                .map { $0.trimmingSpaces() }
        }
        // Header detection.
        let f0 = fields(firstLine)
        if lines.count > 1 {
            let f1 = fields(lines[1])
            let isWord2VecHeader = f0.count == 2 && f0.allSatisfy({ Int($0) != nil }) && f1.count > 2
            let isNamesHeader = f0.allSatisfy({ Float($0) == nil }) && f1.contains(where: { Float($0) != nil })
            if isWord2VecHeader || isNamesHeader { lines.removeFirst() }
        }
        guard let dataLine = lines.first else { throw SenseVecError("'\(path)' holds no rows") }
        let d0 = fields(dataLine)
        var mode = labelColumn
        if mode == .auto { mode = Float(d0[0]) == nil ? .first : .none }
        let width = d0.count - (mode == .none ? 0 : 1)
        guard width > 0 else { throw SenseVecError("'\(path)': rows have no numeric columns") }
        var values = [Float](); values.reserveCapacity(lines.count * width)
        var labels: [String] = []
        for (r, line) in lines.enumerated() {
            let f = fields(line)
            guard f.count == d0.count else {
                throw SenseVecError("'\(path)': data row \(r + 1) has \(f.count) fields, the first row has \(d0.count)")
            }
            let range: Range<Int>
            switch mode {
            case .first: labels.append(String(f[0])); range = 1..<f.count
            case .last: labels.append(String(f[f.count - 1])); range = 0..<(f.count - 1)
            default: range = 0..<f.count
            }
            for k in range {
                guard let v = Float(f[k]) else {
                    throw SenseVecError("'\(path)': data row \(r + 1), field \(k + 1) ('\(f[k])') is not a number")
                }
                values.append(v)
            }
        }
        return try DataMatrix(rows: lines.count, columns: width, values: values,
                              labels: mode == .none ? nil : labels)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" || c == "\"" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\"" { s = s.dropLast() }
        return s
    }
}
