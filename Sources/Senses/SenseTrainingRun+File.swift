import SenseVecCore

extension SenseTrainingRun {
    /// The native file kind of a multi-sense training checkpoint.
    public static let fileKind = "senses-checkpoint"

    /// The run as a native container (kind "senses-checkpoint"): sections `settings` (every field of the
    /// configuration as name/value text), `vocabulary` (word, count), `progress` (``SenseTrainingProgress``) and
    /// `parameters` (the trainer's whole shared state: output rows, the input rows in use, the sense slots and
    /// their expected counts, every per-word split-test field, and the row pool). Floats are stored as their bits.
    public func nativeFile() -> NativeModelFile {
        var file = NativeModelFile(kind: Self.fileKind)
        file.set("settings") { w in
            let settings = configuration.checkpointSettings
            w.append(UInt32(settings.count))
            for (name, value) in settings { w.append(string: name); w.append(string: value) }
        }
        file.set("vocabulary") { w in
            w.append(UInt64(vocabulary.count))
            for (word, c) in zip(vocabulary.words, vocabulary.counts) { w.append(string: word); w.append(UInt64(c)) }
        }
        file.set("progress") { w in
            let p = progress
            w.append(UInt32(p.threads))
            for t in 0..<p.threads {
                w.append(UInt64(p.positions[t])); w.append(UInt64(p.epochs[t]))
                for s in p.randomStates[t] { w.append(s) }
            }
            w.append(UInt64(p.wordsProcessed)); w.append(UInt64(p.senseEvaluations)); w.append(UInt64(p.occurrences))
            w.append(UInt64(p.corpusWords)); w.append(UInt64(p.corpusLength))
            w.append(p.seconds); w.append(UInt8(p.finished ? 1 : 0))
        }
        file.set("parameters") { params.write(to: &$0) }
        return file
    }

    /// Writes the checkpoint atomically to `path`.
    public func save(to path: String) throws { try nativeFile().write(to: path) }

    /// Reads a checkpoint written by ``save(to:)``.
    public static func load(path: String) throws -> SenseTrainingRun {
        let file = try NativeModelFile.read(path: path, expectedKind: fileKind)
        do {
            var s = try file.reader("settings")
            var settings: [(String, String)] = []
            for _ in 0..<(try s.read(UInt32.self)) { settings.append((try s.readString(), try s.readString())) }
            let cfg = try SenseTrainingConfiguration(checkpointSettings: settings)
            try cfg.validate()
            var v = try file.reader("vocabulary")
            let n: UInt64 = try v.read()
            guard n >= 1, n <= UInt64(v.remaining) else { throw SenseVecError("the vocabulary section is truncated") }
            var words: [String] = [], counts: [Int] = []
            for _ in 0..<n { words.append(try v.readString()); counts.append(Int(try v.read(UInt64.self))) }
            let vocabulary = try Vocabulary(words: words, counts: counts)
            var r = try file.reader("progress")
            let threads = Int(try r.read(UInt32.self))
            guard threads >= 1 && threads <= 256 else { throw SenseVecError("the progress section names \(threads) threads") }
            var p = SenseTrainingProgress(threads: threads, positions: [], epochs: [], randomStates: [])
            for _ in 0..<threads {
                p.positions.append(Int(try r.read(UInt64.self))); p.epochs.append(Int(try r.read(UInt64.self)))
                p.randomStates.append([try r.read(), try r.read(), try r.read(), try r.read()])
            }
            p.wordsProcessed = Int(try r.read(UInt64.self)); p.senseEvaluations = Int(try r.read(UInt64.self))
            p.occurrences = Int(try r.read(UInt64.self))
            p.corpusWords = Int(try r.read(UInt64.self)); p.corpusLength = Int(try r.read(UInt64.self))
            p.seconds = try r.readDouble(); p.finished = try r.read(UInt8.self) != 0
            guard p.positions.allSatisfy({ $0 >= 0 && $0 <= p.corpusLength }) else {
                throw SenseVecError("the progress section holds a position outside the corpus")
            }
            let tree = HuffmanTree(counts: vocabulary.counts)
            var unused = SenseRandom(seed: 0)
            let params = try SenseParameters(vocabulary: vocabulary, tree: tree, dimension: cfg.dimension,
                                             maxSenses: cfg.maxSenses, occurrencesPerSense: cfg.occurrencesPerSense,
                                             rng: &unused)
            var reader = try file.reader("parameters")
            try params.read(from: &reader)
            return SenseTrainingRun(configuration: cfg, vocabulary: vocabulary, tree: tree, parameters: params, progress: p)
        } catch let e as SenseVecError {
            throw SenseVecError("'\(path)': \(e)")
        }
    }
}

extension SenseTrainingConfiguration {
    /// Every field as name/value text (Doubles in Swift's shortest round-trip form), for checkpoints.
    var checkpointSettings: [(String, String)] {
        [("dimension", "\(dimension)"), ("window", "\(window)"), ("max senses", "\(maxSenses)"),
         ("prior", priorKind.rawValue), ("alpha", "\(alpha)"), ("learning rate", "\(learningRate)"),
         ("epochs", "\(epochs)"), ("threads", "\(threads)"), ("seed", "\(seed)"), ("sample", "\(sample)"),
         ("threshold", "\(threshold)"), ("warmup", "\(warmup)"), ("occurrences per sense", "\(occurrencesPerSense)"),
         ("split margin", "\(splitMargin)")]
    }

    /// Settings that checkpoints may name but that training fixes, with the only value it accepts.
    static let fixedCheckpointSettings: [String: String] = [
        "pool rows": "auto", "posterior cutoff": "\(posteriorCutoff)", "split block": "\(splitBlock)",
        "split rounds": "\(powerIterationRounds)", "probation": "\(probation)", "split scale": "1.0",
        "full window posterior": "true",
    ]

    /// The settings ``checkpointSettings`` wrote; a name this build does not know is an error (the checkpoint
    /// is from a newer version whose training this one cannot continue).
    init(checkpointSettings settings: [(String, String)]) throws {
        self.init()
        func int(_ v: String) throws -> Int { guard let x = Int(v) else { throw SenseVecError("bad setting value '\(v)'") }; return x }
        func double(_ v: String) throws -> Double { guard let x = Double(v) else { throw SenseVecError("bad setting value '\(v)'") }; return x }
        for (name, v) in settings {
            switch name {
            case "dimension": dimension = try int(v)
            case "window": window = try int(v)
            case "max senses": maxSenses = try int(v)
            case "prior":
                guard let k = SensePrior.Kind(rawValue: v) else { throw SenseVecError("unknown prior '\(v)'") }
                priorKind = k
            case "alpha": alpha = try double(v)
            case "learning rate": learningRate = try double(v)
            case "epochs": epochs = try int(v)
            case "threads": threads = try int(v)
            case "seed":
                guard let s = UInt64(v) else { throw SenseVecError("bad setting value '\(v)'") }
                seed = s
            case "sample": sample = try double(v)
            case "threshold": threshold = try double(v)
            case "warmup": warmup = try double(v)
            case "occurrences per sense": occurrencesPerSense = try int(v)
            case "split margin": splitMargin = try double(v)
            case "context window": contextWindow = try int(v)
            case "fit sample": fitSample = try int(v)
            case "sense penalty": sensePenalty = try double(v)
            case "sense count":
                guard let k = SenseMixture.Selection(rawValue: v) else { throw SenseVecError("unknown sense count '\(v)'") }
                senseSelection = k
            case "split threshold": splitThreshold = try double(v)
            case "merge threshold": mergeThreshold = try double(v)
            case "neighbour merge": neighbourMerge = try int(v)
            case "neighbour merge candidates": neighbourMergeCandidates = try int(v)
            case "sense init":
                guard let i = SenseMixture.Initialization(rawValue: v) else { throw SenseVecError("unknown sense init '\(v)'") }
                senseInitialization = i
            case "ward sample": wardSample = try int(v)
            case "removed directions": removedDirections = try int(v)
            case "association weighting":
                guard let b = Bool(v) else { throw SenseVecError("bad setting value '\(v)'") }
                associationWeighting = b
            case "frequency scale": frequencyScale = try double(v)
            case "distance decay": distanceDecay = try double(v)
            case "adjacent weight": adjacentWeight = try double(v)
            default:
                guard let fixed = Self.fixedCheckpointSettings[name] else {
                    throw SenseVecError("unknown setting '\(name)' (a checkpoint of a newer version?)")
                }
                guard v == fixed else { throw SenseVecError("cannot continue a run trained with \(name) \(v) (this version uses \(fixed))") }
            }
        }
    }
}

extension SenseParameters {
    /// Appends the whole training state (see ``SenseTrainingRun/nativeFile()``).
    func write(to w: inout SectionWriter) {
        let v = vocabularySize, d = dimension
        let (next, free) = pool.withLock { ($0.next, $0.free) }
        w.append(UInt64(v)); w.append(UInt32(d)); w.append(UInt64(outputRows)); w.append(UInt64(poolRows))
        w.append(floats: UnsafeBufferPointer(start: output, count: outputRows * d))
        // Input rows in use: the words' first senses and every pool row handed out so far.
        w.append(UInt64(next))
        w.append(floats: UnsafeBufferPointer(start: input, count: next * d))
        w.append(UInt32(free.count)); for r in free { w.append(r) }
        let slots = slotBase[v]
        w.append(UInt64(slots))
        for i in 0..<slots { w.append(slotRow[i]) }
        w.append(floats: UnsafeBufferPointer(start: slotCount, count: slots))
        // Per word, a split test as three rows, a step count, a sum and a tally: while estimating the direction,
        // the power-sum and the mean rows, the estimation steps, Σ (g·w)² and the positive projections; during a
        // probation −1, the shadow row, −1, the probation steps, the evidence gain and its count.
        for x in 0..<v {
            w.append(allocated[x]); w.append(candidate[x]); w.append(settled[x]); w.append(tried[x]); w.append(seen[x])
            w.append(phase[x].rawValue); w.append(splitSense[x])
            if phase[x] == .probation {
                w.append(Int32(-1)); w.append(shadowRow[x]); w.append(Int32(-1))
                w.append(probationSteps[x]); w.append(evidenceGain[x]); w.append(gainCount[x])
            } else {
                w.append(directionRow[x]); w.append(powerSumRow[x]); w.append(meanRow[x])
                w.append(estimationSteps[x]); w.append(gradientSquares[x]); w.append(positiveProjections[x])
            }
        }
    }

    /// Restores the state ``write(to:)`` saved into parameters built for the same vocabulary and settings.
    func read(from r: inout SectionReader) throws {
        let v = vocabularySize, d = dimension
        guard Int(try r.read(UInt64.self)) == v, Int(try r.read(UInt32.self)) == d,
              Int(try r.read(UInt64.self)) == outputRows, Int(try r.read(UInt64.self)) == poolRows else {
            throw SenseVecError("the parameters do not match the checkpoint's vocabulary and settings")
        }
        let out = try r.readFloats(outputRows * d)
        for i in 0..<out.count { output[i] = out[i] }
        let next = Int(try r.read(UInt64.self))
        guard next >= v && next <= v + poolRows else { throw SenseVecError("the parameters use \(next) rows of \(v + poolRows)") }
        let rows = try r.readFloats(next * d)
        for i in 0..<rows.count { input[i] = rows[i] }
        let freeCount = Int(try r.read(UInt32.self))
        guard freeCount <= next - v else { throw SenseVecError("the row pool's free list is too long") }
        var free: [Int32] = []
        for _ in 0..<freeCount {
            let row: Int32 = try r.read()
            guard Int(row) >= v && Int(row) < next else { throw SenseVecError("the row pool's free list holds row \(row)") }
            free.append(row)
        }
        let slots = Int(try r.read(UInt64.self))
        guard slots == slotBase[v] else { throw SenseVecError("the parameters hold \(slots) sense slots, not \(slotBase[v])") }
        for i in 0..<slots {
            let row: Int32 = try r.read()
            guard row >= -1 && Int(row) < next else { throw SenseVecError("a sense slot points at row \(row)") }
            slotRow[i] = row
        }
        let slotCounts = try r.readFloats(slots)
        for i in 0..<slots { slotCount[i] = slotCounts[i] }
        func row(_ value: Int32) throws -> Int32 {
            guard value == -1 || (Int(value) >= v && Int(value) < next) else { throw SenseVecError("a split test points at row \(value)") }
            return value
        }
        for x in 0..<v {
            allocated[x] = try r.read(); candidate[x] = try r.read(); settled[x] = try r.read(); tried[x] = try r.read()
            seen[x] = try r.read()
            let ph = SplitPhase(rawValue: try r.read())
            splitSense[x] = try r.read()
            let rows = (try row(try r.read()), try row(try r.read()), try row(try r.read()))
            let steps: Int32 = try r.read(), sum = try r.readDouble(), tally: Int32 = try r.read()
            guard let ph, allocated[x] >= 1 && Int(allocated[x]) <= capacity(x),
                  splitSense[x] >= 0 && Int(splitSense[x]) < capacity(x) else {
                throw SenseVecError("the sense state of word \(x) is inconsistent")
            }
            phase[x] = ph
            if ph == .probation {
                directionRow[x] = -1; powerSumRow[x] = -1; meanRow[x] = -1
                estimationSteps[x] = 0; gradientSquares[x] = 0; positiveProjections[x] = 0
                shadowRow[x] = rows.1; probationSteps[x] = steps; evidenceGain[x] = sum; gainCount[x] = tally
            } else {
                directionRow[x] = rows.0; powerSumRow[x] = rows.1; meanRow[x] = rows.2
                estimationSteps[x] = steps; gradientSquares[x] = sum; positiveProjections[x] = tally
                shadowRow[x] = -1; probationSteps[x] = 0; evidenceGain[x] = 0; gainCount[x] = 0
            }
        }
        pool.withLock { pool in
            pool.next = next
            pool.free = free
            rowsAvailable.pointee = pool.free.count + v + poolRows - pool.next
        }
    }
}
