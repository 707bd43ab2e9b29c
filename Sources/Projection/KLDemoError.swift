/// A one-line, user-readable error from the KL demo.
public struct KLDemoError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
