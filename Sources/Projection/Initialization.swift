import SenseVecCore

/// Starting positions of a t-SNE map (free functions, as openTSNE's `initialization` module).
public enum Initialization {
    /// The first two principal components, rescaled so the first coordinate has standard deviation `std`
    /// (1e-4, as openTSNE and Kobak & Berens 2019 recommend: a global layout from PCA, small enough that early
    /// exaggeration starts from near-zero gradients of the repulsion).
    public static func pca(_ data: DataMatrix, std: Double = 1e-4, seed: UInt64 = 1, threads: Int = 1) throws -> [Double] {
        guard data.columns >= 2, data.rows >= 2 else { return try random(count: data.rows, std: std, seed: seed) }
        let p = try PCA(data, components: 2, seed: seed, threads: threads)
        return fromScores(p.scores, components: 2, std: std)
    }

    /// The first two columns of PCA `scores` (rows × `components`), scaled as in ``pca(_:std:seed:threads:)``.
    public static func fromScores(_ scores: [Double], components: Int, std: Double = 1e-4) -> [Double] {
        let n = scores.count / components
        var y = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n { y[2 * i] = scores[i * components]; y[2 * i + 1] = components > 1 ? scores[i * components + 1] : 0 }
        var mean = 0.0
        for i in 0..<n { mean += y[2 * i] }
        mean /= Double(n)
        var v = 0.0
        for i in 0..<n { v += (y[2 * i] - mean) * (y[2 * i] - mean) }
        let s = (v / Double(n)).squareRoot()
        let scale = s > 0 ? std / s : 1
        for k in 0..<y.count { y[k] *= scale }
        return y
    }

    /// Independent Gaussian coordinates with standard deviation `std`, from `seed`.
    public static func random(count: Int, std: Double = 1e-4, seed: UInt64 = 1) throws -> [Double] {
        var rng = SenseRandom(seed: seed)
        return (0..<(2 * count)).map { _ in rng.nextGaussian() * std }
    }
}
