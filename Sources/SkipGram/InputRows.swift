import SenseVecCore

/// The input layer of a skip-gram or CBOW update, as seen by ``RoundJob``'s loop: how a word (or a CBOW
/// window) becomes a hidden vector h, where the step −η ∂L/∂h goes, and which side of a window is the input.
/// ``WordRows`` (one row per word, used in place) and ``SubwordRows`` (the mean of a word's word and n-gram rows,
/// ``SubwordInput``) are the two layers; the loop is generic over this protocol, so each (input, output) pair
/// is specialized at compile time and an example costs no dynamic call.
///
/// **Orientation.** ``centreIsInput`` says which way skip-gram predicts: false for word rows (each context word's
/// row predicts the centre, as word2vec), true for subword rows (the centre's mean predicts each context word, as
/// fastText). The per-pair loop reads it as a constant and is otherwise the same code for both layers, as is CBOW
/// (the context mean predicts the centre in both); only the window-batched update
/// (``batchedUpdate(_:centre:count:state:measure:)``) is written per layer, because the window's shared operand
/// is on opposite sides: with word rows the B context rows are B inputs against one target's output rows (a B×K block, ``BinaryLogisticOutput/batchedUpdate(input:inputRows:inputCount:output:outputRows:labels:outputCount:stride:learningRate:computeLoss:scores:deltas:)``);
/// with subword rows one input, costly to form and to write back to its n rows, serves the B context words as
/// targets (``OutputLayerStep/update(hidden:targets:count:state:measure:)``), so it is formed and written once
/// per window.
protocol InputRows {
    /// What a round job keeps between rounds to make the rows (Sendable; the rows themselves hold pointers valid
    /// during ``with(_:weights:_:)`` only).
    associatedtype Source: Sendable
    /// Calls `body` with the rows of `source` over the input matrix of `weights`.
    static func with<R>(_ source: Source, weights: SharedWeights, _ body: (Self) -> R) -> R
    /// Row ids ``ThreadState/bag`` must hold for a CBOW window of `window` words each side.
    static func bagCapacity(_ source: Source, window: Int) -> Int
    /// Skip-gram's orientation: true when the centre word is the input and each context word a target.
    static var centreIsInput: Bool { get }
    /// h of one word (its row, or the mean of its rows in `state.hidden`).
    func hidden(of word: Int32, state: borrowing ThreadState) -> UnsafePointer<Float>
    /// Adds `step` (−η ∂L/∂h) to the input rows of `word`.
    func add(_ step: UnsafePointer<Float>, to word: Int32)
    /// After ``add(_:to:)`` of `step` to `word`, brings h of `word` (as last returned by ``hidden(of:state:)``) to the
    /// value it would have if formed again from the updated rows.
    func follow(_ step: UnsafePointer<Float>, of word: Int32, state: borrowing ThreadState)
    /// CBOW's h in `state.hidden`: the mean over the `count` context words in `state.contexts`.
    func contextMean(count: Int, state: inout ThreadState) -> UnsafePointer<Float>
    /// Adds `step` to the input rows of the last ``contextMean(count:state:)``.
    func addToContexts(_ step: UnsafePointer<Float>, count: Int, state: borrowing ThreadState)
    /// The window-batched skip-gram update of `centre` and its `count` context words in `state.contexts`;
    /// returns the window's loss when `measure`.
    func batchedUpdate<L: OutputLayerStep>(_ layer: L, centre: Int32, count: Int, state: inout ThreadState,
                                           measure: Bool) -> Float
}

/// One input row per word (word2vec): h is the row itself, used in place, and the step is added to it. CBOW's h is
/// word2vec's `cbow_mean`, Σ (1/B) x_c; skip-gram lets each context row predict the centre.
struct WordRows: InputRows {
    let input: UnsafeMutablePointer<Float>
    let stride: Int

    static func with<R>(_ source: Void, weights: SharedWeights, _ body: (WordRows) -> R) -> R {
        body(WordRows(input: weights.input, stride: weights.stride))
    }

    static func bagCapacity(_ source: Void, window: Int) -> Int { 0 }

    static var centreIsInput: Bool { false }

    @inline(__always)
    func hidden(of word: Int32, state: borrowing ThreadState) -> UnsafePointer<Float> {
        UnsafePointer(input + Int(word) &* stride)
    }

    @inline(__always)
    func add(_ step: UnsafePointer<Float>, to word: Int32) {
        VectorKernels.axpy(1, step, input + Int(word) &* stride, chunks: stride >> 3)
    }

    /// h is the row itself, already moved by ``add(_:to:)``.
    @inline(__always)
    func follow(_ step: UnsafePointer<Float>, of word: Int32, state: borrowing ThreadState) {}

    @inline(__always)
    func contextMean(count nc: Int, state: inout ThreadState) -> UnsafePointer<Float> {
        let chunks = stride >> 3
        VectorKernels.zero(state.hidden, chunks: chunks)
        let inv = 1 / Float(nc)
        for k in 0..<nc { VectorKernels.axpy(inv, input + Int(state.contexts[k]) &* stride, state.hidden, chunks: chunks) }
        return UnsafePointer(state.hidden)
    }

    @inline(__always)
    func addToContexts(_ step: UnsafePointer<Float>, count nc: Int, state: borrowing ThreadState) {
        for k in 0..<nc { VectorKernels.axpy(1, step, input + Int(state.contexts[k]) &* stride, chunks: stride >> 3) }
    }

    /// The B context rows against the centre's output rows (`layer.rows(for: centre)`), all at the weights on
    /// entry (Ji et al. 2016).
    @inline(__always)
    func batchedUpdate<L: OutputLayerStep>(_ layer: L, centre: Int32, count nc: Int, state s: inout ThreadState,
                                           measure: Bool) -> Float {
        let (rows, labels, n) = layer.rows(for: centre, state: &s)!
        return BinaryLogisticOutput.batchedUpdate(
            input: input, inputRows: s.contexts, inputCount: nc, output: layer.weights.output, outputRows: rows,
            labels: labels, outputCount: n, stride: stride, learningRate: s.alpha, computeLoss: measure,
            scores: s.scores, deltas: s.deltas)
    }
}

/// A word's input is the mean of its word and n-gram rows and the step goes to each of them (``SubwordInput``,
/// fastText's rule); skip-gram lets the centre word predict each context word, as fastText. CBOW's h is the mean
/// over all rows of all context words together (gathered in ``ThreadState/bag``).
struct SubwordRows: InputRows {
    let input: UnsafeMutablePointer<Float>
    let stride: Int
    /// `rowOffsets` and `rowIndices` of ``SubwordRowTable``.
    let rowStart: UnsafePointer<Int>
    let rowList: UnsafePointer<Int32>
    let rowGain: UnsafePointer<Float>

    static func with<R>(_ source: SubwordRowTable, weights: SharedWeights, _ body: (SubwordRows) -> R) -> R {
        source.rowOffsets.withUnsafeBufferPointer { offsets in
            source.rowIndices.withUnsafeBufferPointer { indices in
                source.rowGains.withUnsafeBufferPointer { gains in
                    body(SubwordRows(input: weights.input, stride: weights.stride, rowStart: offsets.baseAddress!,
                                     rowList: indices.baseAddress!, rowGain: gains.baseAddress!))
                }
            }
        }
    }

    static func bagCapacity(_ source: SubwordRowTable, window: Int) -> Int { 2 * window * max(1, source.maxRowsPerWord) }

    static var centreIsInput: Bool { true }

    @inline(__always)
    func hidden(of word: Int32, state: borrowing ThreadState) -> UnsafePointer<Float> {
        let o = rowStart[Int(word)]
        SubwordInput.mean(input, rows: rowList + o, count: rowStart[Int(word) + 1] - o, stride: stride, into: state.hidden)
        return UnsafePointer(state.hidden)
    }

    @inline(__always)
    func add(_ step: UnsafePointer<Float>, to word: Int32) {
        let o = rowStart[Int(word)]
        SubwordInput.distribute(step, to: input, rows: rowList + o, count: rowStart[Int(word) + 1] - o, stride: stride)
    }

    /// Every row of the mean moved by `step` (a row listed m times by m·step), so h moves by g·step with
    /// g = (1/n) Σ_k m_k: no need to read the n rows again.
    @inline(__always)
    func follow(_ step: UnsafePointer<Float>, of word: Int32, state: borrowing ThreadState) {
        VectorKernels.axpy(rowGain[Int(word)], step, state.hidden, chunks: stride >> 3)
    }

    @inline(__always)
    func contextMean(count nc: Int, state: inout ThreadState) -> UnsafePointer<Float> {
        var nb = 0
        for k in 0..<nc {
            let w = Int(state.contexts[k]), o = rowStart[w], n = rowStart[w + 1] - o
            (state.bag + nb).update(from: rowList + o, count: n)
            nb += n
        }
        state.bagCount = nb
        SubwordInput.mean(input, rows: state.bag, count: nb, stride: stride, into: state.hidden)
        return UnsafePointer(state.hidden)
    }

    @inline(__always)
    func addToContexts(_ step: UnsafePointer<Float>, count nc: Int, state: borrowing ThreadState) {
        SubwordInput.distribute(step, to: input, rows: state.bag, count: state.bagCount, stride: stride)
    }

    /// h of the centre, formed once, against the window's B context words as targets (with negative sampling, K
    /// negatives shared by the window and weighted by B, so that the expected gradient equals fastText's B·K fresh
    /// ones); the summed step goes to the centre's rows once.
    @inline(__always)
    func batchedUpdate<L: OutputLayerStep>(_ layer: L, centre: Int32, count nc: Int, state s: inout ThreadState,
                                           measure: Bool) -> Float {
        let h = hidden(of: centre, state: s)
        VectorKernels.zero(s.grad, chunks: stride >> 3)
        let l = layer.update(hidden: h, targets: s.contexts, count: nc, state: &s, measure: measure)
        add(s.grad, to: centre)
        return l
    }
}
