import SenseVecCore
import SkipGram

/// A checkpoint of topical-sense training (``TopicalSenseTrainer``): its settings and the skip-gram model of step 1
/// (word vectors) as far as it has got, with that model's own progress. Steps 2–4 (sample, fit, whole-corpus pass)
/// take a small part of the time and are deterministic given the word vectors, so a run resumed from a checkpoint
/// finishes the word vectors where they stopped and then repeats steps 2–4: with one thread the result is the same
/// bits as an uninterrupted run.
public struct TopicalCheckpoint {
    /// The native file kind of a topical-sense checkpoint.
    public static let fileKind = "topical-senses-checkpoint"
    public var configuration: SenseTrainingConfiguration
    public var wordVectors: SkipGramModel

    public init(configuration: SenseTrainingConfiguration, wordVectors: SkipGramModel) {
        self.configuration = configuration; self.wordVectors = wordVectors
    }

    /// The checkpoint as a native container: `settings` (name/value text, as ``SenseTrainingRun`` checkpoints,
    /// with the topical fields) and `word vectors` (the whole native skip-gram model file).
    public func nativeFile() -> NativeModelFile {
        var file = NativeModelFile(kind: Self.fileKind)
        file.set("settings") { w in
            let settings = configuration.checkpointSettings + configuration.topicalCheckpointSettings
            w.append(UInt32(settings.count))
            for (name, value) in settings { w.append(string: name); w.append(string: value) }
        }
        file.set("word vectors", wordVectors.file().serialized())
        return file
    }

    /// Writes the checkpoint atomically to `path`.
    public func save(to path: String) throws { try nativeFile().write(to: path) }

    /// Whether the native file at `path` is a topical-sense checkpoint (false for any other kind or no file).
    public static func isCheckpoint(path: String) -> Bool {
        (try? NativeModelFile.read(path: path))?.kind == fileKind
    }

    /// Reads a checkpoint written by ``save(to:)``.
    public static func load(path: String) throws -> TopicalCheckpoint {
        let file = try NativeModelFile.read(path: path, expectedKind: fileKind)
        do {
            var s = try file.reader("settings")
            var settings: [(String, String)] = []
            let n = try s.read(UInt32.self)
            guard n <= 1000 else { throw SenseVecError("the settings section names \(n) settings") }
            for _ in 0..<n { settings.append((try s.readString(), try s.readString())) }
            var cfg = try SenseTrainingConfiguration(checkpointSettings: settings)
            cfg.contextKind = .topic
            try cfg.validate()
            let inner = try NativeModelFile.parse(try file.section("word vectors"), path: path)
            let model = try SkipGramModel.load(inner, path: path)
            guard model.configuration.dimension == cfg.dimension, model.configuration.outputLayer == .negativeSampling else {
                throw SenseVecError("the word vectors do not match the settings")
            }
            return TopicalCheckpoint(configuration: cfg, wordVectors: model)
        } catch let e as SenseVecError {
            throw SenseVecError("'\(path)': \(e)")
        }
    }
}

extension SenseTrainingConfiguration {
    /// The topical settings a ``TopicalCheckpoint`` stores beside ``checkpointSettings``.
    var topicalCheckpointSettings: [(String, String)] {
        [("context window", "\(contextWindow)"), ("fit sample", "\(fitSample)"), ("sense penalty", "\(sensePenalty)"),
         ("sense count", senseSelection.rawValue), ("split threshold", "\(splitThreshold)"),
         ("merge threshold", "\(mergeThreshold)"), ("neighbour merge", "\(neighbourMerge)"),
         ("neighbour merge candidates", "\(neighbourMergeCandidates)"), ("removed directions", "\(removedDirections)"),
         ("association weighting", "\(associationWeighting)"), ("frequency scale", "\(frequencyScale)"),
         ("distance decay", "\(distanceDecay)"), ("adjacent weight", "\(adjacentWeight)"),
         ("sense init", senseInitialization.rawValue), ("ward sample", "\(wardSample)")]
    }
}
