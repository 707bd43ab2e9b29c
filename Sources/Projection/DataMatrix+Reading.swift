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
    /// The input is read front to back in chunks: besides the result only one chunk (or one longer line) is
    /// held. Devices, over-long text lines, IDX headers promising more than the input holds and results larger
    /// than memory allows are refused (see ``InputFile``).
    public static func read(path: String, labelsPath: String? = nil,
                            labelColumn: LabelColumn = .auto) throws -> DataMatrix {
        var matrix = try read(ChunkedInput(path: path), labelColumn: labelColumn)
        if let labelsPath {
            let input = try ChunkedInput(path: labelsPath)
            let labels: [String]
            try input.request(2)
            if looksLikeIDX(input.window) {
                labels = try idxLabels(readIDX(input), path: labelsPath)
            } else {
                labels = try readLabelLines(input)
            }
            guard labels.count == matrix.rows else {
                throw SenseVecError("'\(labelsPath)' has \(labels.count) labels for \(matrix.rows) rows of '\(path)'")
            }
            matrix.labels = labels
        }
        return matrix
    }

    /// Reads a matrix from `input`: IDX when it starts with two zero bytes, otherwise delimited text.
    public static func read(_ input: ChunkedInput, labelColumn: LabelColumn = .auto) throws -> DataMatrix {
        try input.request(2)
        return looksLikeIDX(input.window) ? try readIDX(input) : try readDelimited(input, labelColumn: labelColumn)
    }

    /// The labels of a one-dimensional IDX file: integers as such, other values as decimals.
    static func idxLabels(_ m: DataMatrix, path: String) throws -> [String] {
        guard m.columns == 1 else { throw SenseVecError("'\(path)' is not a one-dimensional IDX labels file") }
        return m.values.map { Int(exactly: $0).map(String.init) ?? String($0) }
    }

    /// One label per line (`\n` or `\r\n`); empty lines at the end are dropped.
    static func readLabelLines(_ input: ChunkedInput) throws -> [String] {
        var labels: [String] = []
        var number = 1
        while try input.request(1) {
            let newline = try input.firstIndex(of: 0x0A, limit: InputFile.maxLineLength) {
                SenseVecError("'\(input.name)': line \(number) is longer than \(InputFile.maxLineLength >> 20) MiB without a line end; this is not a text file")
            }
            var n = newline ?? input.count
            if n > 0 && input[n - 1] == 0x0D { n -= 1 }
            labels.append(String(decoding: UnsafeBufferPointer(start: input.bytes, count: n), as: UTF8.self))
            input.consume(newline.map { $0 + 1 } ?? input.count)
            number += 1
        }
        while labels.last?.isEmpty == true { labels.removeLast() }
        return labels
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

    /// Parses IDX held in memory (see ``readIDX(_:)``).
    public static func parseIDX(_ b: [UInt8], path: String = "input") throws -> DataMatrix {
        try readIDX(ChunkedInput(bytes: b, name: path))
    }

    /// Reads IDX: rows are the first dimension, the remaining dimensions are flattened into columns. The size
    /// the header promises is checked against the input's size when it is known and against memory before
    /// anything is allocated; the values are converted chunk by chunk. Bytes after the values are ignored.
    public static func readIDX(_ input: ChunkedInput) throws -> DataMatrix {
        let path = input.name
        try input.request(4)
        let nd = input.count >= 4 ? Int(input[3]) : 0
        try input.request(4 + 4 * nd)
        let h = try IDXHeader(UnsafeBufferPointer(start: input.bytes, count: min(input.count, 4 + 4 * nd)), path: path)
        func truncated(_ size: Int) -> SenseVecError {
            SenseVecError("'\(path)' is truncated: its IDX header promises \(IDXHeader.shape(h.dims)) values (\(h.totalBytes) bytes), the file has \(size) bytes")
        }
        if let size = input.knownSize, size < h.totalBytes { throw truncated(size) }
        let (floatBytes, overflow) = h.count.multipliedReportingOverflow(by: 4)
        try InputFile.requireResultFits(bytes: overflow ? .max : floatBytes) {
            "'\(path)' is too large to read: its IDX header promises \(IDXHeader.shape(h.dims)) values"
        }
        let rows = h.dims[0]
        let columns = h.count / rows
        let type = h.type, size = h.valueSize
        input.consume(h.start)
        var values = [Float]()
        values.reserveCapacity(input.knownSize == nil ? min(h.count, 1 << 20) : h.count)
        var tooLarge: (index: Int, value: Double)?
        while values.count < h.count {
            try input.request(min((h.count - values.count) * size, input.chunkSize))
            let n = min(input.count / size, h.count - values.count)
            guard n > 0 else { throw truncated(input.offset + input.count) }
            let p = input.bytes
            func be(_ i: Int, _ s: Int) -> UInt64 {
                var v: UInt64 = 0
                for k in 0..<s { v = v << 8 | UInt64(p[i * s + k]) }
                return v
            }
            let first = values.count
            for i in 0..<n {
                switch type {
                case 0x08: values.append(Float(p[i]))
                case 0x09: values.append(Float(Int8(bitPattern: p[i])))
                case 0x0B: values.append(Float(Int16(bitPattern: UInt16(be(i, 2)))))
                case 0x0C: values.append(Float(Int32(bitPattern: UInt32(be(i, 4)))))
                case 0x0D: values.append(Float(bitPattern: UInt32(be(i, 4))))
                default:
                    let d = Double(bitPattern: be(i, 8))
                    let f = Float(d)
                    values.append(f)
                    if d.isFinite && !f.isFinite && tooLarge == nil { tooLarge = (first + i, d) }
                }
            }
            input.consume(n * size)
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
        try readDelimited(ChunkedInput(bytes: bytes, name: path), labelColumn: labelColumn)
    }

    /// Reads delimited text (see ``parseDelimited(_:labelColumn:path:)``) line by line from `input`.
    public static func readDelimited(_ input: ChunkedInput, labelColumn: LabelColumn = .auto) throws -> DataMatrix {
        let path = input.name
        if try input.request(3), input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { input.consume(3) }
        var lines = ContentLines(input: input)
        // The first two content lines decide the separator, the header and the label column.
        var firstTwo: [(Int, Substring)] = []
        while firstTwo.count < 2, let line = try lines.next() { firstTwo.append(line) }
        guard let firstLine = firstTwo.first?.1 else { throw SenseVecError("'\(path)' holds no rows") }
        let tabs = firstLine.contains("\t"), commas = !tabs && firstLine.contains(",")
        func fields(_ line: Substring) -> [Substring] {
            line.split(omittingEmptySubsequences: !tabs && !commas,
                       whereSeparator: tabs ? { $0 == "\t" } : commas ? { $0 == "," } : { $0 == " " })
                .map { $0.trimmingSpaces() }
        }
        let f0 = fields(firstLine)
        var skipFirst = false
        if firstTwo.count > 1 {
            let f1 = fields(firstTwo[1].1)
            let isWord2VecHeader = f0.count == 2 && f0.allSatisfy({ Int($0) != nil }) && f1.count > 2
            let isNamesHeader = f0.allSatisfy({ Float($0) == nil }) && f1.contains(where: { Float($0) != nil })
            skipFirst = isWord2VecHeader || isNamesHeader
        }
        guard let dataLine = skipFirst ? firstTwo.dropFirst().first?.1 : firstLine else {
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
        func add(_ number: Int, _ line: Substring) throws {
            let f = fields(line)
            guard f.count == d0.count else {
                throw SenseVecError("'\(path)': line \(number) has \(f.count) fields, the first row has \(d0.count)")
            }
            let range: Range<Int>
            switch mode {
            case .first: labels.append(String(f[0])); range = 1..<f.count
            case .last: labels.append(String(f[f.count - 1])); range = 0..<(f.count - 1)
            default: range = 0..<f.count
            }
            for k in range {
                guard let v = Float(f[k]) else {
                    throw SenseVecError("'\(path)': line \(number), field \(k + 1) ('\(f[k].prefix(40))') is not a number")
                }
                guard v.isFinite else {
                    throw SenseVecError("'\(path)': line \(number): \(FloatField.nonFiniteMessage(f[k]))")
                }
                values.append(v)
            }
            rows += 1
        }
        for (number, line) in firstTwo.dropFirst(skipFirst ? 1 : 0) { try add(number, line) }
        while let (number, line) = try lines.next() { try add(number, line) }
        return try DataMatrix(rows: rows, columns: width, values: values,
                              labels: mode == .none ? nil : labels)
    }

    /// The content lines of delimited text (not blank, not a `#` comment) with their 1-based numbers, read one
    /// at a time; lines end at `\n`, `\r\n` or `\r`, and a line longer than ``InputFile/maxLineLength`` stops the
    /// read with an error.
    struct ContentLines {
        let input: ChunkedInput
        var number = 0

        mutating func next() throws -> (Int, Substring)? {
            while try input.request(1) {
                var end = 0
                while true {
                    let n = input.count, b = input.bytes
                    while end < n && b[end] != 0x0A && b[end] != 0x0D { end += 1 }
                    if end < n { break }
                    if end > InputFile.maxLineLength {
                        throw SenseVecError("'\(input.name)': line \(number + 1) is longer than \(InputFile.maxLineLength >> 20) MiB without a line end; this is not a text file")
                    }
                    if try !input.request(n + 1) { break }
                }
                number += 1
                let b = UnsafeBufferPointer(start: input.bytes, count: end)
                let isBlank = b.allSatisfy { $0 == 0x20 || $0 == 0x09 }
                let line = isBlank || b[0] == 0x23 ? nil : String(decoding: b, as: UTF8.self)[...]
                var next = end
                if next < input.count && input[next] == 0x0D {
                    next += 1
                    if try input.byte(at: next) == 0x0A { next += 1 }
                } else if next < input.count {
                    next += 1
                }
                input.consume(next)
                if let line { return (number, line) }
            }
            return nil
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
