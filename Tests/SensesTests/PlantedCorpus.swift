import SenseVecCore

/// A tiny corpus with planted senses for fast trainer tests: topics of 8 words each; homographs whose every
/// occurrence sits in a sentence of one of their sense topics; single-sense words that always sit in one topic.
struct PlantedCorpus {
    static let topics: [[String]] = [
        ["river", "water", "shore", "fish", "boat", "stream", "mud", "reeds"],
        ["money", "loan", "cash", "deposit", "account", "interest", "credit", "teller"],
        ["sky", "cloud", "rain", "wind", "storm", "sun", "thunder", "weather"],
        ["guitar", "song", "music", "drum", "melody", "chord", "tune", "band"],
        ["forest", "tree", "leaf", "branch", "root", "bark", "moss", "pine"],
    ]
    static let filler = ["the", "a", "of", "and", "to", "in", "was", "it"]
    /// Homographs and their planted topics.
    static let homographs: [String: [Int]] = ["bank": [0, 1], "pitch": [2, 3]]
    /// Single-sense words and their topic.
    static let singles: [String: Int] = ["cloudy": 2, "leafy": 4, "fiddle": 3]

    struct Occurrence { var sentence: Int; var position: Int; var word: String; var topic: Int }

    /// Sentences as token arrays, and the planted occurrences.
    static func generate(sentences: Int, seed: UInt64) -> (sentences: [[String]], occurrences: [Occurrence]) {
        var rng = SenseRandom(seed: seed)
        let targets = homographs.keys.sorted() + singles.keys.sorted()
        var out: [[String]] = [], occ: [Occurrence] = []
        for s in 0..<sentences {
            var topic = rng.nextInt(below: topics.count)
            var target: String? = nil
            if rng.nextInt(below: 3) != 0 {
                let t = targets[rng.nextInt(below: targets.count)]
                target = t
                if let ts = homographs[t] { topic = ts[rng.nextInt(below: ts.count)] } else { topic = singles[t]! }
            }
            var words: [String] = []
            for _ in 0..<10 {
                words.append(rng.nextInt(below: 5) == 0 ? filler[rng.nextInt(below: filler.count)]
                                                        : topics[topic][rng.nextInt(below: 8)])
            }
            if let target {
                let p = rng.nextInt(below: words.count)
                words[p] = target
                occ.append(Occurrence(sentence: s, position: p, word: target, topic: topic))
            }
            out.append(words)
        }
        return (out, occ)
    }

    /// Vocabulary and encoded corpus of the sentences.
    static func encode(_ sentences: [[String]]) throws -> (Vocabulary, EncodedCorpus) {
        var counts: [String: Int] = [:], order: [String] = []
        for s in sentences { for w in s { if counts[w] == nil { order.append(w) }; counts[w, default: 0] += 1 } }
        let vocab = try Vocabulary(words: order, counts: order.map { counts[$0]! })
        var tokens: [Int32] = []
        for s in sentences {
            for w in s { tokens.append(Int32(vocab.index(of: w)!)) }
            tokens.append(EncodedCorpus.sentenceBreak)
        }
        return (vocab, EncodedCorpus(tokens: tokens))
    }

    /// Test settings: small and fast.
    static func configuration(seed: UInt64 = 1) -> SenseTrainingConfigurationForTests { .init(seed: seed) }
}

import Senses

struct SenseTrainingConfigurationForTests {
    var seed: UInt64
    var value: SenseTrainingConfiguration {
        var c = SenseTrainingConfiguration()
        c.dimension = 16
        c.window = 4
        c.maxSenses = 5
        c.epochs = 2
        c.threads = 1
        c.seed = seed
        c.sample = 0
        c.learningRate = 0.05
        c.occurrencesPerSense = 50
        return c
    }
}
