import Foundation

/// Barnes–Hut repulsion (van der Maaten 2014, "Accelerating t-SNE using tree-based algorithms").
///
/// A quadtree is rebuilt over the map each iteration. For point i, a cell of side s whose centre of mass c is at
/// distance d is used as one body of mass n_cell when s / d < θ:
/// Z += n_cell·w(d²), r_i += n_cell·w(d²)g(d²)(y_i − c); otherwise its children are opened. θ = 0 is exact.
/// Points are traversed in parallel; the tree is read-only during traversal.
final class BarnesHutRepulsion: RepulsionEstimator {
    let kernel: EmbeddingKernel
    let threads: Int
    let theta: Double
    // Node storage (reused between iterations).
    var minX: [Double] = [], minY: [Double] = [], width: [Double] = []
    var comX: [Double] = [], comY: [Double] = [], mass: [Int32] = []
    var firstChild: [Int32] = [], pointStart: [Int32] = [], pointEnd: [Int32] = []
    var perm: [Int32] = []
    var partial: [Double] = []

    init(kernel: EmbeddingKernel, threads: Int, theta: Double) {
        self.kernel = kernel; self.threads = threads; self.theta = theta
    }

    private func build(_ y: UnsafePointer<Double>, count n: Int) {
        minX.removeAll(keepingCapacity: true); minY.removeAll(keepingCapacity: true)
        width.removeAll(keepingCapacity: true); comX.removeAll(keepingCapacity: true)
        comY.removeAll(keepingCapacity: true); mass.removeAll(keepingCapacity: true)
        firstChild.removeAll(keepingCapacity: true); pointStart.removeAll(keepingCapacity: true)
        pointEnd.removeAll(keepingCapacity: true)
        if perm.count != n { perm = (0..<Int32(n)).map { $0 } }
        var lx = Double.infinity, ly = Double.infinity, hx = -Double.infinity, hy = -Double.infinity
        for i in 0..<n { lx = min(lx, y[2 * i]); hx = max(hx, y[2 * i]); ly = min(ly, y[2 * i + 1]); hy = max(hy, y[2 * i + 1]) }
        let w = max(hx - lx, hy - ly) * (1 + 1e-9) + 1e-12
        addNode(lx, ly, w)
        perm.withUnsafeMutableBufferPointer { pm in
            split(0, pm.baseAddress!, 0, n, y, depth: 0)
        }
    }

    private func addNode(_ x: Double, _ yv: Double, _ w: Double) {
        minX.append(x); minY.append(yv); width.append(w)
        comX.append(0); comY.append(0); mass.append(0)
        firstChild.append(-1); pointStart.append(0); pointEnd.append(0)
    }

    private func split(_ node: Int, _ pm: UnsafeMutablePointer<Int32>, _ lo: Int, _ hi: Int,
                       _ y: UnsafePointer<Double>, depth: Int) {
        var cx = 0.0, cy = 0.0
        for k in lo..<hi { let i = Int(pm[k]); cx += y[2 * i]; cy += y[2 * i + 1] }
        let cnt = hi - lo
        comX[node] = cx / Double(cnt); comY[node] = cy / Double(cnt); mass[node] = Int32(cnt)
        pointStart[node] = Int32(lo); pointEnd[node] = Int32(hi)
        if cnt <= 1 || depth >= 48 { return }
        let half = width[node] / 2
        let mx = minX[node] + half, my = minY[node] + half
        // Partition into quadrants: first by x (left/right), then each side by y.
        func partition(_ a: Int, _ b: Int, _ isLow: (Int) -> Bool) -> Int {
            var i = a, j = b - 1
            while i <= j {
                if isLow(Int(pm[i])) { i += 1 } else { let t = pm[i]; pm[i] = pm[j]; pm[j] = t; j -= 1 }
            }
            return i
        }
        let m = partition(lo, hi) { y[2 * $0] < mx }
        let m0 = partition(lo, m) { y[2 * $0 + 1] < my }
        let m1 = partition(m, hi) { y[2 * $0 + 1] < my }
        let first = minX.count
        firstChild[node] = Int32(first)
        addNode(minX[node], minY[node], half)
        addNode(minX[node], my, half)
        addNode(mx, minY[node], half)
        addNode(mx, my, half)
        let ranges = [(lo, m0), (m0, m), (m, m1), (m1, hi)]
        for q in 0..<4 where ranges[q].0 < ranges[q].1 {
            split(first + q, pm, ranges[q].0, ranges[q].1, y, depth: depth + 1)
        }
    }

    func repulsion(_ y: UnsafePointer<Double>, count n: Int, into r: UnsafeMutablePointer<Double>) -> Double {
        build(y, count: n)
        let chunks = max(1, min(n, threads * 16))
        if partial.count != chunks { partial = [Double](repeating: 0, count: chunks) }
        let theta2 = theta * theta
        let kernel = self.kernel
        let ys = SharedPointer(UnsafeMutablePointer(mutating: y)), rs = SharedPointer(r)
        withExtendedLifetime(self) {
            let W = SharedPointer(UnsafeMutablePointer(mutating: width.withUnsafeBufferPointer { $0.baseAddress! }))
            let CX = SharedPointer(UnsafeMutablePointer(mutating: comX.withUnsafeBufferPointer { $0.baseAddress! }))
            let CY = SharedPointer(UnsafeMutablePointer(mutating: comY.withUnsafeBufferPointer { $0.baseAddress! }))
            let M = SharedPointer(UnsafeMutablePointer(mutating: mass.withUnsafeBufferPointer { $0.baseAddress! }))
            let FC = SharedPointer(UnsafeMutablePointer(mutating: firstChild.withUnsafeBufferPointer { $0.baseAddress! }))
            let PS = SharedPointer(UnsafeMutablePointer(mutating: pointStart.withUnsafeBufferPointer { $0.baseAddress! }))
            let PE = SharedPointer(UnsafeMutablePointer(mutating: pointEnd.withUnsafeBufferPointer { $0.baseAddress! }))
            let PM = SharedPointer(UnsafeMutablePointer(mutating: perm.withUnsafeBufferPointer { $0.baseAddress! }))
            let part = SharedPointer(partial.withUnsafeMutableBufferPointer { $0.baseAddress! })
            let run: @Sendable (Int) -> Void = { c in
                let lo = n * c / chunks, hi = n * (c + 1) / chunks
                var stack = [Int32](repeating: 0, count: 4 * 64 + 8)
                var z = 0.0
                let cauchy = kernel.isCauchy
                stack.withUnsafeMutableBufferPointer { sp in
                    let st = sp.baseAddress!
                    for i in lo..<hi {
                        let xi = ys[2 * i], yi = ys[2 * i + 1]
                        var fx = 0.0, fy = 0.0
                        var top = 0
                        st[0] = 0; top = 1
                        while top > 0 {
                            top -= 1
                            let node = Int(st[top])
                            let cnt = M[node]
                            if cnt == 0 { continue }
                            let fc = FC[node]
                            if fc < 0 {
                                // Leaf: its points one by one (several only when they coincide).
                                for k in Int(PS[node])..<Int(PE[node]) {
                                    let j = Int(PM[k])
                                    if j == i { continue }
                                    let dx = xi - ys[2 * j], dy = yi - ys[2 * j + 1]
                                    let d2 = dx * dx + dy * dy
                                    let w = cauchy ? 1 / (1 + d2) : kernel.weight(d2)
                                    let f = cauchy ? w * w : w * kernel.g(d2)
                                    z += w; fx += f * dx; fy += f * dy
                                }
                                continue
                            }
                            let dx = xi - CX[node], dy = yi - CY[node]
                            let d2 = dx * dx + dy * dy
                            let s = W[node]
                            if s * s < theta2 * d2 {
                                let m = Double(cnt)
                                let w = cauchy ? 1 / (1 + d2) : kernel.weight(d2)
                                let f = cauchy ? w * w : w * kernel.g(d2)
                                z += m * w; fx += m * f * dx; fy += m * f * dy
                            } else {
                                st[top] = fc; st[top + 1] = fc + 1; st[top + 2] = fc + 2; st[top + 3] = fc + 3
                                top += 4
                            }
                        }
                        rs[2 * i] = fx; rs[2 * i + 1] = fy
                    }
                }
                part[c] = z
            }
            if threads <= 1 { for c in 0..<chunks { run(c) } }
            else { DispatchQueue.concurrentPerform(iterations: chunks, execute: run) }
        }
        return partial.reduce(0, +)
    }
}
