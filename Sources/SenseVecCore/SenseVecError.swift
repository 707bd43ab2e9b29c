/// An error with a one-line, user-readable description. Modules may define their own typed errors;
/// all of them conform to `CustomStringConvertible` so the CLI can print `error: <description>`.
public struct SenseVecError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// The error of a training run whose parameters are no longer finite: how far it got, what showed it, and the
    /// settings to lower with their values (`["--alpha (now 0.5)"]`).
    public static func trainingDiverged(fraction: Double, symptom: String, lower: [String]) -> SenseVecError {
        let done = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        return SenseVecError("training diverged at \(done)% of the run (\(symptom)): the learning rate is too high for these settings; lower \(lower.joined(separator: " or "))")
    }
}
