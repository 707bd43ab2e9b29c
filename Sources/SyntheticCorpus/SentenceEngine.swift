import SenseVecCore

/// Draws sentences from the compiled ``SyntheticGrammar``: picks a sentence kind, binds its parameters (a planted
/// word, its pronouns, its cue phrases, a topic's word lists), expands the frame into word ids and fixes "a"/"an".
/// One engine and one seed give one sequence of sentences.
struct SentenceEngine {
    let g: SyntheticGrammar
    var rng: SenseRandom
    /// The word ids of the current sentence.
    private(set) var sentence: [Int32] = []
    /// The homograph occurrences of the current sentence: (position, homograph index, sense index).
    private(set) var occurrences: [(position: Int, homograph: Int, sense: Int)] = []
    private var params = [Int32](repeating: 0, count: SyntheticGrammar.parameterCount)

    /// The choices of a topic's (or a sense's) nouns, adjectives, past verbs and places.
    typealias WordLists = (n: Int32, a: Int32, v: Int32, p: Int32)

    // Precomputed bindings.
    private let kindThresholds: [UInt64]
    private let kinds: [SentenceKind]
    private let topicThresholds: [UInt64]
    private let topicChoices: [WordLists]
    private let fillerFrame: Int32
    private let familyWords: [(male: Int32, female: Int32, role: Int32)]
    private let familyFrame: Int32
    private let pronouns: [(he: Int32, his: Int32, him: Int32)]   // [male, female]
    private let countryWords: [(c: Int32, k: Int32, m: Int32?, a: Int32, land: Int32)]
    private let countryFrames: (country: Int32, capital: Int32, currency: Int32, adjective: Int32)
    private let mannerWords: [(adjective: Int32, adverb: Int32, cue: Int32, scene: Int32)]
    private let mannerFrames: (adjective: Int32, adverb: Int32, verb: Int32)
    private let tenseWords: [(present: Int32, past: Int32, cue: Int32)]
    private let tenseFrames: (present: Int32, past: Int32)
    private let pluralWords: [(singular: Int32, plural: Int32, cue: Int32)]
    private let pluralFrames: (singular: Int32, plural: Int32)
    private let homographThresholds: [UInt64]
    private let homographWords: [Int32]
    private let senseThresholds: [[UInt64]]
    private let senseSlots: [[WordLists]]
    private let controlWords: [Int32]
    private let controlSlots: [WordLists]
    private let senseFrame: Int32

    init(grammar g: SyntheticGrammar, seed: UInt64) {
        self.g = g
        self.rng = SenseRandom(seed: seed)
        let L = SyntheticLexicon.self
        kinds = L.kindWeights.map(\.kind)
        kindThresholds = Self.thresholds(L.kindWeights.map(\.weight))
        // Topics: mildly Zipf-weighted so that some topics are common and others rare.
        topicThresholds = Self.thresholds(L.topics.indices.map { 1.0 / Double($0 + 1).squareRoot() })
        func wordLists(_ prefix: String) -> WordLists {
            (g.choice(prefix + ".n"), g.choice(prefix + ".a"), g.choice(prefix + ".v"), g.choice(prefix + ".p"))
        }
        topicChoices = L.topics.map { wordLists($0) }
        fillerFrame = g.choice("filler.frame")
        familyWords = L.family.map { (g.word($0.male), g.word($0.female), g.choice("family." + $0.male)) }
        familyFrame = g.choice("family.frame")
        pronouns = [(g.word("he"), g.word("his"), g.word("him")), (g.word("she"), g.word("her"), g.word("her"))]
        countryWords = L.countries.map {
            (g.word($0.country), g.word($0.capital), $0.currency.map { g.word($0) }, g.word($0.adjective),
             g.choice("land." + $0.country))
        }
        countryFrames = (g.choice("country.country"), g.choice("country.capital"), g.choice("country.currency"),
                         g.choice("country.adjective"))
        mannerWords = L.adverbs.map {
            (g.word($0.adjective), g.word($0.adverb), g.choice("manner." + $0.adjective), g.choice("scene." + $0.adjective))
        }
        mannerFrames = (g.choice("manner.adjective"), g.choice("manner.adverb"), g.choice("manner.verb"))
        tenseWords = L.tenses.map { (g.word($0.present), g.word($0.past), g.choice("deed." + $0.present)) }
        tenseFrames = (g.choice("tense.present"), g.choice("tense.past"))
        pluralWords = L.plurals.map { (g.word($0.singular), g.word($0.plural), g.choice("thing." + $0.singular)) }
        pluralFrames = (g.choice("plural.singular"), g.choice("plural.plural"))
        homographThresholds = Self.thresholds(L.homographs.map(\.rate))
        homographWords = L.homographs.map { g.word($0.word) }
        senseThresholds = L.homographs.map { Self.thresholds($0.senses.map(\.share)) }
        senseSlots = L.homographs.map { h in h.senses.map { wordLists("hom.\(h.word).\($0.name)") } }
        controlWords = L.controls.map { g.word($0) }
        controlSlots = L.controls.map { wordLists("ctl." + $0) }
        senseFrame = g.choice("sense.frame")
        sentence.reserveCapacity(64)
    }

    /// Cumulative thresholds in 0...2^32 for weights (the last is exactly 2^32).
    static func thresholds(_ weights: [Double]) -> [UInt64] {
        let total = weights.reduce(0, +)
        var c = 0.0
        return weights.indices.map { i in
            c += weights[i]
            return i == weights.count - 1 ? UInt64(1) << 32 : UInt64(c / total * 4_294_967_296.0)
        }
    }

    @inline(__always)
    private mutating func pick(_ thresholds: [UInt64]) -> Int {
        let r = rng.next() >> 32
        var i = 0
        while r >= thresholds[i] { i += 1 }
        return i
    }

    @inline(__always)
    private mutating func coin() -> Int { Int(rng.next() >> 63) }

    /// Expands one operation into `sentence`.
    private mutating func expand(_ op: Int32) {
        if op >= 0 { sentence.append(op); return }
        let k = -1 - op
        if k < SyntheticGrammar.choiceBase { expand(params[Int(k)]); return }
        let c = Int(k - SyntheticGrammar.choiceBase)
        let r = rng.next() >> 32
        var a = g.choiceAltStart[c]
        while r >= g.altThreshold[a] { a += 1 }
        for i in g.altOpStart[a] ..< g.altOpStart[a + 1] { expand(g.ops[i]) }
    }

    /// Generates the next sentence into ``sentence`` (and ``occurrences``).
    mutating func next() {
        sentence.removeAll(keepingCapacity: true)
        occurrences.removeAll(keepingCapacity: true)
        switch kinds[pick(kindThresholds)] {
        case .filler:
            bindWordLists(topicChoices[pick(topicThresholds)])
            expand(fillerFrame)
        case .family:
            let f = familyWords[rng.nextInt(below: familyWords.count)]
            let gender = coin()
            params[0] = gender == 0 ? f.male : f.female
            let p = pronouns[gender]
            params[1] = p.he; params[2] = p.his; params[3] = p.him
            params[4] = f.role
            expand(familyFrame)
        case .country:
            let c = countryWords[rng.nextInt(below: countryWords.count)]
            params[6] = c.c; params[7] = c.k; params[9] = c.a; params[4] = c.land
            let roles = c.m == nil ? 3 : 4
            let role = rng.nextInt(below: roles)
            if let m = c.m { params[8] = m }
            switch role {
            case 0: expand(countryFrames.country)
            case 1: expand(countryFrames.capital)
            case 2: expand(countryFrames.adjective)
            default: expand(countryFrames.currency)
            }
        case .manner:
            let m = mannerWords[rng.nextInt(below: mannerWords.count)]
            params[4] = m.cue; params[5] = mannerFrames.verb; params[14] = m.scene
            if coin() == 0 {
                params[0] = m.adjective; expand(mannerFrames.adjective)
            } else {
                params[0] = m.adverb; expand(mannerFrames.adverb)
            }
        case .tense:
            let t = tenseWords[rng.nextInt(below: tenseWords.count)]
            params[4] = t.cue
            if coin() == 0 {
                params[0] = t.present; expand(tenseFrames.present)
            } else {
                params[0] = t.past; expand(tenseFrames.past)
            }
        case .plural:
            let p = pluralWords[rng.nextInt(below: pluralWords.count)]
            params[4] = p.cue
            if coin() == 0 {
                params[0] = p.singular; expand(pluralFrames.singular)
            } else {
                params[0] = p.plural; expand(pluralFrames.plural)
            }
        case .homograph:
            let h = pick(homographThresholds)
            let s = pick(senseThresholds[h])
            let w = homographWords[h]
            params[0] = w
            bindWordLists(senseSlots[h][s])
            expand(senseFrame)
            for (i, id) in sentence.enumerated() where id == w {
                occurrences.append((i, h, s))
            }
        case .control:
            let c = pick(homographThresholds)   // controls are planted at the homographs' rates
            params[0] = controlWords[c]
            bindWordLists(controlSlots[c])
            expand(senseFrame)
        }
        fixArticles()
    }

    /// Binds `{n}` `{a}` `{v}` `{p}` to a topic's (or a sense's) nouns, adjectives, verbs and places.
    @inline(__always)
    private mutating func bindWordLists(_ t: WordLists) {
        params[10] = t.n; params[11] = t.a; params[12] = t.v; params[13] = t.p
    }

    /// "a" before a vowel sound becomes "an", "an" before a consonant sound becomes "a".
    private mutating func fixArticles() {
        let n = sentence.count
        guard n > 1 else { return }
        for i in 0 ..< n - 1 {
            let id = sentence[i]
            if id == g.articleA || id == g.articleAn {
                sentence[i] = g.startsWithVowelSound[Int(sentence[i + 1])] ? g.articleAn : g.articleA
            }
        }
    }

    /// Appends the current sentence's bytes (words separated by single spaces, no newline) to `bytes`.
    func render(into bytes: inout [UInt8]) {
        g.wordBytes.withUnsafeBufferPointer { wb in
            for (i, id) in sentence.enumerated() {
                if i > 0 { bytes.append(32) }
                let start = g.wordOffsets[Int(id)], end = g.wordOffsets[Int(id) + 1]
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: wb[start ..< end]))
            }
        }
    }
}
