/// The wording every reader of decimal numbers in text (word2vec text, projector TSV, CSV/TSV matrices) uses for a
/// field whose Float32 value is not finite.
public enum FloatField {
    /// `value 1e300 is out of Float32 range` for a decimal number too large for Float32 (whether or not it fits a
    /// Double), `value nan is not finite` for NaN and infinity written as such. Long fields are shortened.
    public static func nonFiniteMessage(_ field: some StringProtocol) -> String {
        let shown = field.count > 40 ? String(field.prefix(40)) + "…" : String(field)
        let lower = field.lowercased()
        if lower.contains("nan") || lower.contains("inf") { return "value \(shown) is not finite" }
        return "value \(shown) is out of Float32 range"
    }
}
