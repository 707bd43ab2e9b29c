import Foundation
import SenseVecCore

/// The embedded default corpus: English-like text with planted structure, generated from a seed, so that
/// SenseVec can train, evaluate and demonstrate offline without any third-party text.
///
/// Each line is one sentence of lowercase words separated by single spaces. Sentences are drawn from a
/// hand-written phrase grammar (``SyntheticLexicon``) that mixes eight kinds of sentence:
///
/// - **filler** sentences about twenty topics (animals, food, music, sport, weather, computing, money, travel,
///   history, …), words picked with Zipf weights (the k-th word of a list has weight 1/k), so neighbours are
///   topical and the rank–frequency curve is Zipf-like (Zipf 1935);
/// - **analogy families** in which every member appears in contexts made of a *concept* part shared by its row
///   and a *relation* part shared by its column — "the king sat on his golden throne" / "the queen sat on her
///   golden throne"; "the capital paris is near the seine" / "the country france is near the louvre" — and no
///   sentence names two members of one family, so a member's contexts are (concept words) + (relation words)
///   and skip-gram vectors become approximately additive, v(king) − v(man) + v(woman) ≈ v(queen), as Mikolov,
///   Yih & Zweig (2013) observed on real text. Families: gender (`family`), capital–country, country–currency,
///   country–nationality adjective, adjective–adverb, present–past tense, singular–plural;
/// - **homograph** sentences: python, apple, bank, waterloo, jam, date, bow and platform, each sense with its
///   own topical contexts and an unequal share (every share ≥ 15%); every occurrence is recorded with its sense;
/// - **control** sentences: single-sense words planted at exactly the homographs' rates.
///
/// Generation streams: memory does not grow with the token count, except for the list of homograph
/// occurrences (about one per hundred tokens).
///
/// Multi-word names are single tokens joined by "_" (word2vec's phrase convention): `czech_republic`,
/// `mexico_city`, and landmarks such as `great_wall`, `taj_mahal`. So the demo's question is
/// `prague − czech_republic + france ≈ paris` (`sensevec analogy VECTORS czech_republic prague france`).
public struct SyntheticCorpus: Sendable {
    /// The seed of the random stream; the same seed always gives the same bytes.
    public var seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The largest corpus the generator promises to produce (the CLI refuses more).
    public static let maximumTokens = 50_000_000

    /// Streams sentences (one line each, lowercase words separated by single spaces, no newline) until at least
    /// `tokens` tokens have been produced, and returns what was planted.
    public func generate(tokens: Int, sentence: (String) throws -> Void) rethrows -> SyntheticCorpusFacts {
        try produce(tokens: tokens, progress: nil) { bytes, _, _ in
            try sentence(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The whole text (lines joined by "\n", no final newline) and the facts; for tests and small corpora.
    public func generateText(tokens: Int) -> (text: String, facts: SyntheticCorpusFacts) {
        var text: [UInt8] = []
        let facts = produce(tokens: tokens, progress: nil) { bytes, index, _ in
            if index > 0 { text.append(10) }
            text.append(contentsOf: bytes)
        }
        return (String(decoding: text, as: UTF8.self), facts)
    }

    /// Writes `corpus.txt` (one sentence per line), `questions-words.txt`, `senses.tsv`
    /// (`sentence<TAB>position<TAB>word<TAB>sense`, 0-based, no header) and `README.txt` into `directory`
    /// (created if missing), each atomically.
    public func write(tokens: Int, to directory: String, progress: ProgressHandler?) throws -> SyntheticCorpusFacts {
        guard tokens >= 1, tokens <= Self.maximumTokens else {
            throw SenseVecError("the synthetic corpus needs between 1 and \(Self.maximumTokens) tokens, got \(tokens)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SenseVecError("cannot create directory '\(directory)': \(error.localizedDescription)")
        }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        var facts: SyntheticCorpusFacts! = nil
        try AtomicFile.write(to: base + "senses.tsv") { senses in
            try AtomicFile.write(to: base + "corpus.txt") { corpus in
                var chunk: [UInt8] = []
                chunk.reserveCapacity(1 << 20)
                var senseLines: [UInt8] = []
                facts = try produce(tokens: tokens, progress: progress) { bytes, index, occurrences in
                    chunk.append(contentsOf: bytes)
                    chunk.append(10)
                    if chunk.count >= 1 << 20 {
                        try corpus.write(chunk)
                        chunk.removeAll(keepingCapacity: true)
                    }
                    for o in occurrences {
                        senseLines.append(contentsOf: "\(index)\t\(o.position)\t\(o.word)\t\(o.sense)\n".utf8)
                    }
                    if senseLines.count >= 1 << 16 {
                        try senses.write(senseLines)
                        senseLines.removeAll(keepingCapacity: true)
                    }
                }
                try corpus.write(chunk)
                try senses.write(senseLines)
            }
        }
        try AtomicFile.write(facts.questionsWordsText(), to: base + "questions-words.txt")
        try AtomicFile.write(readme(facts), to: base + "README.txt")
        return facts
    }

    func readme(_ facts: SyntheticCorpusFacts) -> String {
        let homographs = facts.homographs.keys.sorted().map { "\($0) (\(facts.homographs[$0]!.joined(separator: ", ")))" }
        return """
        SenseVec synthetic corpus (generated; no third-party text)
        seed \(seed), \(facts.tokenCount) tokens, \(facts.sentenceCount) sentences, \(facts.distinctWordCount) distinct words

        corpus.txt            one sentence per line, lowercase words separated by single spaces
        questions-words.txt   \(facts.analogyQuestions.count) planted analogy questions (": section" lines, then "a b c d": a is to b as c is to d)
        senses.tsv            \(facts.occurrences.count) homograph occurrences: sentence<TAB>position<TAB>word<TAB>sense (0-based line and token)

        homographs: \(homographs.joined(separator: "; "))
        single-sense controls: \(facts.singleSenseWords.joined(separator: ", "))
        multi-word names are joined with "_" (czech_republic, mexico_city, great_wall, taj_mahal)

        """
    }

    /// The core loop: generates sentences until `tokens` tokens, handing each sentence's bytes, its 0-based
    /// index and its homograph occurrences to `body`.
    func produce(tokens: Int, progress: ProgressHandler?,
                 _ body: (_ bytes: [UInt8], _ index: Int, _ occurrences: [SenseOccurrence]) throws -> Void) rethrows
        -> SyntheticCorpusFacts
    {
        let g = SyntheticGrammar.shared
        var engine = SentenceEngine(grammar: g, seed: seed)
        var counts = [Int](repeating: 0, count: g.words.count)
        var tokenCount = 0, sentenceCount = 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        var occurrences: [SenseOccurrence] = []
        var sentenceOccurrences: [SenseOccurrence] = []
        let homographs = SyntheticLexicon.homographs
        let reportEvery = 1 << 20
        var nextReport = reportEvery
        while tokenCount < tokens {
            engine.next()
            bytes.removeAll(keepingCapacity: true)
            engine.render(into: &bytes)
            for id in engine.sentence { counts[Int(id)] += 1 }
            sentenceOccurrences.removeAll(keepingCapacity: true)
            for o in engine.occurrences {
                let h = homographs[o.homograph]
                sentenceOccurrences.append(SenseOccurrence(sentence: sentenceCount, position: o.position,
                                                           word: h.word, sense: h.senses[o.sense].name))
            }
            try body(bytes, sentenceCount, sentenceOccurrences)
            occurrences += sentenceOccurrences
            tokenCount += engine.sentence.count
            sentenceCount += 1
            if let progress, tokenCount >= nextReport {
                nextReport += reportEvery
                progress(ProgressEvent(stage: "synthetic corpus", fraction: min(1, Double(tokenCount) / Double(tokens)),
                                       metrics: [("tokens", Double(tokenCount))]))
            }
        }
        progress?(ProgressEvent(stage: "synthetic corpus", fraction: 1, metrics: [("tokens", Double(tokenCount))],
                                finished: true))
        var wordCounts: [String: Int] = [:]
        for (i, c) in counts.enumerated() where c > 0 { wordCounts[g.words[i]] = c }
        let questions = Self.plantedQuestions.filter { q in
            wordCounts[q.a] != nil && wordCounts[q.b] != nil && wordCounts[q.c] != nil && wordCounts[q.d] != nil
        }
        var senseNames: [String: [String]] = [:]
        for h in homographs { senseNames[h.word] = h.senses.map(\.name) }
        return SyntheticCorpusFacts(analogyQuestions: questions, homographs: senseNames,
                                    singleSenseWords: SyntheticLexicon.controls, occurrences: occurrences,
                                    tokenCount: tokenCount, sentenceCount: sentenceCount, wordCounts: wordCounts)
    }

    /// Every planted analogy question (before filtering to words that occur), in Google's section order:
    /// within a section every ordered pair of distinct rows (i, j) gives the question `a_i b_i a_j b_j`.
    public static let plantedQuestions: [(section: String, a: String, b: String, c: String, d: String)] = {
        var out: [(section: String, a: String, b: String, c: String, d: String)] = []
        func section(_ name: String, _ rows: [(String, String)], skip: ((Int, Int) -> Bool)? = nil) {
            for i in rows.indices {
                for j in rows.indices where i != j && !(skip?(i, j) ?? false) {
                    out.append((name, rows[i].0, rows[i].1, rows[j].0, rows[j].1))
                }
            }
        }
        let L = SyntheticLexicon.self
        let capitals = L.countries.map { ($0.capital, $0.country) }
        section("capital-common-countries", Array(capitals.prefix(L.commonCountryCount)))
        section("capital-world", capitals, skip: { $0 < L.commonCountryCount && $1 < L.commonCountryCount })
        section("currency", L.countries.compactMap { c in c.currency.map { (c.country, $0) } })
        section("family", L.family.map { ($0.male, $0.female) })
        section("gram1-adjective-to-adverb", L.adverbs.map { ($0.adjective, $0.adverb) })
        section("gram6-nationality-adjective", L.countries.map { ($0.country, $0.adjective) })
        section("gram7-past-tense", L.tenses.map { ($0.present, $0.past) })
        section("gram8-plural", L.plurals.map { ($0.singular, $0.plural) })
        return out
    }()
}
