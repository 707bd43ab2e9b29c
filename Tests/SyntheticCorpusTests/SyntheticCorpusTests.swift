import Foundation
import Testing
import SenseVecCore
@testable import SyntheticCorpus

/// One 100k-token corpus shared by the statistical tests (generated once, ~0.5 s in a debug build).
let shared100k = SyntheticCorpus(seed: 42).generateText(tokens: 100_000)
let sharedLines: [[Substring]] = shared100k.text.split(separator: "\n", omittingEmptySubsequences: false)
    .map { $0.split(separator: " ", omittingEmptySubsequences: false) }

@Suite struct SyntheticCorpusTests {
    @Test func grammarCompilesWithoutLeakedPlantedWords() throws {
        // The initializer rejects planted words used as literals anywhere else.
        let g = try SyntheticGrammar(source: SyntheticLexicon.grammar)
        #expect(g.words.count > 1_000)
        // A leak is caught.
        let leaky = SyntheticLexicon.grammar + "\nleak := the king slept\n"
        #expect(throws: SyntheticGrammarError.self) { try SyntheticGrammar(source: leaky) }
        #expect(throws: SyntheticGrammarError.self) { try SyntheticGrammar(source: "x := {nothing}") }
        #expect(throws: SyntheticGrammarError.self) { try SyntheticGrammar(source: "x := Capital") }
    }

    @Test func sameSeedSameBytesDifferentSeedDifferentText() {
        let a = SyntheticCorpus(seed: 7).generateText(tokens: 20_000)
        let b = SyntheticCorpus(seed: 7).generateText(tokens: 20_000)
        let c = SyntheticCorpus(seed: 8).generateText(tokens: 20_000)
        #expect(a.text == b.text)
        #expect(a.facts.occurrences == b.facts.occurrences)
        #expect(a.text != c.text)
        // Different seeds share no long prefix.
        #expect(a.text.prefix(200) != c.text.prefix(200))
    }

    @Test func streamingMatchesWholeText() {
        var lines: [String] = []
        let facts = SyntheticCorpus(seed: 7).generate(tokens: 20_000) { lines.append($0) }
        let whole = SyntheticCorpus(seed: 7).generateText(tokens: 20_000)
        #expect(lines.joined(separator: "\n") == whole.text)
        #expect(facts.tokenCount == whole.facts.tokenCount)
        #expect(facts.sentenceCount == lines.count)
    }

    @Test(arguments: [1, 1_000, 12_345, 100_000])
    func tokenCountsAreExactAndJustAboveTheRequest(tokens: Int) {
        let (text, facts) = tokens == 100_000 ? shared100k : SyntheticCorpus(seed: 3).generateText(tokens: tokens)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == facts.sentenceCount)
        let counted = lines.reduce(0) { $0 + $1.split(separator: " ", omittingEmptySubsequences: false).count }
        #expect(counted == facts.tokenCount)
        #expect(facts.tokenCount >= tokens)
        #expect(facts.tokenCount < tokens + 40)   // stops after the sentence that reaches the target
        #expect(facts.wordCounts.values.reduce(0, +) == facts.tokenCount)
    }

    @Test func linesAreLowercaseWordsSeparatedBySingleSpaces() {
        for line in sharedLines {
            #expect(!line.isEmpty)
            for token in line {
                #expect(!token.isEmpty)
                #expect(token.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 })
            }
        }
        // "a" never precedes a vowel-initial word except the documented "u"/"eu"/"one" exceptions.
        var bad = 0
        for line in sharedLines {
            for i in 0 ..< line.count - 1 where line[i] == "a" {
                let next = line[i + 1]
                if "aeio".contains(next.first!) && !next.hasPrefix("one") && !next.hasPrefix("eu") { bad += 1 }
            }
        }
        #expect(bad == 0)
    }

    @Test func vocabularyIsLargeAndZipfLike() {
        let facts = shared100k.facts
        #expect(facts.distinctWordCount >= 1_000)
        #expect(facts.distinctWordCount <= 3_000)
        // Least-squares slope of log(frequency) against log(rank) over ranks 1...1000: Zipf's law gives ≈ −1.
        let counts = facts.wordCounts.values.sorted(by: >).prefix(1_000)
        let xs = counts.indices.map { log(Double($0 + 1)) }
        let ys = counts.map { log(Double($0)) }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
        let slope = sxy / sxx
        #expect(slope > -1.8 && slope < -0.7, "rank-frequency slope \(slope)")
        // The most frequent word is a function word, far more frequent than the median word.
        let sorted = facts.wordCounts.sorted { $0.value > $1.value }
        #expect(["the", "a", "of", "in", "and"].contains(sorted[0].key))
        #expect(sorted[0].value > 50 * sorted[sorted.count / 2].value)
    }

    @Test func everyAnalogyQuestionIsPlantedAndItsWordsOccur() {
        let facts = shared100k.facts
        #expect(facts.analogyQuestions.count == SyntheticCorpus.plantedQuestions.count)
        #expect(facts.analogyQuestions.count >= 1_000)
        let sections = Set(facts.analogyQuestions.map(\.section))
        #expect(sections == ["capital-common-countries", "capital-world", "currency", "family",
                             "gram1-adjective-to-adverb", "gram6-nationality-adjective", "gram7-past-tense",
                             "gram8-plural"])
        let words = Set(facts.analogyQuestions.flatMap { [$0.a, $0.b, $0.c, $0.d] })
        let rarest = words.min { (facts.wordCounts[$0] ?? 0) < (facts.wordCounts[$1] ?? 0) }!
        #expect((facts.wordCounts[rarest] ?? 0) >= 5, "\(rarest) occurs \(facts.wordCounts[rarest] ?? 0) times")
        #expect(facts.analogyQuestions.allSatisfy { Set([$0.a, $0.b, $0.c, $0.d]).count == 4 })
        // Tiny corpora list only questions whose words occur.
        let tiny = SyntheticCorpus(seed: 1).generateText(tokens: 300).facts
        #expect(tiny.analogyQuestions.count < facts.analogyQuestions.count)
        for q in tiny.analogyQuestions { #expect(tiny.wordCounts[q.d] != nil && tiny.wordCounts[q.a] != nil) }
        // The demo's question: prague − czech_republic + france ≈ paris.
        #expect(facts.analogyQuestions.contains { $0.a == "prague" && $0.b == "czech_republic" && $0.c == "paris" && $0.d == "france" })
    }

    @Test func questionsWordsTextParses() {
        let text = shared100k.facts.questionsWordsText()
        var section: String? = nil
        var parsed: [(String, String, String, String, String)] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix(": ") {
                section = String(line.dropFirst(2))
                continue
            }
            let parts = line.split(separator: " ").map(String.init)
            #expect(parts.count == 4)
            guard parts.count == 4, let section else { Issue.record("bad line \(line)"); continue }
            parsed.append((section, parts[0], parts[1], parts[2], parts[3]))
        }
        #expect(text.hasPrefix(": capital-common-countries\n"))
        #expect(parsed.count == shared100k.facts.analogyQuestions.count)
        for (p, q) in zip(parsed, shared100k.facts.analogyQuestions) {
            #expect(p.0 == q.section && p.1 == q.a && p.2 == q.b && p.3 == q.c && p.4 == q.d)
        }
    }

    @Test func occurrenceRecordsMatchTheText() {
        let facts = shared100k.facts
        for o in facts.occurrences {
            #expect(sharedLines[o.sentence][o.position] == Substring(o.word))
            #expect(facts.homographs[o.word]?.contains(o.sense) == true)
        }
        // Every occurrence of a homograph in the text is recorded, and nothing else is.
        var inText = 0
        for line in sharedLines { for t in line where facts.homographs[String(t)] != nil { inText += 1 } }
        #expect(inText == facts.occurrences.count)
        #expect(Set(facts.occurrences.map { "\($0.sentence) \($0.position)" }).count == facts.occurrences.count)
        // Sorted in text order.
        #expect(zip(facts.occurrences, facts.occurrences.dropFirst()).allSatisfy {
            ($0.sentence, $0.position) < ($1.sentence, $1.position) })
    }

    @Test func homographSenseSharesAreUnequalAndAtLeastFifteenPercent() {
        let facts = shared100k.facts
        #expect(Set(facts.homographs.keys) == ["python", "apple", "bank", "waterloo", "jam", "date", "bow", "platform"])
        #expect(facts.homographs["python"] == ["snake", "programming", "comedy"])
        for h in SyntheticLexicon.homographs {
            let shares = facts.senseShares(of: h.word)
            let n = facts.occurrences.filter { $0.word == h.word }.count
            #expect(n >= 100, "\(h.word) occurs \(n) times")
            #expect(shares.count == h.senses.count)
            for s in h.senses {
                let observed = shares[s.name] ?? 0
                #expect(s.share >= 0.15)
                // Within 3.5 binomial standard errors (≤ 0.05 each at n ≥ 100): about 20 shares are checked, so
                // a tighter bound would fail for some seed by chance alone.
                let se = (s.share * (1 - s.share) / Double(n)).squareRoot()
                #expect(abs(observed - s.share) < 3.5 * se, "\(h.word)/\(s.name): \(observed) vs \(s.share) (n = \(n))")
                #expect(observed >= 0.08)
            }
            let planted = h.senses.map(\.share)
            #expect(planted.max()! - planted.min()! >= 0.1, "\(h.word) senses should be unequal")
        }
    }

    @Test func controlsAreSingleSenseAndAsFrequentAsTheHomographs() {
        let facts = shared100k.facts
        #expect(facts.singleSenseWords.count == facts.homographs.count)
        for (i, control) in facts.singleSenseWords.enumerated() {
            let homograph = SyntheticLexicon.homographs[i].word
            let c = Double(facts.wordCounts[control] ?? 0), h = Double(facts.wordCounts[homograph] ?? 0)
            #expect(c / h > 0.7 && c / h < 1.4, "\(control) \(c) vs \(homograph) \(h)")
            #expect(facts.homographs[control] == nil)
        }
    }

    @Test func homographSensesHaveDistinctContexts() {
        // Naive Bayes over the other words of the sentence, trained on the even occurrences and tested on the odd
        // ones, must recover the planted sense almost always: each sense has its own topical context words.
        let facts = shared100k.facts
        for (word, senses) in facts.homographs {
            let occ = facts.occurrences.filter { $0.word == word }
            var counts: [String: [String: Int]] = [:], totals: [String: Int] = [:], priors: [String: Int] = [:]
            var vocabulary = Set<String>()
            for (i, o) in occ.enumerated() where i % 2 == 0 {
                priors[o.sense, default: 0] += 1
                for (p, t) in sharedLines[o.sentence].enumerated() where p != o.position {
                    counts[o.sense, default: [:]][String(t), default: 0] += 1
                    totals[o.sense, default: 0] += 1
                    vocabulary.insert(String(t))
                }
            }
            var correct = 0, tested = 0
            for (i, o) in occ.enumerated() where i % 2 == 1 {
                let best = senses.max { a, b in
                    func score(_ s: String) -> Double {
                        var l = log(Double(priors[s] ?? 0) + 1)
                        for (p, t) in sharedLines[o.sentence].enumerated() where p != o.position {
                            l += log((Double(counts[s]?[String(t)] ?? 0) + 1) / (Double(totals[s] ?? 0) + Double(vocabulary.count)))
                        }
                        return l
                    }
                    return score(a) < score(b)
                }
                if best == o.sense { correct += 1 }
                tested += 1
            }
            let accuracy = Double(correct) / Double(tested)
            #expect(accuracy >= 0.9, "\(word): held-out sense accuracy \(accuracy)")
        }
    }

    @Test func demoContextWordsBelongToTheRightSenses() {
        // `sensevec disambiguate` will be asked about "our train has departed from waterloo at 1100pm" (station)
        // and "who won the battle of waterloo" (battle): those context words must be sense-specific.
        var near: [String: [String: Int]] = [:]
        for o in shared100k.facts.occurrences where o.word == "waterloo" {
            for t in sharedLines[o.sentence] { near[o.sense, default: [:]][String(t), default: 0] += 1 }
        }
        for w in ["train", "departed", "1100pm"] {
            #expect((near["station"]?[w] ?? 0) > 0)
            #expect((near["battle"]?[w] ?? 0) == 0)
        }
        for w in ["battle", "won"] {
            #expect((near["battle"]?[w] ?? 0) > 0)
            #expect((near["station"]?[w] ?? 0) == 0)
        }
    }

    @Test func plantedFamiliesAppearOnlyInTheirRelationContexts() {
        // A gender-family sentence carries exactly the pronouns of its word's gender.
        let male = Set(SyntheticLexicon.family.map(\.male)), female = Set(SyntheticLexicon.family.map(\.female))
        var checked = 0
        for line in sharedLines {
            let words = Set(line.map(String.init))
            if !words.isDisjoint(with: male) { #expect(!words.contains("she")); checked += 1 }
            if !words.isDisjoint(with: female) { #expect(!words.contains("he")); checked += 1 }
        }
        #expect(checked > 500)
        // A sentence names at most one member of a country's family.
        var countryWords: [String: Int] = [:]
        for (i, c) in SyntheticLexicon.countries.enumerated() {
            for w in [c.country, c.capital, c.adjective] + (c.currency.map { [$0] } ?? []) { countryWords[w] = i }
        }
        for line in sharedLines {
            #expect(line.filter { countryWords[String($0)] != nil }.count <= 1)
        }
    }

    @Test func writeProducesTheFilesAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("synth-\(UUID().uuidString)/nested").path
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let facts = try SyntheticCorpus(seed: 5).write(tokens: 5_000, to: dir, progress: nil)
        let corpus = try String(contentsOfFile: dir + "/corpus.txt", encoding: .utf8)
        #expect(corpus == SyntheticCorpus(seed: 5).generateText(tokens: 5_000).text + "\n")
        let questions = try String(contentsOfFile: dir + "/questions-words.txt", encoding: .utf8)
        #expect(questions == facts.questionsWordsText())
        let senses = try String(contentsOfFile: dir + "/senses.tsv", encoding: .utf8)
        let rows = senses.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.count == facts.occurrences.count)
        for (row, o) in zip(rows, facts.occurrences) {
            #expect(row == ["\(o.sentence)", "\(o.position)", o.word, o.sense])
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/README.txt"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
        #expect(throws: SenseVecError.self) { try SyntheticCorpus(seed: 5).write(tokens: 0, to: dir, progress: nil) }
        #expect(throws: SenseVecError.self) {
            try SyntheticCorpus(seed: 5).write(tokens: 60_000_000, to: dir, progress: nil)
        }
    }

    @Test func writeReportsProgress() throws {
        final class Box: @unchecked Sendable { var events: [ProgressEvent] = [] }
        let box = Box()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("synth-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try SyntheticCorpus(seed: 5).write(tokens: 2_000, to: dir) { box.events.append($0) }
        #expect(box.events.last?.finished == true)
        #expect(box.events.last?.fraction == 1)
    }
}
