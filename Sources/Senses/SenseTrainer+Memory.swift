import SenseVecCore

extension SenseTrainer {
    /// An upper bound, in bytes, of the memory multi-sense training needs: the output vectors (one per inner node of
    /// the Huffman tree, fewer than the words), sense 0 of every word plus the pool that extra senses are taken from
    /// (reserved lazily, counted as if every row were touched), the per-slot bookkeeping and the encoded corpus.
    /// Callers compare it with the machine's memory before training rather than dying half-way.
    ///
    /// Topical senses: the skip-gram model (input and output rows), the context encoder's copy of the input rows, the
    /// sense rows (up to T per word) with their means (3d values each), the fitting samples (`fitSample` positions per
    /// word) and the encoded corpus.
    public static func estimatedMemory(configuration c: SenseTrainingConfiguration, words: Int, tokens: Int) -> Int {
        if c.contextKind == .topic {
            let float = MemoryLayout<Float>.size, d = c.dimension, senses = min(c.maxSenses, 64)
            let model = 3 * words * d * float
            let senseRows = words * senses * (d + 3 * d) * float
            let samples = words * c.fitSample * MemoryLayout<UInt32>.size
            return model + senseRows + samples + tokens * MemoryLayout<Int32>.size
        }
        let pool = SenseParameters.poolRows(words: words)
        let vectors = (words + words + pool) * c.dimension * MemoryLayout<Float>.size
        let slots = words * (min(c.maxSenses, 64) + 16) * 8 + words * 64  // + a cache line of padding per word
        return vectors + slots + tokens * MemoryLayout<Int32>.size
    }
}
