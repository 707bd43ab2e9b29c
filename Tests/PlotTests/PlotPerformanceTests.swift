import Foundation
import Testing
@testable import Plot

/// Rendering cost of a Fashion-MNIST-sized map (70,000 points, 10 classes, 60 labels). Runs only with
/// SENSEVEC_SLOW_TESTS=1 and prints CPU seconds (getrusage user+sys); it asserts nothing about time.
@Suite struct PlotPerformanceTests {
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    @Test func seventyThousandPoints() throws {
        guard ProcessInfo.processInfo.environment["SENSEVEC_SLOW_TESTS"] == "1" else { return }
        var rng = SplitMix(seed: 3)
        let n = 70_000
        var points: [(x: Double, y: Double)] = [], classes: [Int] = []
        points.reserveCapacity(n)
        for i in 0..<n {
            let c = i % 10
            let angle = Double(c) / 10 * 2 * Double.pi
            points.append((40 * cos(angle) + 6 * rng.gaussian(), 40 * sin(angle) + 6 * rng.gaussian()))
            classes.append(c)
        }
        let plot = ScatterPlot(points: points, labels: (0..<n).map { "item\($0)" }, classes: classes,
                               title: "70,000 points")
        var t = Self.cpuSeconds()
        let layout = plot.layout(width: 1200, height: 1200)
        let tLayout = Self.cpuSeconds() - t
        t = Self.cpuSeconds()
        let svg = plot.svg()
        let tSVG = Self.cpuSeconds() - t
        t = Self.cpuSeconds()
        let png = try plot.png()
        let tPNG = Self.cpuSeconds() - t
        print("plot 70k points: layout \(tLayout) s, SVG \(tSVG) s (\(svg.utf8.count) bytes), PNG \(tPNG) s (\(png.count) bytes), labels placed \(layout.labels.count)")
        if let dir = ProcessInfo.processInfo.environment["SENSEVEC_PLOT_SAMPLES"] {
            try AtomicFileBridge.write(png, to: dir + "/seventy-thousand.png")
        }
        #expect(try decodePNG(png).width == 1200)
    }
}

enum AtomicFileBridge {
    static func write(_ bytes: [UInt8], to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
}
