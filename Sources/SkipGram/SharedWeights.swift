#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SenseVecCore

/// The two weight matrices shared by all training threads: input vectors V (one row per word; the word
/// vectors) and output vectors U (one row per word for negative sampling and softmax, one per inner Huffman
/// node for hierarchical softmax).
///
/// **Deliberate data races (Hogwild, Recht et al. 2011).** Worker threads read and write rows of both
/// matrices without locks; word2vec, fastText and gensim do the same. Collisions are rare (rows are sparse
/// in a window) and SGD tolerates them. This class is the only place in SenseVec where such races happen,
/// which is why it is `@unchecked Sendable`; thread-sanitizer runs exclude it.
///
/// Rows are padded to a multiple of 8 floats (`stride`) with zeros that stay zero (every update is a
/// linear combination of rows), so SIMD8 kernels need no tail loop. Storage is 2 MiB-aligned
/// (`posix_memalign`) and advised `MADV_HUGEPAGE`: transparent huge pages cut TLB misses on random row
/// access (+50% measured in ../shared/docs/PERFORMANCE.md).
public final class SharedWeights: @unchecked Sendable {
    /// Floats per word vector.
    public let dimension: Int
    /// Floats per stored row (dimension rounded up to a multiple of 8).
    public let stride: Int
    public let inputRows: Int
    public let outputRows: Int
    /// Base of the input matrix (`inputRows × stride`).
    public let input: UnsafeMutablePointer<Float>
    /// Base of the output matrix (`outputRows × stride`).
    public let output: UnsafeMutablePointer<Float>
    /// One byte per input row, set to 1 by the word trainer (``SkipGramTrainer``) when it writes the row; nil
    /// until ``trackTouchedRows()``. The bytes are written without locks by all threads (only ever to 1), like the
    /// rows themselves.
    public private(set) var inputTouched: UnsafeMutablePointer<UInt8>? = nil
    /// One byte per output row, as ``inputTouched``.
    public private(set) var outputTouched: UnsafeMutablePointer<UInt8>? = nil
    /// Whether the matrices were allocated here (and are freed with the object).
    private let ownsMatrices: Bool

    /// Allocates zeroed matrices.
    public convenience init(dimension: Int, inputRows: Int, outputRows: Int) throws {
        precondition(dimension > 0)
        let stride = (dimension + 7) / 8 * 8
        let input = try Self.allocate(count: max(1, inputRows) * stride)
        let output: UnsafeMutablePointer<Float>
        do { output = try Self.allocate(count: max(1, outputRows) * stride) } catch { free(input); throw error }
        self.init(dimension: dimension, inputRows: inputRows, outputRows: outputRows, input: input, output: output, owned: true)
    }

    /// Matrices in memory the caller owns and keeps alive while the weights are used (memory shared by the
    /// processes of one host, for example): `input` holds `inputRows × stride` floats, `output` `outputRows ×
    /// stride`, stride being `dimension` rounded up to a multiple of 8. Nothing is initialized.
    public convenience init(dimension: Int, inputRows: Int, outputRows: Int, input: UnsafeMutablePointer<Float>,
                            output: UnsafeMutablePointer<Float>) {
        self.init(dimension: dimension, inputRows: inputRows, outputRows: outputRows, input: input, output: output, owned: false)
    }

    private init(dimension: Int, inputRows: Int, outputRows: Int, input: UnsafeMutablePointer<Float>,
                 output: UnsafeMutablePointer<Float>, owned: Bool) {
        precondition(dimension > 0 && inputRows >= 0 && outputRows >= 0)
        self.dimension = dimension
        self.stride = (dimension + 7) / 8 * 8
        self.inputRows = inputRows
        self.outputRows = outputRows
        self.input = input
        self.output = output
        ownsMatrices = owned
    }

    deinit {
        if ownsMatrices {
            free(input)
            free(output)
        }
        inputTouched?.deallocate()
        outputTouched?.deallocate()
    }

    /// Starts recording which rows training writes (``inputTouched``, ``outputTouched``), all cleared. Call
    /// while no thread trains.
    public func trackTouchedRows() {
        if inputTouched == nil { inputTouched = .allocate(capacity: max(1, inputRows)) }
        if outputTouched == nil { outputTouched = .allocate(capacity: max(1, outputRows)) }
        clearTouchedRows()
    }

    /// Marks every row untouched (while no thread trains).
    public func clearTouchedRows() {
        inputTouched?.initialize(repeating: 0, count: max(1, inputRows))
        outputTouched?.initialize(repeating: 0, count: max(1, outputRows))
    }

    static func allocate(count: Int) throws -> UnsafeMutablePointer<Float> {
        let bytes = count * MemoryLayout<Float>.stride
        let huge = 2 << 20
        let alignment = bytes >= huge ? huge : 64
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, bytes) == 0, let raw else {
            throw SenseVecError("out of memory allocating \(bytes / (1 << 20)) MiB of weights")
        }
        #if os(Linux)
        if bytes >= huge { _ = madvise(raw, bytes, 14 /* MADV_HUGEPAGE */) }
        #endif
        memset(raw, 0, bytes)
        return raw.bindMemory(to: Float.self, capacity: count)
    }

    /// Pointer to input row `i`.
    @inlinable @inline(__always)
    public func inputRow(_ i: Int) -> UnsafeMutablePointer<Float> { input + i * stride }
    /// Pointer to output row `i`.
    @inlinable @inline(__always)
    public func outputRow(_ i: Int) -> UnsafeMutablePointer<Float> { output + i * stride }

    /// word2vec's initialization: input components uniform in [−0.5, 0.5)/dimension (`width` 1; fastText's,
    /// [−1, 1)/dimension, is `width` 2), output rows zero.
    public func initializeInput(rng: inout SenseRandom, width: Float = 1) {
        let scale = width / Float(dimension)
        for r in 0..<inputRows {
            let row = inputRow(r)
            for j in 0..<dimension { row[j] = (rng.nextFloat() - 0.5) * scale }
        }
    }

    /// The input matrix without padding, row-major (`inputRows × dimension`).
    public func inputValues() -> [Float] { Self.unpadded(input, rows: inputRows, dimension: dimension, stride: stride) }
    /// The output matrix without padding.
    public func outputValues() -> [Float] { Self.unpadded(output, rows: outputRows, dimension: dimension, stride: stride) }

    /// Replaces the input matrix from unpadded row-major values.
    public func setInput(_ values: [Float]) {
        precondition(values.count == inputRows * dimension)
        Self.pad(values, into: input, rows: inputRows, dimension: dimension, stride: stride)
    }
    /// Replaces the output matrix from unpadded row-major values.
    public func setOutput(_ values: [Float]) {
        precondition(values.count == outputRows * dimension)
        Self.pad(values, into: output, rows: outputRows, dimension: dimension, stride: stride)
    }

    static func unpadded(_ base: UnsafeMutablePointer<Float>, rows: Int, dimension: Int, stride: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * dimension) { buf, n in
            for r in 0..<rows {
                (buf.baseAddress! + r * dimension).initialize(from: base + r * stride, count: dimension)
            }
            n = rows * dimension
        }
    }

    static func pad(_ values: [Float], into base: UnsafeMutablePointer<Float>, rows: Int, dimension: Int, stride: Int) {
        values.withUnsafeBufferPointer { src in
            for r in 0..<rows {
                (base + r * stride).update(from: src.baseAddress! + r * dimension, count: dimension)
                (base + r * stride + dimension).update(repeating: 0, count: stride - dimension)
            }
        }
    }
}
