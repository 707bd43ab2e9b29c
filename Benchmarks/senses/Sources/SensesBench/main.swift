// senses-bench: pseudo-word quality, throughput and peak memory of multi-sense training on real text.
// Usage: SensesBench pseudowords|throughput|senses|skipgram|batch CORPUS [name=value …]
//   options: tokens=N (corpus prefix in tokens), pairs=20, seed=1, alpha=…, prior=dp|fixed, senses=T,
//            threads=2, epochs=1, dim=100, window=5, kind=any|nouns (pseudowords: pair words), warmup=0.2, margin=0.15, min-count=5, model=PATH
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

/// The oracle split of each pair: a one-sense model trained on the unmerged training text of `bench`'s split,
/// each held-out occurrence given to the pair word whose vector explains its context better (the E-step's
/// likelihood with the two words' frequencies as prior). What the model's likelihood can do if training finds
/// the right split. Occurrences are visited in the order of `PseudoWordBenchmark.run`.
func oracleSplit(_ bench: PseudoWordBenchmark, vocabulary: Vocabulary, corpus: EncodedCorpus,
                 pairs: [PseudoWordBenchmark.Pair]) throws -> [ClusteringMetrics] {
    let parts = try bench.split(vocabulary: vocabulary, corpus: corpus, pairs: pairs, keepTrainOriginal: true)
    var c = bench.configuration
    c.maxSenses = 1
    let model = try SenseTrainer(configuration: c).train(vocabulary: vocabulary, corpus: EncodedCorpus(tokens: parts.trainOriginal))
    var labels = [[Int]](repeating: [], count: pairs.count), chosen = [[Int]](repeating: [], count: pairs.count)
    for i in 0..<parts.heldOut.count {
        let t = parts.original[i]
        guard t >= 0, let pl = parts.pairOf[Int(t)] else { continue }
        let p = pairs[pl.pair]
        let ctx = PseudoWordBenchmark.context(of: i, in: parts.original, window: bench.contextWindow)
        let scores = [p.first, p.second].map { w -> Double in
            let e = model.explain(index: model.index(of: w)!, context: ctx)
            return log(Double(vocabulary.counts[vocabulary.index(of: w)!])) + e.contributions[0].reduce(0, +)
        }
        labels[pl.pair].append(pl.label)
        chosen[pl.pair].append(scores[0] >= scores[1] ? 0 : 1)
    }
    return (0..<pairs.count).map { ClusteringMetrics(induced: chosen[$0], gold: labels[$0]) }
}

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
print("settings: margin=\(cfg.splitMargin) alpha=\(cfg.alpha) prior=\(cfg.priorKind.rawValue) T=\(cfg.maxSenses) threads=\(cfg.threads) epochs=\(cfg.epochs) warmup=\(cfg.warmup) dim=\(cfg.dimension)")

switch mode {
case "pseudowords":
    var bench = PseudoWordBenchmark(configuration: cfg)
    let pairs = PseudoWordBenchmark.choosePairs(vocabulary: vocab, count: int("pairs", 20), seed: UInt64(int("pair-seed", 7)),
                                                minCount: int("pair-min", 300),
                                                heldOut: bench.heldOutCounts(vocabulary: vocab, corpus: corpus),
                                                eligible: opt["kind"] == "nouns" ? PseudoWordBenchmark.nounLike(vocabulary: vocab, corpus: corpus) : nil)
    print("pairs (\(opt["kind"] ?? "any")): " + pairs.map(\.token).joined(separator: " "))
    bench.contextWindow = 5
    bench.supervisedCeiling = int("ceiling", 1) != 0
    let c0 = cpuSeconds(), w0 = wall()
    let report = try bench.run(vocabulary: vocab, corpus: corpus, pairs: pairs)
    let oracle = int("oracle", 0) != 0 ? try oracleSplit(bench, vocabulary: vocab, corpus: corpus, pairs: pairs) : nil
    for (pi, s) in report.pairs.enumerated() {
        var line = String(format: "%-26@ held-out %5d  senses %2d  used %2d  purity %.3f  ARI %.3f",
                          s.pair.token as NSString, s.heldOutOccurrences, s.senses, s.sensesUsed, s.purity, s.adjustedRandIndex)
        if let cp = s.ceilingPurity, let ca = s.ceilingARI { line += String(format: "  ceiling %.3f %.3f", cp, ca) }
        if let o = oracle?[pi] { line += String(format: "  oracle %.3f %.3f", o.purity, o.adjustedRandIndex) }
        print(line)
    }
    let cpu: Double = cpuSeconds() - c0
    let wps: Double = Double(report.trainedWords) / report.seconds
    let wpc: Double = Double(report.trainedWords) / cpu
    let elapsed: Double = wall() - w0
    print(String(format: "MEAN over %d pairs: purity %.3f  ARI %.3f  senses %.2f;  %.0f words/s wall, %.0f words per CPU-s; train+score %.1f s wall",
                 report.pairs.count, report.meanPurity, report.meanARI, report.meanSenses, wps, wpc, elapsed))
    if let cp = report.meanCeilingPurity, let ca = report.meanCeilingARI {
        print(String(format: "supervised ceiling (logistic regression, ±5 words, uses the labels): purity %.3f  ARI %.3f", cp, ca))
    }
    if let oracle, !oracle.isEmpty {
        let op = oracle.reduce(0) { $0 + $1.purity } / Double(oracle.count)
        let oa = oracle.reduce(0) { $0 + $1.adjustedRandIndex } / Double(oracle.count)
        print(String(format: "oracle split (one-sense model on the unmerged text, E-step likelihood): purity %.3f  ARI %.3f", op, oa))
    }
case "splitdiag":
    // How well could a split test's initial direction separate the two words of each pseudo-word? A one-sense
    // model is trained on the merged text (the state at the end of the warm-up); each training occurrence of a
    // pair gives a context vector (mean input vector of its ±5 words) and a gradient (of Σ_y log p(y | v_x)); both
    // are split by the top principal direction, by 2-means and by the class-mean direction (uses the labels).
    let bench = PseudoWordBenchmark(configuration: cfg)
    let pairs = PseudoWordBenchmark.choosePairs(vocabulary: vocab, count: int("pairs", 20), seed: UInt64(int("pair-seed", 7)),
                                                minCount: int("pair-min", 300),
                                                heldOut: bench.heldOutCounts(vocabulary: vocab, corpus: corpus))
    let parts = try bench.split(vocabulary: vocab, corpus: corpus, pairs: pairs)
    var c1 = cfg; c1.maxSenses = 1; c1.epochs = int("diag-epochs", 1)
    let model = try SenseTrainer(configuration: c1).train(vocabulary: parts.merged, corpus: EncodedCorpus(tokens: parts.train))
    let d = model.dimension
    func ari(_ labels: [Int], _ clusters: [Int]) -> Double { ClusteringMetrics(induced: clusters, gold: labels).adjustedRandIndex }
    func centered(_ xs: [[Float]]) -> [[Float]] {
        var mean = [Float](repeating: 0, count: d)
        for x in xs { for j in 0..<d { mean[j] += x[j] / Float(xs.count) } }
        return xs.map { x in (0..<d).map { x[$0] - mean[$0] } }
    }
    func dot(_ a: [Float], _ b: [Float]) -> Float { var s: Float = 0; for j in 0..<a.count { s += a[j] * b[j] }; return s }
    func pcaSplit(_ xs: [[Float]]) -> [Int] {
        let c = centered(xs)
        var w = (0..<d).map { Float(sin(Double($0) + 1)) }
        for _ in 0..<50 {
            var next = [Float](repeating: 0, count: d)
            for x in c { let p = dot(x, w); for j in 0..<d { next[j] += p * x[j] } }
            let n = dot(next, next).squareRoot(); w = next.map { $0 / n }
        }
        return c.map { dot($0, w) > 0 ? 1 : 0 }
    }
    func twoMeans(_ xs: [[Float]], restarts: Int = 5) -> [Int] {
        var rng = SenseRandom(seed: 11)
        var best: (ss: Float, labels: [Int]) = (.infinity, [])
        for _ in 0..<restarts {
            var m0 = xs[rng.nextInt(below: xs.count)], m1 = xs[rng.nextInt(below: xs.count)]
            var labels = [Int](repeating: 0, count: xs.count)
            for _ in 0..<30 {
                for (i, x) in xs.enumerated() {
                    var d0: Float = 0, d1: Float = 0
                    for j in 0..<d { d0 += (x[j] - m0[j]) * (x[j] - m0[j]); d1 += (x[j] - m1[j]) * (x[j] - m1[j]) }
                    labels[i] = d1 < d0 ? 1 : 0
                }
                var s0 = [Float](repeating: 0, count: d), s1 = [Float](repeating: 0, count: d), n0 = 0, n1 = 0
                for (i, x) in xs.enumerated() { if labels[i] == 0 { n0 += 1; for j in 0..<d { s0[j] += x[j] } } else { n1 += 1; for j in 0..<d { s1[j] += x[j] } } }
                if n0 == 0 || n1 == 0 { break }
                m0 = s0.map { $0 / Float(n0) }; m1 = s1.map { $0 / Float(n1) }
            }
            var ss: Float = 0
            for (i, x) in xs.enumerated() { let m = labels[i] == 0 ? m0 : m1; for j in 0..<d { ss += (x[j] - m[j]) * (x[j] - m[j]) } }
            if ss < best.ss { best = (ss, labels) }
        }
        return best.labels
    }
    func meanDirectionSplit(_ xs: [[Float]], _ labels: [Int]) -> [Int] {
        var m0 = [Float](repeating: 0, count: d), m1 = [Float](repeating: 0, count: d)
        let n1 = Float(labels.reduce(0, +)), n0 = Float(labels.count) - n1
        for (i, x) in xs.enumerated() { for j in 0..<d { if labels[i] == 0 { m0[j] += x[j] / n0 } else { m1[j] += x[j] / n1 } } }
        let w = (0..<d).map { m1[$0] - m0[$0] }
        let threshold = (dot(m0, w) + dot(m1, w)) / 2
        return xs.map { dot($0, w) > threshold ? 1 : 0 }
    }
    let total = Double(parts.merged.counts.reduce(0, +))
    let sifA = dbl("sif", 1e-3)
    let norms: [Float] = (0..<model.count).map { y in
        let row = model.senseOffsets[y] * d
        var s: Float = 0; for j in 0..<d { s += model.senseValues[row + j] * model.senseValues[row + j] }
        return max(1e-6, s.squareRoot())
    }
    // Feature variants: (name, weight of context word y, normalize rows)
    let variants: [(String, (Int) -> Float, Bool)] = [
        ("mean", { _ in 1 }, false),
        ("unit", { _ in 1 }, true),
        ("sif", { y in Float(sifA / (sifA + Double(parts.merged.counts[y]) / total)) }, false),
        ("sif+unit", { y in Float(sifA / (sifA + Double(parts.merged.counts[y]) / total)) }, true),
        ("keep", { y in let f = Double(parts.merged.counts[y]), t = cfg.sample * total; return Float(min(1, ((f / t).squareRoot() + 1) * t / f)) }, false),
    ]
    var sums = [Double](repeating: 0, count: variants.count * 3)
    var emSums = [Double](repeating: 0, count: 4)
    for (pi, p) in pairs.enumerated() {
        let x = model.index(of: p.token)!
        let vx = Array(model.senseValues[(model.senseOffsets[x] * d) ..< (model.senseOffsets[x] * d + d)])
        var pmiCache: [Int: Float] = [:]
        func pmi(_ y: Int) -> Float {
            if let c = pmiCache[y] { return c }
            var ll: Float = 0
            for k in model.tree.offsets[y] ..< model.tree.offsets[y + 1] {
                let node = Int(model.tree.points[k]) * d
                var f: Float = 0
                for j in 0..<d { f += model.outputValues[node + j] * vx[j] }
                let sgn: Float = model.tree.codes[k] == 0 ? 1 : -1
                ll += -log(1 + exp(-sgn * f))
            }
            let r = max(0, ll - Float(log(Double(parts.merged.counts[y]) / total)))
            pmiCache[y] = r
            return r
        }
        let variants = variants + [("pmi", { y in pmi(y) }, false), ("pmi+unit", { y in pmi(y) }, true),
                                   ("pmi2", { y in pmi(y) * pmi(y) }, false)]
        if sums.count < variants.count * 3 { sums += [Double](repeating: 0, count: variants.count * 3 - sums.count) }
        var feats = [[[Float]]](repeating: [], count: variants.count), labels: [Int] = []
        for i in 0..<parts.train.count where parts.trainOriginal[i] >= 0 {
            guard let pl = parts.pairOf[Int(parts.trainOriginal[i])], pl.pair == pi else { continue }
            let ctx = PseudoWordBenchmark.context(of: i, in: parts.train, window: 5)
            guard !ctx.isEmpty else { continue }
            for (vi, variant) in variants.enumerated() {
                var cv = [Float](repeating: 0, count: d)
                var wsum: Float = 0
                for y in ctx {
                    let row = model.senseOffsets[Int(y)] * d
                    let w = variant.1(Int(y)) / (variant.2 ? norms[Int(y)] : 1)
                    wsum += variant.1(Int(y))
                    for j in 0..<d { cv[j] += w * model.senseValues[row + j] }
                }
                feats[vi].append(cv.map { $0 / max(wsum, 1e-6) })
            }
            labels.append(pl.label)
            if labels.count >= 2000 { break }
        }
        var line = String(format: "%-26@ n %5d ", p.token as NSString, labels.count)
        for (vi, variant) in variants.enumerated() {
            let r = [ari(labels, pcaSplit(feats[vi])), ari(labels, twoMeans(feats[vi])), ari(labels, meanDirectionSplit(feats[vi], labels))]
            for k in 0..<3 { sums[vi * 3 + k] += r[k] }
            line += String(format: " %@ %.2f/%.2f/%.2f", variant.0, r[0], r[1], r[2])
        }
        print(line)
        if int("em", 0) != 0 {
            // Batch EM of two sense vectors over the stored contexts (output vectors fixed), from several initial
            // partitions; reports each run's final ARI and mean log evidence per occurrence.
            // Context words with weights by distance (option emw: flat, lin, near2, inv).
            var ctxs: [[Int32]] = [], wts: [[Float]] = []
            let scheme = opt["emw"] ?? "flat"
            func weight(_ dist: Int) -> Float {
                switch scheme {
                case "lin": return Float(6 - dist) / 5
                case "near2": return dist <= 2 ? 1 : 0
                case "inv": return 1 / Float(dist)
                default: return 1
                }
            }
            for i in 0..<parts.train.count where parts.trainOriginal[i] >= 0 {
                guard let pl = parts.pairOf[Int(parts.trainOriginal[i])], pl.pair == pi else { continue }
                var ctx: [Int32] = [], wt: [Float] = []
                var j = i - 1
                while j >= 0 && i - j <= 5 && parts.train[j] >= 0 { ctx.append(parts.train[j]); wt.append(weight(i - j)); j -= 1 }
                j = i + 1
                while j < parts.train.count && j - i <= 5 && parts.train[j] >= 0 { ctx.append(parts.train[j]); wt.append(weight(j - i)); j += 1 }
                guard !ctx.isEmpty else { continue }
                ctxs.append(ctx); wts.append(wt)
                if ctxs.count >= labels.count { break }
            }
            var currentWeights: [Float] = []
            func ll(_ v: [Float], _ ctx: [Int32]) -> Float {
                var s: Float = 0
                for (ci, y) in ctx.enumerated() { let cw = currentWeights[ci]; if cw == 0 { continue }; for k in model.tree.offsets[Int(y)] ..< model.tree.offsets[Int(y) + 1] {
                    let node = Int(model.tree.points[k]) * d
                    var f: Float = 0
                    for j in 0..<d { f += model.outputValues[node + j] * v[j] }
                    let sgn: Float = model.tree.codes[k] == 0 ? 1 : -1
                    s += cw * -log(1 + exp(-sgn * f))
                } }
                return s
            }
            func step(_ v: inout [Float], _ ctx: [Int32], _ rate: Float) {
                var acc = [Float](repeating: 0, count: d)
                for (ci, y) in ctx.enumerated() { let cw = currentWeights[ci]; if cw == 0 { continue }; for k in model.tree.offsets[Int(y)] ..< model.tree.offsets[Int(y) + 1] {
                    let node = Int(model.tree.points[k]) * d
                    var f: Float = 0
                    for j in 0..<d { f += model.outputValues[node + j] * v[j] }
                    let g = cw * (1 - Float(model.tree.codes[k]) - 1 / (1 + exp(-f)))
                    for j in 0..<d { acc[j] += g * model.outputValues[node + j] }
                } }
                for j in 0..<d { v[j] += rate * acc[j] }
            }
            func em(_ initial: [Int], rounds: Int) -> (ari: Double, evidence: Double) {
                var q = initial.map { $0 == 0 ? [Float(1), 0] : [Float(0), 1] }
                var vs = [vx, vx]
                var evidence = 0.0
                var assign = initial
                for round in 0..<rounds {
                    let rate = Float(0.025 * (1 - Double(round) / Double(rounds + 1)))
                    for (o, ctx) in ctxs.enumerated() { currentWeights = wts[o]; for k in 0..<2 where q[o][k] > 1e-3 { step(&vs[k], ctx, rate * q[o][k]) } }
                    let n1 = q.reduce(Float(0)) { $0 + $1[1] }, n0 = Float(q.count) - n1
                    let lp = [log(max(n0, 1) / Float(q.count)), log(max(n1, 1) / Float(q.count))]
                    evidence = 0
                    for (o, ctx) in ctxs.enumerated() {
                        currentWeights = wts[o]
                        let a = lp[0] + ll(vs[0], ctx), b = lp[1] + ll(vs[1], ctx)
                        let m = max(a, b)
                        let za = exp(a - m), zb = exp(b - m)
                        q[o] = [za / (za + zb), zb / (za + zb)]
                        evidence += Double(m + log(za + zb))
                        assign[o] = b > a ? 1 : 0
                    }
                }
                return (ari(labels, assign), evidence / Double(ctxs.count))
            }
            let rounds = int("em-rounds", 8)
            var rng = SenseRandom(seed: 5)
            let inits: [(String, [Int])] = [("pca", pcaSplit(feats[0])), ("2means", twoMeans(feats[0])),
                                             ("random", labels.map { _ in rng.nextInt(below: 2) }), ("oracle", labels)]
            var emLine = "      EM:"
            for (ii, (name, initial)) in inits.enumerated() {
                let r = em(initial, rounds: rounds)
                emSums[ii] += r.ari
                emLine += String(format: "  %@ ARI %.3f ev %.3f", name, r.ari, r.evidence)
            }
            print(emLine)
        }
    }
    let n = Double(pairs.count)
    var line = "MEAN ARI (pca / 2-means / class-means):"
    for (vi, variant) in (variants + [("pmi", { _ in 0 }, false), ("pmi+unit", { _ in 0 }, true), ("pmi2", { _ in 0 }, false)]).enumerated() {
        line += String(format: "  %@ %.3f/%.3f/%.3f", variant.0, sums[vi * 3] / n, sums[vi * 3 + 1] / n, sums[vi * 3 + 2] / n)
    }
    print(line)
    if int("em", 0) != 0 {
        print(String(format: "MEAN EM ARI (weights %@): pca %.3f  2means %.3f  random %.3f  oracle %.3f", (opt["emw"] ?? "flat") as NSString,
                     emSums[0] / n, emSums[1] / n, emSums[2] / n, emSums[3] / n))
    }
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
