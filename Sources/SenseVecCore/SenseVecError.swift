/// An error with a one-line, user-readable description. Modules may define their own typed errors;
/// all of them conform to `CustomStringConvertible` so the CLI can print `error: <description>`.
public struct SenseVecError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
