import Foundation
import SenseVecCore

/// Renders library ``ProgressEvent``s as a one-line bar on stderr (redrawn at most 10 times a second).
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw: Double = 0
    private let quiet: Bool
    private let isTTY = isatty(2) != 0

    init(quiet: Bool) { self.quiet = quiet }

    var handler: ProgressHandler { { [self] event in self.render(event) } }

    func render(_ event: ProgressEvent) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date().timeIntervalSince1970
        if !event.finished && now - lastDraw < (isTTY ? 0.1 : 2.0) { return }
        lastDraw = now
        var line = event.stage
        if let f = event.fraction {
            let width = 24
            let filled = max(0, min(width, Int(f * Double(width))))
            line += " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
            line += String(format: " %5.1f%%", f * 100)
        }
        for (name, value) in event.metrics {
            line += "  \(name) " + Self.format(value)
        }
        if !event.message.isEmpty { line += "  " + event.message }
        let text = isTTY ? "\r\u{1B}[K" + line + (event.finished ? "\n" : "") : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
        if abs(v) >= 1000 { return String(format: "%.0f", v) }
        if abs(v) >= 1 { return String(format: "%.3f", v) }
        return String(format: "%.4g", v)
    }
}
