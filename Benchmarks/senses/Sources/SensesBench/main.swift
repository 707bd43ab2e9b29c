// senses-bench: pseudo-word quality, throughput and peak memory of multi-sense training on real text.
// Usage: SensesBench pseudowords|throughput|senses|skipgram|batch CORPUS [name=value …]
//   options: tokens=N (corpus prefix in tokens), pairs=20, seed=1, alpha=…, prior=dp|fixed, senses=T,
//            threads=2, epochs=1, dim=100, window=5, warmup=0.2, margin=0.25, probation=400, block=50, rounds=4, scale=1, min-count=5, model=PATH
// Times are CPU seconds (getrusage user+sys) and wall seconds; peak RSS from getrusage ru_maxrss.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SenseVecCore
import Senses
import SkipGram

func cpuSeconds() -> Double {
    var u = rusage(); getrusage(Int32(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6
}
func peakRSSMiB() -> Double { var u = rusage(); getrusage(Int32(RUSAGE_SELF.rawValue), &u); return Double(u.ru_maxrss) / 1024 }
func wall() -> Double { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9 }

let args = CommandLine.arguments
guard args.count >= 3 else {
    print("usage: SensesBench pseudowords|throughput|senses CORPUS [name=value …]"); exit(2)
}
let mode = args[1], path = args[2]
guard access(path, R_OK) == 0 else {
    print("corpus '\(path)' is missing (the real data lives in ../shared/data beside the project root)"); exit(1)
}
let opt: [String: String] = {
    var o: [String: String] = [:]
    for a in CommandLine.arguments.dropFirst(3) { let p = a.split(separator: "=", maxSplits: 1); if p.count == 2 { o[String(p[0])] = String(p[1]) } }
    return o
}()
func int(_ k: String, _ d: Int) -> Int { opt[k].flatMap { Int($0) } ?? d }
func dbl(_ k: String, _ d: Double) -> Double { opt[k].flatMap { Double($0) } ?? d }

var cfg = SenseTrainingConfiguration()
cfg.dimension = int("dim", 100); cfg.window = int("window", 5); cfg.maxSenses = int("senses", 30)
cfg.alpha = dbl("alpha", SenseTrainingConfiguration.defaultAlpha); cfg.threads = int("threads", 2)
cfg.epochs = int("epochs", 1); cfg.seed = UInt64(int("seed", 1)); cfg.warmup = dbl("warmup", cfg.warmup)
cfg.priorKind = SensePrior.Kind(rawValue: opt["prior"] ?? "dp") ?? .dirichletProcess
cfg.sample = dbl("sample", cfg.sample); cfg.learningRate = dbl("lr", cfg.learningRate)
cfg.occurrencesPerSense = int("per-sense", cfg.occurrencesPerSense); cfg.threshold = dbl("threshold", cfg.threshold)
cfg.probation = int("probation", cfg.probation); cfg.splitBlock = int("block", cfg.splitBlock)
cfg.splitRounds = int("rounds", cfg.splitRounds); cfg.splitScale = dbl("scale", cfg.splitScale)
cfg.splitMargin = dbl("margin", cfg.splitMargin)

if mode == "batch" {
    // Batch disambiguation speed: SensesBench batch MODEL word=W contexts=FILE (left<TAB>right lines).
    let model = try SenseVectors.load(path: path)
    let word = opt["word"] ?? "light"
    let text = try String(contentsOfFile: opt["contexts"] ?? "/dev/stdin", encoding: .utf8)
    let lines = text.split(separator: "\n")
    let c0 = cpuSeconds()
    var out = 0
    for line in lines {
        let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
        let left = parts[0].split(separator: " ").map(String.init)
        let right = parts.count > 1 ? parts[1].split(separator: " ").map(String.init) : []
        out &+= model.explain(word: word, left: left, right: right)!.best
    }
    let cpu: Double = cpuSeconds() - c0
    print(String(format: "%d contexts in %.2f CPU-s: %.0f contexts per CPU-second (checksum %d)", lines.count, cpu, Double(lines.count) / cpu, out))
    exit(0)
}
let t0 = wall()
let (vocab0, _) = try Vocabulary.count(Corpus(paths: [path]), minCount: 1)
var encoded = try EncodedCorpus(Corpus(paths: [path]), vocabulary: vocab0)
let limit = int("tokens", 0)
if limit > 0 && limit < encoded.tokens.count { encoded = EncodedCorpus(tokens: Array(encoded.tokens[..<limit])) }
// Recount on the prefix and prune by min-count.
var cnt = [Int](repeating: 0, count: vocab0.count)
for t in encoded.tokens where t >= 0 { cnt[Int(t)] += 1 }
let full = try Vocabulary(words: vocab0.words, counts: cnt)
let vocab = full.pruned(minCount: int("min-count", 5))
var remap = [Int32](repeating: -2, count: vocab0.count)
for i in 0..<vocab0.count { if let j = vocab.index(of: vocab0.words[i]) { remap[i] = Int32(j) } }
let corpus = EncodedCorpus(tokens: encoded.tokens.compactMap { $0 < 0 ? $0 : (remap[Int($0)] >= 0 ? remap[Int($0)] : nil) })
print("corpus: \(corpus.wordCount) tokens, vocabulary \(vocab.count) (read in \(Int(wall() - t0)) s); RSS after reading \(Int(peakRSSMiB())) MiB")
print("settings: margin=\(cfg.splitMargin) probation=\(cfg.probation) scale=\(cfg.splitScale) alpha=\(cfg.alpha) prior=\(cfg.priorKind.rawValue) T=\(cfg.maxSenses) threads=\(cfg.threads) epochs=\(cfg.epochs) warmup=\(cfg.warmup) dim=\(cfg.dimension)")

switch mode {
case "pseudowords":
    var bench = PseudoWordBenchmark(configuration: cfg)
    let pairs = PseudoWordBenchmark.choosePairs(vocabulary: vocab, count: int("pairs", 20), seed: UInt64(int("pair-seed", 7)),
                                                heldOut: bench.heldOutCounts(vocabulary: vocab, corpus: corpus))
    bench.contextWindow = 5
    let c0 = cpuSeconds(), w0 = wall()
    let report = try bench.run(vocabulary: vocab, corpus: corpus, pairs: pairs)
    for s in report.pairs {
        let line = String(format: "%-26@ held-out %5d  senses %2d  used %2d  purity %.3f  ARI %.3f",
                          s.pair.token as NSString, s.heldOutOccurrences, s.senses, s.sensesUsed, s.purity, s.adjustedRandIndex)
        print(line)
    }
    let cpu: Double = cpuSeconds() - c0
    let wps: Double = Double(report.trainedWords) / report.seconds
    let wpc: Double = Double(report.trainedWords) / cpu
    let elapsed: Double = wall() - w0
    print(String(format: "MEAN over %d pairs: purity %.3f  ARI %.3f  senses %.2f;  %.0f words/s wall, %.0f words per CPU-s; train+score %.1f s wall",
                 report.pairs.count, report.meanPurity, report.meanARI, report.meanSenses, wps, wpc, elapsed))
case "throughput", "senses":
    let c0 = cpuSeconds(), w0 = wall()
    nonisolated(unsafe) var evaluated = 0.0
    let model = try SenseTrainer(configuration: cfg).train(vocabulary: vocab, corpus: corpus, progress: { e in
        if e.finished, let v = e.metrics.first(where: { $0.0 == "senses evaluated/occurrence" }) { evaluated = v.1 }
    })
    let cpu = cpuSeconds() - c0, w = wall() - w0
    print(String(format: "senses evaluated per trained occurrence: %.3f", evaluated))
    let words = corpus.wordCount * cfg.epochs
    let wps: Double = Double(words) / w, wpc: Double = Double(words) / cpu
    let rss: Double = peakRSSMiB()
    let spw: Double = model.averageActiveSenses
    print(String(format: "T=%d: %.0f words/s wall, %.0f words per CPU-second, %.1f s wall, peak RSS %.0f MiB, senses/word %.3f, multi-sense words %d",
                 cfg.maxSenses, wps, wpc, w, rss, spw, model.multiSenseWordCount))
    if let m = opt["model"] { try model.save(to: m); print("saved \(m)") }
    if mode == "senses" {
        let multi = model.multiSenseWords
        print("words with several senses (\(multi.count)): \(multi.prefix(200).joined(separator: " "))")
    }
case "skipgram":
    // The SkipGram module's hierarchical-softmax trainer at the same settings (the single-sense reference).
    var sg = SkipGramConfiguration()
    sg.dimension = cfg.dimension; sg.window = cfg.window; sg.outputLayer = .hierarchicalSoftmax
    sg.sample = cfg.sample; sg.epochs = cfg.epochs; sg.threads = cfg.threads; sg.seed = cfg.seed
    sg.minCount = int("min-count", 5)
    let c0 = cpuSeconds(), w0 = wall()
    let model = try SkipGramModel(configuration: sg, vocabulary: vocab)
    let report = try SkipGramTrainer(model: model, corpus: corpus).train()
    let cpu = cpuSeconds() - c0, w = wall() - w0
    let words = corpus.wordCount * cfg.epochs
    print(String(format: "SkipGram HS: %.0f words/s wall, %.0f words per CPU-second, %.1f s wall, peak RSS %.0f MiB (trainer reports %.0f words/s)",
                 Double(words) / w, Double(words) / cpu, w, peakRSSMiB(), report.wordsPerSecond))
default:
    print("unknown mode \(mode)"); exit(2)
}
