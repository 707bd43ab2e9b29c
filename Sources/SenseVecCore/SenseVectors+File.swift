
extension SenseVectors {
    /// The native file kind of a multi-sense model.
    public static let fileKind = "senses"

    /// The model as a native container (kind "senses"): sections `header` (dimension, window, prior, α, K,
    /// threshold), `settings`, `vocabulary` (word, count), `senses` (offsets, expected counts),
    /// `sense-vectors` and `output-vectors` (Float32 rows). The Huffman tree is rebuilt from the counts.
    /// Header layout 1 is an Adaptive Skip-gram model; layout 2 adds the context kind (`topic`) and the context
    /// window, and the sections `context-vectors` (unit rows u_y), `context-weights` (w_y), `sense-means` (μ_k per
    /// stored sense) and `sense-kappa` (κ per word) of ``TopicalSenses``, and with PMI weighting
    /// `context-targets` and `context-outputs` (``ContextEncoder/Association``); its `output-vectors` section is empty.
    /// Layout 3 is layout 2 plus the encoder's ``ContextEncoder/Shape`` (distance decay δ, adjacent-word weight β,
    /// frequency scale a, three Float32 after the PMI shift); its `sense-means` rows then have
    /// ``ContextEncoder/pointDimension`` values. A topical model whose shape is the plain bag is written as layout 2.
    public func nativeFile() -> NativeModelFile {
        var file = NativeModelFile(kind: Self.fileKind)
        for section in fileSections() {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(section.byteCount)
            var sink = NativeModelFile.SectionSink(emit: { bytes.append(contentsOf: $0) }, crc: 0)
            // Appending to an array cannot fail.
            try! section.body(&sink)
            file.set(section.name, bytes)
        }
        return file
    }

    /// The file's sections in order: the small ones built in memory, the float matrices (context vectors, sense
    /// means, sense vectors) streamed from the model's arrays when the file is written, so that saving a model
    /// does not hold a second copy of it.
    func fileSections() -> [NativeModelFile.StreamedSection] {
        var out: [NativeModelFile.StreamedSection] = []
        func small(_ name: String, _ build: (inout SectionWriter) -> Void) {
            var w = SectionWriter()
            build(&w)
            let payload = w.bytes
            out.append(NativeModelFile.StreamedSection(name: name, byteCount: payload.count) { try $0.append(bytes: payload) })
        }
        func floats(_ name: String, _ values: [Float]) {
            out.append(NativeModelFile.StreamedSection(name: name, byteCount: values.count * 4) { sink in
                try values.withUnsafeBufferPointer { try sink.append(floats: $0) }
            })
        }
        small("header") { w in
            let layout = topical == nil ? 1 : topical!.encoder.shape == .bag ? 2 : 3
            w.append(UInt32(layout))  // section layout version
            w.append(UInt32(dimension)); w.append(UInt32(window))
            w.append(string: prior.kind.rawValue); w.append(prior.alpha); w.append(UInt32(prior.senseCount))
            w.append(threshold)
            if let topical {
                w.append(string: SenseContextKind.topic.rawValue); w.append(UInt32(topical.encoder.window))
                w.append(UInt32(topical.encoder.association == nil ? 0 : 1))
                w.append(Double(topical.encoder.association?.shift ?? 0))
                if layout == 3 {
                    let shape = topical.encoder.shape
                    w.append(shape.distanceDecay); w.append(shape.adjacentWeight); w.append(shape.frequencyScale)
                }
            }
        }
        if let topical {
            floats("context-vectors", topical.encoder.vectors)
            floats("context-weights", topical.encoder.weights)
            floats("sense-means", topical.means)
            floats("sense-kappa", topical.kappa)
            if let a = topical.encoder.association {
                floats("context-targets", a.targets)
                floats("context-outputs", a.outputs)
            }
        }
        small("settings") { w in
            w.append(UInt32(settings.count))
            for (n, v) in settings { w.append(string: n); w.append(string: v) }
        }
        small("vocabulary") { w in
            w.append(UInt64(words.count))
            for (word, c) in zip(words, counts) { w.append(string: word); w.append(UInt64(c)) }
        }
        small("senses") { w in
            for o in senseOffsets { w.append(UInt64(o)) }
            w.append(floats: senseCounts)
        }
        floats("sense-vectors", senseValues)
        floats("output-vectors", outputValues)
        return out
    }

    /// Writes the model atomically to `path`, streaming its matrices (``fileSections()``).
    public func save(to path: String) throws {
        try NativeModelFile.write(kind: Self.fileKind, sections: fileSections(), to: path)
    }

    /// Reads a model written by ``save(to:)``. Every header field is checked (``ModelFieldCheck``): layout 1, 2 or 3,
    /// dimension in 1…10000, window in 1…1000, a known prior with a finite α (β) > 0 and K in 1…1000, a threshold in
    /// [0, 1), a context window in 1…10000 and a finite PMI shift; expected sense counts must be finite and ≥ 0, so
    /// the prior's probabilities are.
    public static func load(path: String) throws -> SenseVectors {
        let file = try NativeModelFile.read(path: path, expectedKind: fileKind)
        do {
            return try load(file, path: path)
        } catch let e as SenseVecError where !e.message.hasPrefix("'\(path)'") {
            throw SenseVecError("'\(path)': \(e.message)")   // a section reader's error, which does not name the file
        }
    }

    static func load(_ file: NativeModelFile, path: String) throws -> SenseVectors {
        let check = ModelFieldCheck(path: path, kind: fileKind)
        var h = try file.reader("header")
        let layout = try check.integer("header layout", try h.read(UInt32.self), in: 1...3)
        let dimension = try check.integer("dimension", try h.read(UInt32.self), in: 1...10_000)
        let window = try check.integer("window", try h.read(UInt32.self), in: 1...1000)
        let kindName = try check.oneOf("prior", try h.readString(), SensePrior.Kind.allCases.map(\.rawValue))
        let kind = SensePrior.Kind(rawValue: kindName)!
        let alpha = try check.number("prior alpha", try h.readDouble(), "> 0") { $0 > 0 }
        let k = try check.integer("prior sense count K", try h.read(UInt32.self), in: 1...1000)
        let threshold = try check.number("threshold", try h.readDouble(), "in [0, 1)") { $0 >= 0 && $0 < 1 }
        var contextWindow: Int? = nil, hasAssociation = false, shift = 0.0, shape = ContextEncoder.Shape.bag
        if layout >= 2 {
            _ = try check.oneOf("sense context", try h.readString(), [SenseContextKind.topic.rawValue])
            contextWindow = try check.integer("context window", try h.read(UInt32.self), in: 1...10_000)
            hasAssociation = try check.integer("association flag", try h.read(UInt32.self), in: 0...1) == 1
            shift = try check.number("association shift", try h.readDouble())
        }
        if layout == 3 {
            shape.distanceDecay = Float(try check.number("distance decay", Double(try h.readFloat()), "in [0, 4]") { $0 >= 0 && $0 <= 4 })
            shape.adjacentWeight = Float(try check.number("adjacent-word weight", Double(try h.readFloat()), "in [0, 10]") { $0 >= 0 && $0 <= 10 })
            shape.frequencyScale = Float(try check.number("frequency scale", Double(try h.readFloat()), "in [0, 1)") { $0 >= 0 && $0 < 1 })
        }
        var s = try file.reader("settings")
        var settings: [(name: String, value: String)] = []
        for _ in 0..<(try s.read(UInt32.self)) { settings.append((try s.readString(), try s.readString())) }
        let (words, counts) = try file.vocabularySection(path: path)
        let n = words.count
        var sr = try file.reader("senses")
        var offsets: [Int] = []
        for _ in 0...n { offsets.append(try sr.readCount()) }
        let rows = offsets.last ?? 0
        guard rows >= 0, rows <= sr.remaining / 4 else { throw SenseVecError("'\(path)': sense table is truncated") }
        let senseCounts = try sr.readFloats(rows)
        if let bad = senseCounts.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            try check.require(false, "expected sense count \(bad + 1)", "\(senseCounts[bad])", "finite and >= 0")
        }
        var sv = try file.reader("sense-vectors")
        guard dimension >= 1, rows * dimension <= sv.remaining / 4 else { throw SenseVecError("'\(path)': sense vectors are truncated") }
        let values = try sv.readFloats(rows * dimension)
        var ov = try file.reader("output-vectors")
        let outputs = try ov.readFloats(ov.remaining / 4)
        var topical: TopicalSenses? = nil
        if let contextWindow {
            func floats(_ name: String, _ count: Int) throws -> [Float] {
                var r = try file.reader(name)
                guard count >= 0, count <= r.remaining / 4 else { throw SenseVecError("'\(path)': section \(name) is truncated") }
                return try r.readFloats(count)
            }
            let vectors = try floats("context-vectors", Int(n) * dimension)
            let weights = try floats("context-weights", Int(n))
            let means = try floats("sense-means", rows * (shape.adjacentWeight > 0 ? 3 : 1) * dimension)
            let kappa = try floats("sense-kappa", Int(n))
            let association = hasAssociation
                ? ContextEncoder.Association(targets: try floats("context-targets", Int(n) * dimension),
                                             outputs: try floats("context-outputs", Int(n) * dimension), shift: Float(shift))
                : nil
            do {
                topical = try TopicalSenses(encoder: ContextEncoder(dimension: dimension, vectors: vectors, weights: weights,
                                                                    window: contextWindow, association: association, shape: shape),
                                            means: means, kappa: kappa)
            } catch let e as SenseVecError { throw SenseVecError("'\(path)': \(e)") }
        }
        do {
            return try SenseVectors(words: words, counts: counts, dimension: dimension, senseOffsets: offsets,
                                    senseValues: values, senseCounts: senseCounts, outputValues: outputs,
                                    prior: SensePrior(kind: kind, alpha: alpha, senseCount: k), threshold: threshold,
                                    window: window, settings: settings, topical: topical)
        } catch let e as SenseVecError {
            throw SenseVecError("'\(path)': \(e)")
        }
    }
}
