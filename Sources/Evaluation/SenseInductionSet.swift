import Foundation
import SenseVecCore

/// One occurrence of a target word in context, for word sense induction.
public struct SenseInductionInstance: Sendable, Equatable {
    /// Instance id (`access.n.12` in SemEval-2010; the `<instance id>` in Senseval-2).
    public var id: String
    /// Tokens before the target.
    public var left: [String]
    /// Tokens after the target.
    public var right: [String]
    /// Gold sense, when known.
    public var gold: String?
}

/// The instances of one target lemma.
public struct SenseInductionLemma: Sendable {
    /// The lemma as the benchmark names it (`access.n`, `hard-a`).
    public var name: String
    /// The word looked up in the model (`access`, `hard`).
    public var word: String
    public var instances: [SenseInductionInstance]
}

/// A word sense induction benchmark: contexts of target lemmas with gold senses.
///
/// Readers:
/// - SemEval-2010 task 14 (Manandhar et al. 2010) as distributed with the AdaGram benchmark: a dataset file of
///   blocks, a header `lemma.pos N` then N lines `left context<TAB>right context` (the target removed),
///   and a key file of lines `lemma.pos instance-id sense-id…` (``applyKey(_:)``). Instance `k` (1-based) of
///   lemma `L` has the id `L.k`; when a key's ids do not have that form, its lines are matched by order.
/// - Senseval-2 lexical sample (`.pos` files, optionally gzipped): `<lexelt item="hard-a">`, `<instance id=…>`,
///   `<answer … senseid=…/>` and a `<context>` of `<wf pos=…>word</wf>` tokens with the target inside
///   `<head>`; the gold sense is in the file.
/// Contexts are lower-cased tokens; tokens without a letter or digit are dropped.
public struct SenseInductionSet: Sendable {
    public var lemmas: [SenseInductionLemma]

    public init(lemmas: [SenseInductionLemma]) { self.lemmas = lemmas }

    /// Number of instances.
    public var instanceCount: Int { lemmas.reduce(0) { $0 + $1.instances.count } }

    // MARK: SemEval-2010

    public static func loadSemEval(dataset: String, key: String? = nil) throws -> SenseInductionSet {
        var set = try parseSemEval(BenchmarkFile(path: dataset))
        if let key { try set.applyKey(BenchmarkFile(path: key)) }
        return set
    }

    /// The word of a lemma name: the part before the last `.` or `-` part-of-speech suffix.
    static func word(ofLemma name: String) -> String {
        suffixStart(ofLemma: name).map { String(name[..<$0]) } ?? name
    }

    /// The part-of-speech suffix of a lemma name (`n` for `access.n`, `a` for `hard-a`), nil when there is none.
    public static func partOfSpeech(ofLemma name: String) -> String? {
        guard let i = suffixStart(ofLemma: name), name.index(after: i) < name.endIndex else { return nil }
        return String(name[name.index(after: i)...])
    }

    /// Where a part-of-speech suffix (`.` or `-` and at most two characters, at the end) starts.
    static func suffixStart(ofLemma name: String) -> String.Index? {
        for sep: Character in [".", "-"] {
            if let i = name.lastIndex(of: sep), name.distance(from: i, to: name.endIndex) <= 3, i != name.startIndex {
                return i
            }
        }
        return nil
    }

    public static func parseSemEval(_ file: BenchmarkFile) throws -> SenseInductionSet {
        var lemmas: [SenseInductionLemma] = []
        var remaining = 0
        var headerLine = 0
        for (i, raw) in file.lines.enumerated() {
            let lineNumber = i + 1
            if remaining == 0 {
                let line = raw.trimmingWhitespace
                if line.isEmpty { continue }
                let f = line.split(separator: " ")
                guard f.count == 2, let n = Int(f[1]), n > 0, !raw.contains("\t") else {
                    throw file.error(line: lineNumber, "expected a header 'lemma.pos N' (N contexts follow), found '\(line.prefix(60))'")
                }
                let name = String(f[0])
                lemmas.append(SenseInductionLemma(name: name, word: word(ofLemma: name), instances: []))
                remaining = n
                headerLine = lineNumber
                continue
            }
            let parts = raw.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw file.error(line: lineNumber, "expected 'left context<TAB>right context' (\(remaining) more context\(remaining == 1 ? "" : "s") of '\(lemmas[lemmas.count - 1].name)' expected), found \(parts.count) tab-separated field\(parts.count == 1 ? "" : "s")")
            }
            let k = lemmas[lemmas.count - 1].instances.count + 1
            lemmas[lemmas.count - 1].instances.append(SenseInductionInstance(
                id: "\(lemmas[lemmas.count - 1].name).\(k)",
                left: ContextualSimilaritySet.tokens(String(parts[0])),
                right: ContextualSimilaritySet.tokens(String(parts[1])), gold: nil))
            remaining -= 1
        }
        if remaining > 0 {
            throw file.error(line: headerLine, "'\(lemmas[lemmas.count - 1].name)' announces more contexts than the file holds (\(remaining) missing)")
        }
        guard !lemmas.isEmpty else { throw SenseVecError("\(file.path): no target lemmas found") }
        return SenseInductionSet(lemmas: lemmas)
    }

    /// Reads a key file `lemma instance-id sense [sense…]` and sets the gold senses. A sense may carry a weight
    /// (`sense/0.7`); the highest weight wins, the first one on ties or without weights.
    public mutating func applyKey(_ file: BenchmarkFile) throws {
        var byLemma: [String: [(id: String, sense: String, line: Int)]] = [:]
        for (i, raw) in file.lines.enumerated() {
            let line = raw.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard f.count >= 3 else {
                throw file.error(line: i + 1, "expected 'lemma instance-id sense-id', found \(f.count) field\(f.count == 1 ? "" : "s")")
            }
            var best = "", bestWeight = -Double.infinity
            for s in f[2...] {
                var sense = s, weight = 1.0
                if let slash = s.lastIndex(of: "/"), let w = Double(s[s.index(after: slash)...]) {
                    sense = String(s[..<slash]); weight = w
                }
                if weight > bestWeight { best = sense; bestWeight = weight }
            }
            byLemma[f[0], default: []].append((f[1], best, i + 1))
        }
        for li in lemmas.indices {
            guard let entries = byLemma[lemmas[li].name] else { continue }
            let ids = Dictionary(lemmas[li].instances.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            if entries.allSatisfy({ ids[$0.id] != nil }) {
                for e in entries { lemmas[li].instances[ids[e.id]!].gold = e.sense }
            } else if entries.count == lemmas[li].instances.count {
                for (k, e) in entries.enumerated() { lemmas[li].instances[k].gold = e.sense }
            } else {
                let bad = entries.first { ids[$0.id] == nil }!
                throw file.error(line: bad.line, "instance '\(bad.id)' is not in the dataset (lemma '\(lemmas[li].name)' has \(lemmas[li].instances.count) contexts)")
            }
        }
        guard lemmas.contains(where: { $0.instances.contains { $0.gold != nil } }) else {
            throw SenseVecError("\(file.path): no key line matches a lemma of the dataset")
        }
    }

    // MARK: Senseval-2

    public static func loadSenseval(path: String) throws -> SenseInductionSet {
        try parseSenseval(BenchmarkFile(path: path))
    }

    /// The value of `name="…"` inside a tag.
    static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let r = tag.range(of: name + "=\"") else { return nil }
        let rest = tag[r.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    public static func parseSenseval(_ file: BenchmarkFile) throws -> SenseInductionSet {
        var lemmas: [SenseInductionLemma] = []
        var current: SenseInductionInstance?
        var inContext = false, afterHead = false, sawHead = false
        var instanceLine = 0
        for (i, raw) in file.lines.enumerated() {
            let lineNumber = i + 1
            var rest = Substring(raw)
            while let open = rest.firstIndex(of: "<") {
                let textBefore = rest[..<open]
                guard let close = rest[open...].firstIndex(of: ">") else {
                    throw file.error(line: lineNumber, "unterminated tag")
                }
                let tag = rest[rest.index(after: open)..<close]
                rest = rest[rest.index(after: close)...]
                _ = textBefore
                if tag.hasPrefix("lexelt") {
                    guard let item = attribute("item", in: tag) else {
                        throw file.error(line: lineNumber, "<lexelt> without item=\"…\"")
                    }
                    lemmas.append(SenseInductionLemma(name: item, word: word(ofLemma: item), instances: []))
                } else if tag.hasPrefix("instance ") || tag == "instance" {
                    guard !lemmas.isEmpty else { throw file.error(line: lineNumber, "<instance> outside a <lexelt>") }
                    guard current == nil else { throw file.error(line: lineNumber, "<instance> inside another <instance>") }
                    current = SenseInductionInstance(id: attribute("id", in: tag) ?? "", left: [], right: [], gold: nil)
                    instanceLine = lineNumber
                    sawHead = false; afterHead = false
                } else if tag.hasPrefix("answer") {
                    guard current != nil else { throw file.error(line: lineNumber, "<answer> outside an <instance>") }
                    if current!.gold == nil { current!.gold = attribute("senseid", in: tag) }
                } else if tag == "context" {
                    inContext = true
                } else if tag == "/context" {
                    inContext = false
                } else if tag == "head" {
                    sawHead = true
                } else if tag == "/head" {
                    afterHead = true
                } else if tag.hasPrefix("wf") || tag.hasPrefix("/wf") {
                    if tag.hasPrefix("wf"), inContext, current != nil {
                        // the word is the text up to </wf>
                        guard let end = rest.range(of: "</wf>") else {
                            throw file.error(line: lineNumber, "<wf> without </wf> on the same line")
                        }
                        let word = String(rest[..<end.lowerBound])
                        rest = rest[end.upperBound...]
                        if sawHead && !afterHead { continue } // the target itself
                        let toks = ContextualSimilaritySet.tokens(word)
                        if afterHead { current!.right += toks } else { current!.left += toks }
                    }
                } else if tag == "/instance" {
                    guard var inst = current else { throw file.error(line: lineNumber, "</instance> without <instance>") }
                    guard sawHead else { throw file.error(line: instanceLine, "instance '\(inst.id)' has no <head> target") }
                    if inst.id.isEmpty { inst.id = "\(lemmas[lemmas.count - 1].name).\(lemmas[lemmas.count - 1].instances.count + 1)" }
                    lemmas[lemmas.count - 1].instances.append(inst)
                    current = nil
                }
            }
        }
        if current != nil { throw file.error(line: instanceLine, "<instance> is never closed") }
        guard lemmas.contains(where: { !$0.instances.isEmpty }) else {
            throw SenseVecError("\(file.path): no <instance> found (not a Senseval lexical-sample file?)")
        }
        return SenseInductionSet(lemmas: lemmas)
    }
}
