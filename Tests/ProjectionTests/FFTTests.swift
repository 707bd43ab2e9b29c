import Foundation
import Testing
@testable import Projection
import SenseVecCore

@Suite struct FFTTests {
    @Test func matchesNaiveDFT() {
        var rng = SenseRandom(seed: 4)
        for m in [1, 2, 8, 64, 256] {
            let re = (0..<m).map { _ in rng.nextGaussian() }, im = (0..<m).map { _ in rng.nextGaussian() }
            let fft = FFT(length: m)
            let (fr, fi) = fft.transform(re: re, im: im)
            for k in 0..<m {
                var sr = 0.0, si = 0.0
                for j in 0..<m {
                    let a = -2 * Double.pi * Double(j * k % m) / Double(m)
                    sr += re[j] * cos(a) - im[j] * sin(a)
                    si += re[j] * sin(a) + im[j] * cos(a)
                }
                #expect(abs(sr - fr[k]) < 1e-9 * Double(m) && abs(si - fi[k]) < 1e-9 * Double(m))
            }
            let (br, bi) = fft.transform(re: fr, im: fi, inverse: true)
            for j in 0..<m { #expect(abs(br[j] - re[j]) < 1e-10 && abs(bi[j] - im[j]) < 1e-10) }
        }
    }

    @Test func rowTransformMatchesColumnByColumn() {
        // Transforming several columns at once (SIMD across the row) equals transforming each alone.
        var rng = SenseRandom(seed: 9)
        let m = 32, width = 11
        var re = (0..<(m * width)).map { _ in rng.nextGaussian() }, im = (0..<(m * width)).map { _ in rng.nextGaussian() }
        let fft = FFT(length: m)
        var expected: [(re: [Double], im: [Double])] = []
        for c in 0..<width {
            expected.append(fft.transform(re: (0..<m).map { re[$0 * width + c] }, im: (0..<m).map { im[$0 * width + c] }))
        }
        re.withUnsafeMutableBufferPointer { r in im.withUnsafeMutableBufferPointer { i in
            fft.transformRows(re: r.baseAddress!, im: i.baseAddress!, stride: width, columns: 0..<width, inverse: false)
        } }
        for c in 0..<width { for k in 0..<m {
            #expect(abs(re[k * width + c] - expected[c].re[k]) < 1e-9)
            #expect(abs(im[k * width + c] - expected[c].im[k]) < 1e-9)
        } }
    }
}
