#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only pointers to the flat arrays of a ``SenseVecCore/HuffmanTree`` (word w's path is
/// `offsets[w] ..< offsets[w+1]` in `codes` and `points`). The owner keeps the arrays alive.
public struct HuffmanPaths: @unchecked Sendable {
    public let codes: UnsafePointer<UInt8>
    public let points: UnsafePointer<Int32>
    public let offsets: UnsafePointer<Int>
    public init(codes: UnsafePointer<UInt8>, points: UnsafePointer<Int32>, offsets: UnsafePointer<Int>) {
        self.codes = codes; self.points = points; self.offsets = offsets
    }
}

/// The E-step of Adaptive Skip-gram: the posterior over the senses of word x given its context Y,
///
///     q(z = k | x, Y) ∝ exp( E[log π_k] + Σ_{y∈Y} log p(y | k, x) ),
///
/// with log p(y | k, x) the hierarchical-softmax path likelihood (``SenseKernels/pathLogLikelihood``).
/// This one function is used by training (every occurrence), by disambiguation and by the explanation of a
/// disambiguation (each context word's term per sense), so queries see exactly the model that was trained.
public enum SensePosterior {
    /// Computes the posterior over `m` senses.
    ///
    /// - Parameters:
    ///   - rows: pointers to the m sense vectors.
    ///   - logPrior: E[log π_k] per sense; a sense whose log prior is −∞ is skipped (posterior 0, likelihood −∞).
    ///   - context: the context word ids (`contextCount` of them).
    ///   - logLikelihood: receives Σ_y log p(y | k, x) per sense.
    ///   - posterior: receives q(k).
    ///   - contributions: if given, receives log p(y_i | k, x) at `[k * contextCount + i]`.
    /// - Returns: the log evidence log Σ_k exp(E[log π_k] + Σ_y log p(y | k, x)).
    @inlinable
    @discardableResult
    public static func compute(rows: UnsafePointer<UnsafePointer<Float>>, count m: Int, logPrior: UnsafePointer<Double>,
                               output: UnsafePointer<Float>, dimension d: Int, paths: HuffmanPaths,
                               context: UnsafePointer<Int32>, contextCount: Int,
                               logLikelihood: UnsafeMutablePointer<Double>, posterior: UnsafeMutablePointer<Double>,
                               contributions: UnsafeMutablePointer<Double>? = nil) -> Double {
        for k in 0..<m {
            guard logPrior[k] > -.infinity else {
                logLikelihood[k] = -.infinity
                if let contributions { for i in 0..<contextCount { contributions[k * contextCount + i] = -.infinity } }
                continue
            }
            var total = 0.0
            for i in 0..<contextCount {
                let y = Int(context[i])
                let start = paths.offsets[y], length = paths.offsets[y + 1] - start
                let ll = Double(SenseKernels.pathLogLikelihood(rows[k], output: output, dimension: d,
                                                                points: paths.points + start, codes: paths.codes + start,
                                                                length: length))
                contributions?[k * contextCount + i] = ll
                total += ll
            }
            logLikelihood[k] = total
        }
        return normalize(logLikelihood: logLikelihood, logPrior: logPrior, count: m, posterior: posterior)
    }

    /// The posterior from per-sense log-likelihoods: q(k) = exp(E[log π_k] + L_k − log Z); returns log Z (the log
    /// evidence). Shared by ``compute(rows:count:logPrior:output:dimension:paths:context:contextCount:logLikelihood:posterior:contributions:)``
    /// (one path at a time: queries) and the trainer's window-batched E-step (``SenseKernels/windowLogLikelihoods``).
    @inlinable
    @discardableResult
    public static func normalize(logLikelihood: UnsafePointer<Double>, logPrior: UnsafePointer<Double>, count m: Int,
                                 posterior: UnsafeMutablePointer<Double>) -> Double {
        var best = -Double.infinity
        for k in 0..<m where logPrior[k] > -.infinity && logLikelihood[k] > -.infinity {
            best = max(best, logLikelihood[k] + logPrior[k])
        }
        guard best > -.infinity else {
            for k in 0..<m { posterior[k] = 0 }
            return -.infinity
        }
        var sum = 0.0
        for k in 0..<m {
            let e = logLikelihood[k] > -.infinity && logPrior[k] > -.infinity ? exp(logLikelihood[k] + logPrior[k] - best) : 0
            posterior[k] = e
            sum += e
        }
        for k in 0..<m { posterior[k] /= sum }
        return best + log(sum)
    }
}
