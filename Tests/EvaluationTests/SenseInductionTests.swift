import Foundation
import Testing
import SenseVecCore
@testable import Evaluation

@Suite struct SenseInductionTests {
    let dataset = """
    bank.n 4
    i put money in the\tand left
    money money\tstuff
    the river\twas wet
    water\there
    cash.n 2
    a\tb
    c\td
    zebra.n 2
    x\ty
    z\tw
    """
    // Sorted like the real key (by string), with one weighted multi-sense line.
    let key = """
    bank.n bank.n.1 bank.n.1
    bank.n bank.n.2 bank.n.1/0.6 bank.n.2/0.4
    bank.n bank.n.3 bank.n.2
    bank.n bank.n.4 bank.n.7/0.3 bank.n.2/0.7
    cash.n cash.n.1 c.1
    cash.n cash.n.2 c.2
    zebra.n zebra.n.2 z.1
    zebra.n zebra.n.1 z.1
    """

    @Test func semEvalReaderAndKey() throws {
        var set = try SenseInductionSet.parseSemEval(BenchmarkFile(path: "d.txt", text: dataset))
        #expect(set.lemmas.map(\.name) == ["bank.n", "cash.n", "zebra.n"])
        #expect(set.lemmas.map(\.word) == ["bank", "cash", "zebra"])
        #expect(set.lemmas[0].instances[0].left == ["i", "put", "money", "in", "the"])
        #expect(set.lemmas[0].instances[0].right == ["and", "left"])
        try set.applyKey(BenchmarkFile(path: "k.txt", text: key))
        #expect(set.lemmas[0].instances.map(\.gold) == ["bank.n.1", "bank.n.1", "bank.n.2", "bank.n.2"])
        #expect(set.lemmas[2].instances.map(\.gold) == ["z.1", "z.1"])
    }

    @Test func keyMatchedByOrderWhenIdsDiffer() throws {
        var set = try SenseInductionSet.parseSemEval(BenchmarkFile(path: "d.txt", text: "run.v 2\na\tb\nc\td\n"))
        try set.applyKey(BenchmarkFile(path: "k.txt", text: "run.v i7 s1\nrun.v i3 s2\n"))
        #expect(set.lemmas[0].instances.map(\.gold) == ["s1", "s2"])
        #expect(throws: SenseVecError("k.txt:1: instance 'i7' is not in the dataset (lemma 'run.v' has 2 contexts)")) {
            var s = try SenseInductionSet.parseSemEval(BenchmarkFile(path: "d.txt", text: "run.v 2\na\tb\nc\td\n"))
            try s.applyKey(BenchmarkFile(path: "k.txt", text: "run.v i7 s1\n"))
        }
    }

    @Test func malformedDatasetsNameFileAndLine() {
        #expect(throws: SenseVecError("d.txt:1: expected a header 'lemma.pos N' (N contexts follow), found 'bank.n many'")) {
            try SenseInductionSet.parseSemEval(BenchmarkFile(path: "d.txt", text: "bank.n many\na\tb\n"))
        }
        #expect(throws: SenseVecError("d.txt:3: expected 'left context<TAB>right context' (1 more context of 'bank.n' expected), found 1 tab-separated field")) {
            try SenseInductionSet.parseSemEval(BenchmarkFile(path: "d.txt", text: "bank.n 2\na\tb\nno tab here\n"))
        }
        #expect(throws: SenseVecError("d.txt:1: 'bank.n' announces more contexts than the file holds (1 missing)")) {
            try SenseInductionSet.parseSemEval(BenchmarkFile(path: "d.txt", text: "bank.n 2\na\tb\n"))
        }
        #expect(throws: SenseVecError("k.txt:2: expected 'lemma instance-id sense-id', found 2 fields")) {
            var s = try SenseInductionSet.parseSemEval(BenchmarkFile(path: "d.txt", text: "run.v 1\na\tb\n"))
            try s.applyKey(BenchmarkFile(path: "k.txt", text: "run.v run.v.1 s\nrun.v run.v.1\n"))
        }
    }

    @Test func inductionWithToyModel() throws {
        var set = try SenseInductionSet.parseSemEval(BenchmarkFile(path: "d.txt", text: dataset))
        try set.applyKey(BenchmarkFile(path: "k.txt", text: key))
        let r = SenseInduction.evaluate(set, model: ToySenseModel())
        #expect(r.lemmas.map(\.lemma) == ["bank.n", "cash.n", "zebra.n"])
        // bank: money contexts → sense 0, river/water contexts → sense 1; gold {1,2}{3,4} → perfect
        #expect(r.lemmas[0].metrics.adjustedRandIndex == 1)
        #expect(r.lemmas[0].clusters == 2 && r.lemmas[0].known)
        // cash: one sense against two gold senses → ARI 0, V 0, F 0; zebra unknown, one gold sense → 1, 1, 1
        #expect(r.lemmas[1].metrics.adjustedRandIndex == 0 && r.lemmas[1].metrics.vMeasure == 0)
        #expect(!r.lemmas[2].known && r.lemmas[2].metrics.adjustedRandIndex == 1)
        #expect(r.unknownLemmas == 1 && r.instances == 8)
        #expect(abs(r.adjustedRandIndex - 2.0 / 3) < 1e-12)
        #expect(abs(r.vMeasure - 2.0 / 3) < 1e-12)
        #expect(abs(r.pairedFScore - 2.0 / 3) < 1e-12)
    }

    @Test func sensevalReader() throws {
        let text = """
        <corpus lang="en">
        <lexelt item="hard-a">
        <instance id="hard-a.1:">
        <answer instance="hard-a.1:" senseid="HARD1"/>
        <context>
         <wf pos="PRP">It</wf> <wf pos="VBZ">is</wf> <head> <wf pos="JJ">hard</wf></head> <wf pos="TO">to</wf> <wf pos=".">.</wf>
        </context>
        </instance>
        <instance id="hard-a.2:">
        <answer instance="hard-a.2:" senseid="HARD3"/>
        <answer instance="hard-a.2:" senseid="HARD2"/>
        <context>
         <wf pos="DT">a</wf> <head><wf pos="JJ">hard</wf></head> <wf pos="NN">Rock</wf>
        </context>
        </instance>
        </lexelt>
        </corpus>
        """
        let set = try SenseInductionSet.parseSenseval(BenchmarkFile(path: "hard.pos", text: text))
        #expect(set.lemmas.count == 1 && set.lemmas[0].name == "hard-a" && set.lemmas[0].word == "hard")
        #expect(set.lemmas[0].instances == [
            SenseInductionInstance(id: "hard-a.1:", left: ["it", "is"], right: ["to"], gold: "HARD1"),
            SenseInductionInstance(id: "hard-a.2:", left: ["a"], right: ["rock"], gold: "HARD3"),
        ])
        #expect(throws: SenseVecError("x.pos:2: instance 'i' has no <head> target")) {
            try SenseInductionSet.parseSenseval(BenchmarkFile(path: "x.pos", text: "<lexelt item=\"a-n\">\n<instance id=\"i\">\n<context> <wf>b</wf> </context>\n</instance>\n"))
        }
        #expect(throws: SenseVecError.self) {
            try SenseInductionSet.parseSenseval(BenchmarkFile(path: "x.pos", text: "just text\n"))
        }
    }

    /// Two lemmas by hand: `a.n` with gold {x,x,x,y}, `b.v` with gold {p,q}.
    func baselineSet() throws -> SenseInductionSet {
        var set = try SenseInductionSet.parseSemEval(BenchmarkFile(path: "d.txt", text: "a.n 4\nw\tw\nw\tw\nw\tw\nw\tw\nb.v 2\nw\tw\nw\tw\n"))
        try set.applyKey(BenchmarkFile(path: "k.txt", text: "a.n a.n.1 x\na.n a.n.2 x\na.n a.n.3 x\na.n a.n.4 y\nb.v b.v.1 p\nb.v b.v.2 q\n"))
        return set
    }

    @Test func oneClusterBaselineAveragedBothWays() throws {
        let r = SenseInduction.evaluate(try baselineSet(), baseline: .oneCluster)
        // a.n: 6 induced pairs, 3 gold pairs all inside → P = 1/2, R = 1, F = 2/3. b.v: 1 induced pair, no gold
        // pair → P = 0, R = 0 (no gold pair to recall), F = 0. V = 0 for both (one cluster, I = 0).
        #expect(abs(r.lemmas[0].metrics.pairedFScore - 2.0 / 3) < 1e-12 && r.lemmas[1].metrics.pairedFScore == 0)
        #expect(abs(r.all.perLemma.pairedFScore - 1.0 / 3) < 1e-12)          // (2/3 + 0) / 2
        #expect(abs(r.all.perInstance.pairedFScore - 4.0 / 9) < 1e-12)       // (4·2/3 + 2·0) / 6
        #expect(r.all.perLemma.vMeasure == 0 && r.all.perInstance.vMeasure == 0 && r.all.perInstance.avg == 0)
        #expect(r.all.clustersPerLemma == 1 && r.all.goldSensesPerLemma == 2)
        #expect(r.unknownLemmas == 0 && r.pairedFScore == r.all.perLemma.pairedFScore)
        // One lemma per part of speech: each group's two averages are that lemma's score.
        #expect(r.byPartOfSpeech.map(\.group) == ["n", "v"])
        #expect(abs(r.byPartOfSpeech[0].perInstance.pairedFScore - 2.0 / 3) < 1e-12 && r.byPartOfSpeech[1].perInstance.pairedFScore == 0)
    }

    @Test func onePerInstanceBaseline() throws {
        let r = SenseInduction.evaluate(try baselineSet(), baseline: .onePerInstance)
        // a.n: every cluster pure → h = 1; c = I/H(K) = H(C)/ln 4 with H(C) = −(3/4 ln 3/4 + 1/4 ln 1/4).
        let hC = -(0.75 * log(0.75) + 0.25 * log(0.25)), c = hC / log(4.0)
        let vA = 2 * c / (1 + c)
        #expect(abs(r.lemmas[0].metrics.vMeasure - vA) < 1e-12)
        // b.v: gold is all singletons too → identical partitions, V = 1 and F = 1 (no pair on either side).
        #expect(r.lemmas[1].metrics.vMeasure == 1 && r.lemmas[1].metrics.pairedFScore == 1)
        #expect(r.lemmas[0].metrics.pairedFScore == 0)
        #expect(abs(r.all.perLemma.vMeasure - (vA + 1) / 2) < 1e-12)
        #expect(abs(r.all.perInstance.vMeasure - (4 * vA + 2) / 6) < 1e-12)
        #expect(abs(r.all.perInstance.pairedFScore - 2.0 / 6) < 1e-12)
        #expect(abs(r.all.perInstance.avg - ((4 * vA + 2) / 6 * (2.0 / 6)).squareRoot()) < 1e-12)
        #expect(r.all.clustersPerLemma == 3)
    }

    @Test func partOfSpeechOfLemmaNames() {
        #expect(SenseInductionSet.partOfSpeech(ofLemma: "access.n") == "n")
        #expect(SenseInductionSet.partOfSpeech(ofLemma: "hard-a") == "a")
        #expect(SenseInductionSet.partOfSpeech(ofLemma: "bank") == nil)
        #expect(SenseInductionSet.partOfSpeech(ofLemma: "bank.") == nil)
        #expect(SenseInductionSet.word(ofLemma: "hard-a") == "hard")
    }
}
