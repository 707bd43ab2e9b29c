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
    /// bytes start with two zero bytes, otherwise delimited text (see ``parseDelimited(_:labelColumn:path:)``).
    /// `labelsPath`, when given, is a one-dimensional IDX file or a text file with one label per line.
    /// Devices, over-long text lines and IDX headers promising more than the input holds are refused (see
    /// ``InputFile``).
    public static func read(path: String, labelsPath: String? = nil,
                            labelColumn: LabelColumn = .auto) throws -> DataMatrix {
        let bytes = try readInput(path)
        var matrix: DataMatrix
        if looksLikeIDX(bytes) {
            matrix = try parseIDX(bytes, path: path)
        } else {
            matrix = try parseDelimited(bytes, labelColumn: labelColumn, path: path)
        }
        if let labelsPath {
            let lb = try readInput(labelsPath)
            let labels: [String]
            if looksLikeIDX(lb) {
                labels = try idxLabels(parseIDX(lb, path: labelsPath), path: labelsPath)
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

    /// The labels of a one-dimensional IDX file: integers as such, other values as decimals.
    static func idxLabels(_ m: DataMatrix, path: String) throws -> [String] {
        guard m.columns == 1 else { throw SenseVecError("'\(path)' is not a one-dimensional IDX labels file") }
        return m.values.map { Int(exactly: $0).map(String.init) ?? String($0) }
    }

    /// The bytes of a matrix or labels input: IDX data up to the size its header gives (only the header when
    /// the header is invalid), anything else as text.
    static func readInput(_ path: String) throws -> [UInt8] {
        try InputFile.readAll(path) { head in
            guard looksLikeIDX(head) else { return .text }
            return .binary(size: (try? IDXHeader(head, path: path))?.totalBytes ?? head.count)
        }
    }

    /// IDX files start with two zero bytes, which no text does.
    static func looksLikeIDX<C: Collection<UInt8>>(_ b: C) -> Bool {
        b.count >= 2 && b.first == 0 && b.dropFirst().first == 0
    }

    /// The header of an IDX file: magic `00 00 TYPE NDIMS`, then `NDIMS` big-endian UInt32 sizes.
    struct IDXHeader {
        let type: UInt8
        let dims: [Int]
        /// Bytes of one value.
        let valueSize: Int
        /// Bytes before the values.
        let start: Int
        /// The number of values: the product of the sizes.
        let count: Int
        /// Bytes of the whole file.
        let totalBytes: Int

        /// Decodes and checks a header; every size computed from it is overflow-checked.
        init<C: Collection<UInt8>>(_ bytes: C, path: String) throws where C.Index == Int {
            let b = bytes
            let o = b.startIndex
            guard b.count >= 4, b[o] == 0, b[o + 1] == 0 else {
                throw SenseVecError("'\(path)' is not an IDX file (truncated header: \(b.count) bytes)")
            }
            type = b[o + 2]
            switch type {
            case 0x08, 0x09: valueSize = 1
            case 0x0B: valueSize = 2
            case 0x0C, 0x0D: valueSize = 4
            case 0x0E: valueSize = 8
            default:
                throw SenseVecError("'\(path)': unknown IDX type code 0x\(String(type, radix: 16, uppercase: true)) (expected 08, 09, 0B, 0C, 0D or 0E)")
            }
            let nd = Int(b[o + 3])
            guard nd >= 1 else { throw SenseVecError("'\(path)': the IDX header gives no dimensions") }
            start = 4 + 4 * nd
            guard b.count >= start else {
                throw SenseVecError("'\(path)' is truncated: its IDX header announces \(nd) dimensions (\(start) bytes), the file has \(b.count) bytes")
            }
            var dims: [Int] = []
            var count = 1
            var overflow = false
            for k in 0..<nd {
                let p = o + 4 + 4 * k
                let d = Int(b[p]) << 24 | Int(b[p + 1]) << 16 | Int(b[p + 2]) << 8 | Int(b[p + 3])
                guard d > 0 else { throw SenseVecError("'\(path)': IDX dimension \(k + 1) is 0 (the file holds no values)") }
                dims.append(d)
                var o1 = false
                (count, o1) = count.multipliedReportingOverflow(by: d)
                overflow = overflow || o1
            }
            self.dims = dims
            let (valueBytes, o2) = count.multipliedReportingOverflow(by: valueSize)
            let (total, o3) = valueBytes.addingReportingOverflow(start)
            guard !overflow, !o2, !o3 else {
                throw SenseVecError("'\(path)': the IDX header's sizes \(Self.shape(dims)) hold more values than any file can")
            }
            self.count = count
            totalBytes = total
        }

        static func shape(_ dims: [Int]) -> String { dims.map(String.init).joined(separator: "×") }
    }

    /// Parses IDX: rows are the first dimension, the remaining dimensions are flattened into columns. The size
    /// the header promises is checked against the bytes present before anything is allocated.
    public static func parseIDX(_ b: [UInt8], path: String = "input") throws -> DataMatrix {
        let h = try IDXHeader(b, path: path)
        guard b.count >= h.totalBytes else {
            throw SenseVecError("'\(path)' is truncated: its IDX header promises \(IDXHeader.shape(h.dims)) values (\(h.totalBytes) bytes), the file has \(b.count) bytes")
        }
        let rows = h.dims[0]
        let columns = h.count / rows
        let type = h.type, start = h.start
        var values = [Float](repeating: 0, count: h.count)
        var tooLarge: (index: Int, value: Double)?
        b.withUnsafeBufferPointer { src in
            let p = src.baseAddress! + start
            func be(_ i: Int, _ s: Int) -> UInt64 {
                var v: UInt64 = 0
                for k in 0..<s { v = v << 8 | UInt64(p[i * s + k]) }
                return v
            }
            for i in 0..<h.count {
                switch type {
                case 0x08: values[i] = Float(p[i])
                case 0x09: values[i] = Float(Int8(bitPattern: p[i]))
                case 0x0B: values[i] = Float(Int16(bitPattern: UInt16(be(i, 2))))
                case 0x0C: values[i] = Float(Int32(bitPattern: UInt32(be(i, 4))))
                case 0x0D: values[i] = Float(bitPattern: UInt32(be(i, 4)))
                default:
                    let d = Double(bitPattern: be(i, 8))
                    values[i] = Float(d)
                    if d.isFinite && !values[i].isFinite && tooLarge == nil { tooLarge = (i, d) }
                }
            }
        }
        if let tooLarge {
            throw SenseVecError("'\(path)': row \(tooLarge.index / columns + 1), column \(tooLarge.index % columns + 1): \(FloatField.nonFiniteMessage(String(tooLarge.value)))")
        }
        do {
            return try DataMatrix(rows: rows, columns: columns, values: values)
        } catch let e as SenseVecError { throw SenseVecError("'\(path)': \(e.message)") }
    }

    /// Parses delimited text: tab-, comma- or whitespace-separated (chosen from the first data line), one row
    /// per non-empty line, `#` comment lines skipped. A first line whose fields are all non-numeric is a
    /// header; a first line of exactly two integers followed by longer lines is a word2vec text header; both
    /// are skipped. Labels come from `labelColumn`. A UTF-8 byte order mark at the start is skipped. Errors name
    /// the line.
    public static func parseDelimited(_ bytes: [UInt8], labelColumn: LabelColumn = .auto,
                                      path: String = "input") throws -> DataMatrix {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try parseDelimited(Array(bytes.dropFirst(3)), labelColumn: labelColumn, path: path)
        }
        // The first two content lines decide the separator, the header and the label column.
        var firstTwo: [Substring] = []
        forEachLine(bytes) { _, line in firstTwo.append(line); return firstTwo.count < 2 }
        guard let firstLine = firstTwo.first else { throw SenseVecError("'\(path)' holds no rows") }
        let tabs = firstLine.contains("\t"), commas = !tabs && firstLine.contains(",")
        func fields(_ line: Substring) -> [Substring] {
            line.split(omittingEmptySubsequences: !tabs && !commas,
                       whereSeparator: tabs ? { $0 == "\t" } : commas ? { $0 == "," } : { $0 == " " })
                .map { $0.trimmingSpaces() }
        }
        let f0 = fields(firstLine)
        var skipFirst = false
        if firstTwo.count > 1 {
            let f1 = fields(firstTwo[1])
            let isWord2VecHeader = f0.count == 2 && f0.allSatisfy({ Int($0) != nil }) && f1.count > 2
            let isNamesHeader = f0.allSatisfy({ Float($0) == nil }) && f1.contains(where: { Float($0) != nil })
            skipFirst = isWord2VecHeader || isNamesHeader
        }
        guard let dataLine = skipFirst ? firstTwo.dropFirst().first : firstLine else {
            throw SenseVecError("'\(path)' holds no rows")
        }
        let d0 = fields(dataLine)
        var mode = labelColumn
        if mode == .auto { mode = Float(d0[0]) == nil ? .first : .none }
        let width = d0.count - (mode == .none ? 0 : 1)
        guard width > 0 else { throw SenseVecError("'\(path)': rows have no numeric columns") }
        var values = [Float]()
        var labels: [String] = []
        var rows = 0
        var failure: SenseVecError?
        forEachLine(bytes) { number, line in
            if skipFirst { skipFirst = false; return true }
            let f = fields(line)
            guard f.count == d0.count else {
                failure = SenseVecError("'\(path)': line \(number) has \(f.count) fields, the first row has \(d0.count)")
                return false
            }
            let range: Range<Int>
            switch mode {
            case .first: labels.append(String(f[0])); range = 1..<f.count
            case .last: labels.append(String(f[f.count - 1])); range = 0..<(f.count - 1)
            default: range = 0..<f.count
            }
            for k in range {
                guard let v = Float(f[k]) else {
                    failure = SenseVecError("'\(path)': line \(number), field \(k + 1) ('\(f[k].prefix(40))') is not a number")
                    return false
                }
                guard v.isFinite else {
                    failure = SenseVecError("'\(path)': line \(number): \(FloatField.nonFiniteMessage(f[k]))")
                    return false
                }
                values.append(v)
            }
            rows += 1
            return true
        }
        if let failure { throw failure }
        return try DataMatrix(rows: rows, columns: width, values: values,
                              labels: mode == .none ? nil : labels)
    }

    /// Calls `body` with the 1-based number and text of each content line (not blank, not a `#` comment); lines
    /// end at `\n`, `\r\n` or `\r`. Stops when `body` returns false.
    static func forEachLine(_ bytes: [UInt8], _ body: (Int, Substring) -> Bool) {
        bytes.withUnsafeBufferPointer { b in
            var number = 0
            var i = 0
            while i < b.count {
                var end = i
                while end < b.count && b[end] != 0x0A && b[end] != 0x0D { end += 1 }
                number += 1
                let isBlank = b[i..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
                if !isBlank && b[i] != 0x23 {
                    let line = String(decoding: UnsafeBufferPointer(rebasing: b[i..<end]), as: UTF8.self)[...]
                    if !body(number, line) { return }
                }
                i = end
                if i < b.count && b[i] == 0x0D { i += 1 }
                if i < b.count && b[i] == 0x0A && (i == end || b[i - 1] == 0x0D) { i += 1 }
            }
        }
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
