import SenseVecCore

extension SenseVectors {
    /// Builds the model from the trainer's state (pending candidate senses are left out).
    init(parameters p: SenseParameters, vocabulary: Vocabulary, tree: HuffmanTree,
         configuration cfg: SenseTrainingConfiguration, trainedWords: Int) {
        let d = p.dimension
        var offsets = [0], values: [Float] = [], senseCounts: [Float] = []
        for x in 0..<p.vocabularySize {
            let m = Int(p.allocated[x]) - Int(p.candidate[x])
            for k in 0..<max(1, m) {
                let r = p.row(x, k)
                values.append(contentsOf: UnsafeBufferPointer(start: r, count: d))
                senseCounts.append(p.slotCount[p.slotBase[x] + k])
            }
            offsets.append(senseCounts.count)
        }
        let settings: [(String, String)] = [
            ("dimension", "\(cfg.dimension)"), ("window", "\(cfg.window)"), ("max senses", "\(cfg.maxSenses)"),
            ("prior", cfg.priorKind.rawValue), ("alpha", "\(cfg.alpha)"), ("learning rate", "\(cfg.learningRate)"),
            ("epochs", "\(cfg.epochs)"), ("threads", "\(cfg.threads)"), ("seed", "\(cfg.seed)"),
            ("sample", "\(cfg.sample)"), ("warmup", "\(cfg.warmup)"),
            ("occurrences per sense", "\(cfg.occurrencesPerSense)"), ("split margin", "\(cfg.splitMargin)"), ("probation", "\(SenseTrainingConfiguration.probation)"),
            ("trained words", "\(trainedWords)"), ("pool rows used", "\(p.usedPoolRows)"),
        ]
        self = try! SenseVectors(words: vocabulary.words, counts: vocabulary.counts, dimension: d,
                                 senseOffsets: offsets, senseValues: values, senseCounts: senseCounts,
                                 outputValues: Array(UnsafeBufferPointer(start: p.output, count: p.outputRows * d)),
                                 prior: cfg.prior, threshold: cfg.threshold, window: cfg.window, settings: settings)
    }
}
