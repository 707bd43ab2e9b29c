/// Correlation coefficients used to compare model similarities with human judgements.
public enum RankCorrelation {
    /// Ranks 1…n of `values` in ascending order; tied values share the average of the ranks they span
    /// (the "fractional ranking" used by Spearman's ρ with ties, scipy's `rankdata(method='average')`).
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            // positions i...j (0-based) hold ranks i+1 ... j+1; their average is (i + j) / 2 + 1
            let r = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = r }
            i = j + 1
        }
        return ranks
    }

    /// Pearson's correlation `cov(x, y) / (σx σy)`, computed in Double with centred sums.
    /// Returns nil when there are fewer than two pairs or one of the series is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "series of different lengths")
        let n = x.count
        guard n >= 2 else { return nil }
        let mx = x.reduce(0, +) / Double(n), my = y.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx.squareRoot() * syy.squareRoot())
    }

    /// Spearman's ρ: Pearson's correlation of the average ranks (exact with ties, unlike the
    /// `1 − 6Σd²/(n(n²−1))` shortcut). Returns nil when undefined (fewer than two pairs, or constant ranks).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "series of different lengths")
        return pearson(averageRanks(x), averageRanks(y))
    }
}
