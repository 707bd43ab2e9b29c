extension ScatterPlot {
    /// The conventional title of a map, e.g. `"t-SNE of 5,000 words — perplexity 30, KL 1.23"`.
    /// `perplexity` and `kl` are left out when nil; KL is shown with three significant decimals.
    public static func mapTitle(method: String, count: Int, noun: String = "points", perplexity: Double? = nil,
                                kl: Double? = nil) -> String {
        var title = "\(method) of \(groupedThousands(count)) \(noun)"
        var details: [String] = []
        if let perplexity, perplexity.isFinite {
            details.append("perplexity " + (perplexity == perplexity.rounded() ? String(Int(perplexity))
                                                                                 : SVGRenderer.number(perplexity)))
        }
        if let kl, kl.isFinite { details.append("KL " + NiceTicks.label(kl, decimals: kl < 10 ? 2 : 1)) }
        if !details.isEmpty { title += " \u{2014} " + details.joined(separator: ", ") }
        return title
    }

    /// `n` with commas between groups of three digits ("70,000").
    public static func groupedThousands(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
