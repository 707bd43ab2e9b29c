/// The compiled phrase grammar of the synthetic corpus: every word of ``SyntheticLexicon`` gets an integer id,
/// every phrase choice becomes a table of alternatives with cumulative 32-bit thresholds, and every alternative a
/// run of integer operations. Built once (``shared``) and immutable, so generation does no string work at all.
///
/// An operation is an `Int32`: a value ≥ 0 is a literal word id; `-1 - k` for `k < 64` is sentence parameter `k`
/// (bound per sentence to a word id or to a choice operation); `-1 - (64 + c)` is choice `c`.
final class SyntheticGrammar: Sendable {
    /// The single compiled grammar (the lexicon is fixed, so compiling it can only fail in development;
    /// the test suite compiles it).
    static let shared: SyntheticGrammar = {
        do { return try SyntheticGrammar(source: SyntheticLexicon.grammar) } catch {
            fatalError("SyntheticLexicon.grammar does not compile: \(error)")
        }
    }()

    /// Parameter slots usable as `{name}` in the grammar.
    static let parameterNames = ["W", "he", "his", "him", "X", "Y", "C", "K", "M", "A", "n", "a", "v", "p", "Z"]
    static let parameterCount = 16
    static let choiceBase: Int32 = 64

    // Words.
    let words: [String]
    let wordIndex: [String: Int32]
    let wordBytes: [UInt8]
    let wordOffsets: [Int]      // word i is wordBytes[wordOffsets[i] ..< wordOffsets[i + 1]]
    let startsWithVowelSound: [Bool]
    let articleA: Int32, articleAn: Int32

    // Choices.
    let choiceNames: [String]
    let choiceIndex: [String: Int32]
    let choiceAltStart: [Int]   // alternatives of choice c are altStart[c] ..< altStart[c + 1]
    let altThreshold: [UInt64]  // cumulative, scaled to 2^32; the last of a choice is 2^32
    let altOpStart: [Int]       // ops of alternative a are ops[altOpStart[a] ..< altOpStart[a + 1]]
    let ops: [Int32]

    init(source: String) throws {
        var words: [String] = []
        var wordIndex: [String: Int32] = [:]
        func wordID(_ w: String) -> Int32 {
            if let id = wordIndex[w] { return id }
            let id = Int32(words.count)
            words.append(w)
            wordIndex[w] = id
            return id
        }
        // Pass 1: gather definitions (name, uniform?, alternatives).
        var definitions: [(name: String, uniform: Bool, alternatives: [String])] = []
        for rawLine in source.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("|") {
                guard !definitions.isEmpty else { throw SyntheticGrammarError("continuation before any definition: \(line)") }
                let alts = line.dropFirst().split(separator: "|").map { String($0).trimmingSpaces() }
                definitions[definitions.count - 1].alternatives += alts
                continue
            }
            let uniform: Bool
            let parts: [Substring]
            if line.contains(":=") {
                uniform = true
                parts = line.split(separator: ":", maxSplits: 1)
            } else {
                uniform = false
                parts = line.split(separator: "=", maxSplits: 1)
            }
            guard parts.count == 2 else { throw SyntheticGrammarError("not a definition: \(line)") }
            let name = String(parts[0]).trimmingSpaces()
            var body = String(parts[1])
            if uniform { body.removeFirst() } // the "=" of ":="
            let alts = body.split(separator: "|").map { String($0).trimmingSpaces() }
            definitions.append((name, uniform, alts))
        }
        var choiceIndex: [String: Int32] = [:]
        for (i, d) in definitions.enumerated() {
            guard choiceIndex[d.name] == nil else { throw SyntheticGrammarError("duplicate choice \(d.name)") }
            choiceIndex[d.name] = Int32(i)
        }
        // Pass 2: compile.
        var choiceAltStart: [Int] = []
        var altThreshold: [UInt64] = []
        var altOpStart: [Int] = []
        var ops: [Int32] = []
        for d in definitions {
            choiceAltStart.append(altThreshold.count)
            guard !d.alternatives.isEmpty, !d.alternatives.contains(where: \.isEmpty) else {
                throw SyntheticGrammarError("choice \(d.name) has an empty alternative")
            }
            let weights = d.alternatives.indices.map { d.uniform ? 1.0 : 1.0 / Double($0 + 1) }
            let total = weights.reduce(0, +)
            var cumulative = 0.0
            for (k, alt) in d.alternatives.enumerated() {
                cumulative += weights[k]
                let t = k == d.alternatives.count - 1 ? UInt64(1) << 32 : UInt64((cumulative / total) * 4_294_967_296.0)
                altThreshold.append(t)
                altOpStart.append(ops.count)
                for token in alt.split(separator: " ") {
                    if token.hasPrefix("{") && token.hasSuffix("}") {
                        let name = String(token.dropFirst().dropLast())
                        if let p = Self.parameterNames.firstIndex(of: name) {
                            ops.append(-1 - Int32(p))
                        } else if let c = choiceIndex[name] {
                            ops.append(-1 - (Self.choiceBase + c))
                        } else {
                            throw SyntheticGrammarError("unknown reference {\(name)} in \(d.name)")
                        }
                    } else {
                        guard token.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) else {
                            throw SyntheticGrammarError("token '\(token)' in \(d.name) is not lowercase [a-z0-9_]")
                        }
                        ops.append(wordID(String(token)))
                    }
                }
            }
        }
        choiceAltStart.append(altThreshold.count)
        altOpStart.append(ops.count)
        // Planted words must only enter sentences through parameters, never as literals of some other phrase:
        // a stray "wrote" in a country sentence would blur the tense offset, a stray "bank" would be an
        // unrecorded homograph occurrence.
        let planted = Set(Self.plantedWords)
        let leaks = Set(ops.filter { $0 >= 0 }.map { words[Int($0)] }).intersection(planted)
        guard leaks.isEmpty else {
            throw SyntheticGrammarError("planted words used as literals: \(leaks.sorted().joined(separator: ", "))")
        }
        // Words that are only ever bound as parameters (planted words) are registered too.
        for f in SyntheticLexicon.family { _ = wordID(f.male); _ = wordID(f.female) }
        for c in SyntheticLexicon.countries {
            _ = wordID(c.country); _ = wordID(c.capital); _ = wordID(c.adjective)
            if let m = c.currency { _ = wordID(m) }
        }
        for a in SyntheticLexicon.adverbs { _ = wordID(a.adjective); _ = wordID(a.adverb) }
        for t in SyntheticLexicon.tenses { _ = wordID(t.present); _ = wordID(t.past) }
        for p in SyntheticLexicon.plurals { _ = wordID(p.singular); _ = wordID(p.plural) }
        for h in SyntheticLexicon.homographs { _ = wordID(h.word) }
        for c in SyntheticLexicon.controls { _ = wordID(c) }
        for w in ["he", "his", "him", "she", "her", "a", "an"] { _ = wordID(w) }

        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        var vowel: [Bool] = []
        for w in words {
            bytes += Array(w.utf8)
            offsets.append(bytes.count)
            let consonantSound = w.hasPrefix("uni") || w.hasPrefix("use") || w.hasPrefix("eu") || w.hasPrefix("one")
            vowel.append(!consonantSound && "aeiou".contains(w.first!))
        }
        self.words = words
        self.wordIndex = wordIndex
        self.wordBytes = bytes
        self.wordOffsets = offsets
        self.startsWithVowelSound = vowel
        self.articleA = wordIndex["a"]!
        self.articleAn = wordIndex["an"]!
        self.choiceNames = definitions.map(\.name)
        self.choiceIndex = choiceIndex
        self.choiceAltStart = choiceAltStart
        self.altThreshold = altThreshold
        self.altOpStart = altOpStart
        self.ops = ops
    }

    /// Every word planted through parameters: analogy family members, homographs and controls.
    static var plantedWords: [String] {
        let L = SyntheticLexicon.self
        var w: [String] = []
        for f in L.family { w += [f.male, f.female] }
        for c in L.countries { w += [c.country, c.capital, c.adjective] + (c.currency.map { [$0] } ?? []) }
        for a in L.adverbs { w += [a.adjective, a.adverb] }
        for t in L.tenses { w += [t.present, t.past] }
        for p in L.plurals { w += [p.singular, p.plural] }
        w += L.homographs.map(\.word) + L.controls
        return w
    }

    /// The operation that expands choice `name` (a programming error if it does not exist).
    func choice(_ name: String) -> Int32 {
        guard let c = choiceIndex[name] else { fatalError("synthetic grammar has no choice '\(name)'") }
        return -1 - (Self.choiceBase + c)
    }

    /// The id of a word of the grammar.
    func word(_ w: String) -> Int32 {
        guard let id = wordIndex[w] else { fatalError("synthetic grammar has no word '\(w)'") }
        return id
    }

    /// The literal words each choice can produce directly (not through references), for checks.
    func literalWords(ofChoice c: Int) -> Set<String> {
        var result = Set<String>()
        for a in choiceAltStart[c] ..< choiceAltStart[c + 1] {
            for i in altOpStart[a] ..< altOpStart[a + 1] where ops[i] >= 0 { result.insert(words[Int(ops[i])]) }
        }
        return result
    }
}

/// A mistake in the grammar source (only possible while editing ``SyntheticLexicon``).
struct SyntheticGrammarError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
