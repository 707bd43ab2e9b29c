import SenseVecCore

extension SenseTrainer {
    /// An upper bound, in bytes, of the memory multi-sense training needs: the output vectors (one per inner node of
    /// the Huffman tree, fewer than the words), sense 0 of every word plus the pool that extra senses are taken from
    /// (reserved lazily, counted as if every row were touched), the per-slot bookkeeping and the encoded corpus.
    /// Callers compare it with the machine's memory before training rather than dying half-way.
    public static func estimatedMemory(configuration c: SenseTrainingConfiguration, words: Int, tokens: Int) -> Int {
        let pool = SenseParameters.poolRows(words: words)
        let vectors = (words + words + pool) * c.dimension * MemoryLayout<Float>.size
        let slots = words * (min(c.maxSenses, 64) + 16) * 8 + words * 64  // + a cache line of padding per word
        return vectors + slots + tokens * MemoryLayout<Int32>.size
    }
}
