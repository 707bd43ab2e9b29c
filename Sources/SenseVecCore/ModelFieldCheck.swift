/// The check every native model loader applies to the fields it reads: each field with the values it may take,
/// so a file whose checksum is right but whose values are not (miswritten, or crafted with the CRC recomputed)
/// is refused on load with one line naming the file, the model kind and the field, before any query runs on it.
///
/// Used by ``SenseVectors/load(path:)`` (kind `senses`), ``SkipGramSettingsSection`` (the settings of kinds
/// `skipgram` and `subword`, read by ``ModelFile/open(path:limit:)`` and by the trainers' model loaders) and
/// ``NativeModelFile/vocabularySection(path:)``.
public struct ModelFieldCheck: Sendable {
    /// The file, as named in errors.
    public let path: String
    /// The model kind, as named in errors (`senses`, `skip-gram`, …).
    public let kind: String

    public init(path: String, kind: String) {
        self.path = path
        self.kind = kind
    }

    /// `'PATH': invalid KIND model (WHAT)`.
    public func invalid(_ what: String) -> SenseVecError {
        SenseVecError("'\(path)': invalid \(kind) model (\(what))")
    }

    /// Throws ``invalid(_:)`` with `FIELD is VALUE; it must be RULE` unless `ok`.
    public func require(_ ok: Bool, _ field: String, _ value: @autoclosure () -> String, _ rule: String) throws {
        if !ok { throw invalid("\(field) is \(value()); it must be \(rule)") }
    }

    /// An integer field that must lie in `range`.
    @discardableResult
    public func integer<T: BinaryInteger>(_ field: String, _ value: T, in range: ClosedRange<Int>) throws -> Int {
        guard let v = Int(exactly: value), range.contains(v) else {
            throw invalid("\(field) is \(value); it must be in \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    /// A floating-point field that must be finite and satisfy `ok`, described by `rule` (e.g. "> 0"; empty when
    /// any finite value will do).
    @discardableResult
    public func number(_ field: String, _ value: Double, _ rule: String = "", _ ok: (Double) -> Bool = { _ in true }) throws -> Double {
        try require(value.isFinite && ok(value), field, "\(value)", rule.isEmpty ? "finite" : "finite and \(rule)")
        return value
    }

    /// A string field that must be one of `allowed`.
    @discardableResult
    public func oneOf(_ field: String, _ value: String, _ allowed: [String]) throws -> String {
        try require(allowed.contains(value), field, "'\(EscapedText.printable(value))'",
                    "one of " + allowed.map { "'\($0)'" }.joined(separator: ", "))
        return value
    }
}
