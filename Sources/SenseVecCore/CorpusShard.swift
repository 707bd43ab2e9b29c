#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Share `index` of `count` equal byte ranges of a corpus, for data-parallel training where each process reads
/// only its part of the text.
///
/// The files of the corpus (folders expanded, sorted) are laid end to end; share i covers bytes
/// [⌊B·i/n⌋, ⌊B·(i+1)/n⌋) of the B bytes. A share owns exactly the tokens whose first byte lies in its range, so
/// the shares of all n processes hold every token of the corpus once: a token crossing the end of a range is read
/// to its end by the share it starts in and skipped by the next one. A file boundary stays a sentence boundary;
/// a sentence cut by a range boundary becomes two sentences (word counts are unaffected).
///
/// A gzip file cannot be entered in the middle: it belongs whole to the share whose range holds its first byte.
/// Standard input cannot be shared.
public struct CorpusShard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count)
        self.index = index
        self.count = count
    }

    /// The byte range [lower, upper) of share `index` in `total` bytes.
    public func range(totalBytes total: Int) -> Range<Int> {
        let lo = Int((Int64(total) * Int64(index)) / Int64(count))
        let hi = Int((Int64(total) * Int64(index + 1)) / Int64(count))
        return lo ..< hi
    }
}

extension Corpus {
    /// The scan of one share: for each file overlapping the share's byte range, its owned tokens (see
    /// ``CorpusShard``) go through the same tokenizer as a whole-corpus scan.
    func scanShard<S: TokenSink>(_ shard: CorpusShard, into sink: inout S) throws -> TokenizerStatistics {
        let files = try source.expandedFiles()
        if files.contains("-") { throw SenseVecError("standard input cannot be split between processes: give files") }
        let sizes: [Int] = try files.map { path in
            var st = stat()
            guard stat(path, &st) == 0 else { throw SenseVecError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
            return Int(st.st_size)
        }
        let range = shard.range(totalBytes: sizes.reduce(0, +))
        var total = TokenizerStatistics()
        var start = 0
        for (file, size) in zip(files, sizes) {
            defer { start += size }
            if size == 0 { continue }
            var tokenizer = Tokenizer(options: options)
            if try Self.isGzip(file) {
                guard range.contains(start) else { continue }
                try ChunkReader(path: file).forEachChunk { try tokenizer.scan($0, into: &sink) }
            } else {
                let lo = max(range.lowerBound, start) - start, hi = min(range.upperBound, start + size) - start
                guard lo < hi else { continue }
                try Self.scanPlain(file, size: size, from: lo, to: hi, tokenizer: &tokenizer, into: &sink)
            }
            try tokenizer.finish(into: &sink)
            let s = tokenizer.statistics
            total.tokens += s.tokens; total.sentences += s.sentences; total.bytes += s.bytes
            total.invalidUTF8Tokens += s.invalidUTF8Tokens; total.truncatedTokens += s.truncatedTokens
        }
        return total
    }

    static func isGzip(_ path: String) throws -> Bool {
        guard let fp = fopen(path, "rb") else { throw SenseVecError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        defer { fclose(fp) }
        var magic: (UInt8, UInt8) = (0, 0)
        let n = withUnsafeMutableBytes(of: &magic) { fread($0.baseAddress, 1, 2, fp) }
        return n == 2 && magic.0 == 0x1F && magic.1 == 0x8B
    }

    /// Scans the tokens of a plain file whose first byte lies in [from, to).
    static func scanPlain<S: TokenSink>(_ path: String, size: Int, from: Int, to: Int,
                                        tokenizer: inout Tokenizer, into sink: inout S) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SenseVecError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        func read(at offset: Int, count: Int) throws -> Int {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            guard n >= 0 else { throw SenseVecError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
            return n
        }
        /// The first token boundary at or after `offset`: `offset` itself when the byte before it is a space
        /// (or it is the start or end of the file), else the first space after it.
        func boundary(_ offset: Int) throws -> Int {
            if offset == 0 || offset >= size { return min(offset, size) }
            var at = offset - 1
            while at < size {
                let n = try read(at: at, count: min(4096, size - at))
                if n == 0 { return size }
                for k in 0..<n where Tokenizer.isSpace(buffer[k]) { return at + k == offset - 1 ? offset : at + k }
                at += n
            }
            return size
        }
        let begin = try boundary(from), end = try boundary(to)
        var at = begin
        while at < end {
            let n = try read(at: at, count: min(chunk, end - at))
            if n == 0 { break }
            try buffer.withUnsafeBytes { try tokenizer.scan(UnsafeRawBufferPointer(rebasing: $0[0..<n]), into: &sink) }
            at += n
        }
    }
}
