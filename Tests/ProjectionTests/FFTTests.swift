import Foundation
import Testing
@testable import Projection
import SenseVecCore

@Suite struct FFTTests {
    @Test func matchesNaiveDFT() {
        var rng = SenseRandom(seed: 4)
        for m in [1, 2, 3, 4, 5, 6, 8, 12, 15, 30, 45, 64, 100, 240, 256, 300] {
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
        let m = 60, width = 10
        var re = (0..<(m * width)).map { _ in rng.nextGaussian() }, im = (0..<(m * width)).map { _ in rng.nextGaussian() }
        let fft = FFT(length: m)
        var expected: [(re: [Double], im: [Double])] = []
        for c in 0..<width {
            expected.append(fft.transform(re: (0..<m).map { re[$0 * width + c] }, im: (0..<m).map { im[$0 * width + c] }))
        }
        var sr = [Double](repeating: 0, count: fft.scratchCount(width: width)), si = sr
        re.withUnsafeMutableBufferPointer { r in im.withUnsafeMutableBufferPointer { i in
        sr.withUnsafeMutableBufferPointer { a in si.withUnsafeMutableBufferPointer { b in
            fft.transformRows(re: r.baseAddress!, im: i.baseAddress!, stride: width, columns: 0..<width, inverse: false,
                              scratchRe: a.baseAddress!, scratchIm: b.baseAddress!)
        } } } }
        for c in 0..<width { for k in 0..<m {
            #expect(abs(re[k * width + c] - expected[c].re[k]) < 1e-9)
            #expect(abs(im[k * width + c] - expected[c].im[k]) < 1e-9)
        } }
    }

    @Test func sizesHaveSmallPrimeFactors() {
        #expect(FFT.isSupported(720) && FFT.isSupported(1) && !FFT.isSupported(7) && !FFT.isSupported(0))
        #expect(FFT.goodSize(atLeast: 51, multipleOf: 2) == 54)
        #expect(FFT.goodSize(atLeast: 97, multipleOf: 2) == 100)
        // FIt-SNE's rule: max(50, ⌈extent⌉) boxes, rounded up to an even 5-smooth count; never smaller.
        for extent in stride(from: 0.5, through: 400, by: 3.7) {
            let b = InterpolationRepulsion.boxes(extent: extent, minBoxes: 50, boxesPerUnit: 1)
            #expect(b >= max(50, Int(extent.rounded(.up))) && b % 2 == 0 && FFT.isSupported(6 * b))
            #expect(Double(b) <= 1.15 * Double(max(50, Int(extent.rounded(.up)))))
        }
    }
}
