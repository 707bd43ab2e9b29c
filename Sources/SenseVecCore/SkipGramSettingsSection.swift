/// The `settings` section of a native `skipgram` or `subword` model file, read and checked field by field: the one
/// reader of that section, used by ``ModelFile/open(path:limit:)`` (queries, the explorer) and by the trainers'
/// model loaders (resuming, continuing, subword queries).
///
/// Layout (little-endian): UInt32 dimension, window, negative; strings output layer, architecture, update scheme;
/// Double sample; UInt64 min count, max vocabulary (0: none); UInt32 epochs, threads; Double starting and floor
/// learning rates; UInt64 seed; UInt32 maximum sentence length.
public struct SkipGramSettingsSection: Sendable, Equatable {
    /// The names the output layer, architecture and update scheme fields may hold (the raw values of the
    /// skip-gram trainer's `OutputLayer`, `Architecture` and `UpdateScheme`).
    public static let outputLayers = ["ns", "hs", "softmax"]
    public static let architectures = ["skipgram", "cbow"]
    public static let updateSchemes = ["classic", "batched"]

    public var dimension: Int
    public var window: Int
    public var negative: Int
    public var outputLayer: String
    public var architecture: String
    public var update: String
    public var sample: Double
    public var minCount: Int
    /// 0 when the vocabulary was not capped.
    public var maxVocabulary: Int
    public var epochs: Int
    public var threads: Int
    public var alpha: Double
    public var minAlpha: Double
    public var seed: UInt64
    public var maxSentenceLength: Int

    /// Reads the `settings` section of `file`; a field outside its range is refused through `check`.
    public init(_ file: NativeModelFile, check: ModelFieldCheck) throws {
        var s = try file.reader("settings")
        dimension = try check.integer("dimension", try s.read(UInt32.self), in: 1...10_000)
        window = try check.integer("window", try s.read(UInt32.self), in: 1...1000)
        negative = try check.integer("negative samples", try s.read(UInt32.self), in: 0...1000)
        outputLayer = try check.oneOf("output layer", try s.readString(), Self.outputLayers)
        architecture = try check.oneOf("architecture", try s.readString(), Self.architectures)
        update = try check.oneOf("update scheme", try s.readString(), Self.updateSchemes)
        sample = try check.number("sample", try s.readDouble(), "in [0, 1)") { $0 >= 0 && $0 < 1 }
        minCount = try check.integer("min count", try s.read(UInt64.self), in: 1...Int.max)
        maxVocabulary = try check.integer("max vocabulary", try s.read(UInt64.self), in: 0...Int.max)
        epochs = try check.integer("epochs", try s.read(UInt32.self), in: 1...100_000)
        threads = try check.integer("threads", try s.read(UInt32.self), in: 1...256)
        alpha = try check.number("learning rate", try s.readDouble(), "in (0, 10]") { $0 > 0 && $0 <= 10 }
        let a = alpha
        minAlpha = try check.number("learning-rate floor", try s.readDouble(), "in [0, \(a)]") { $0 >= 0 && $0 <= a }
        seed = try s.read(UInt64.self)
        maxSentenceLength = try check.integer("maximum sentence length", try s.read(UInt32.self), in: 1...Int.max)
        try check.require(outputLayer != "ns" || negative >= 1, "negative samples", "0", "at least 1 with negative sampling")
    }
}
