import Foundation
import Testing

@Suite struct PlotCLITests {
    @Test func klDemoPrintsBothFits() throws {
        let r = try CLI.run(["kl-demo"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("forward KL(p‖q)") && r.stdout.contains("reverse KL(q‖p)"))
        #expect(r.stdout.contains("moment matching") && r.stdout.contains("mode seeking"))
    }

    @Test func klDemoJSONShowsMomentMatchingAndModeSeeking() throws {
        let r = try CLI.run(["kl-demo", "--json", "--grid-points", "301"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let fits = try #require(object?["fits"] as? [[String: Any]])
        #expect(fits.count == 2)
        let forward = try #require(fits.first { $0["direction"] as? String == "forward" })
        let reverse = try #require(fits.first { $0["direction"] as? String == "reverse" })
        let fm = try #require(forward["mean"] as? Double), rm = try #require(reverse["mean"] as? Double)
        let fs = try #require(forward["sigma"] as? Double), rs = try #require(reverse["sigma"] as? Double)
        #expect(abs(fm) < 0.05 && fs > 2)                 // between the modes at ±2.5, wide
        #expect(abs(rm - 2.5) < 0.05 && abs(rs - 0.7) < 0.05) // on one mode
        let fkl = try #require(forward["forwardKL"] as? Double), rkl = try #require(reverse["forwardKL"] as? Double)
        #expect(fkl < rkl)
        #expect(forward["converged"] as? Bool == true && reverse["converged"] as? Bool == true)
    }

    @Test func klDemoWritesSVGAndPNG() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("kl.svg").path, png = dir.appendingPathComponent("kl.png").path
        let a = try CLI.run(["kl-demo", "--output", svg, "--grid-points", "201"])
        #expect(a.status == 0, "\(a.stderr)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<?xml") && text.contains("</svg>") && text.contains("KL(p‖q)"))
        let b = try CLI.run(["kl-demo", "-o", png, "--grid-points", "201"])
        #expect(b.status == 0, "\(b.stderr)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(bytes.count > 5_000)
    }

    @Test func klDemoTakesOtherMixtures() throws {
        let r = try CLI.run(["kl-demo", "--json", "--means", "-3,1.5", "--sigmas", "0.5,0.8", "--weights", "1,3",
                             "--init-mean", "-2", "--grid-points", "301"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let fits = try #require(object?["fits"] as? [[String: Any]])
        let reverse = try #require(fits.first { $0["direction"] as? String == "reverse" })
        #expect(abs((reverse["mean"] as? Double ?? 0) + 3) < 0.1) // started left, stays on the left mode
        #expect(abs((object?["pMean"] as? Double ?? 0) - 0.375) < 1e-3) // ¼·(−3) + ¾·1.5
    }

    @Test func klDemoRejectsAbsurdSettings() throws {
        for args in [["--sigmas", "0,1"], ["--weights", "0,0"], ["--means", "1,2,3"], ["--grid-points", "2"],
                     ["--init-sigma", "0"], ["--output", "plot.jpg"], ["--weights", "1,x"], ["--iterations", "-1"]] {
            let r = try CLI.run(["kl-demo"] + args)
            #expect(r.status != 0, "accepted \(args)")
            #expect(r.stderr.contains("Error") || r.stderr.contains("error"), "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func klDemoHelpDescribesOptions() throws {
        let r = try CLI.run(["kl-demo", "--help"])
        #expect(r.status == 0)
        for option in ["--output", "--json", "--means", "--sigmas", "--weights", "--grid-points", "--init-mean", "--init-sigma", "--iterations"] {
            #expect(r.stdout.contains(option), "help lacks \(option)")
        }
    }
}
