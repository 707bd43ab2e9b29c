import Testing
@testable import SenseVecCore

@Suite struct HuffmanTreeTests {
    @Test func codesArePrefixFreeAndFrequentWordsAreShort() {
        let counts = [100, 50, 20, 20, 5, 3, 1, 1]
        let tree = HuffmanTree(counts: counts)
        #expect(tree.count == counts.count)
        let codes = (0..<counts.count).map { Array(tree.codes(of: $0)) }
        for i in codes.indices {
            for j in codes.indices where i != j {
                #expect(!codes[j].starts(with: codes[i]), "code of \(i) is a prefix of code of \(j)")
            }
        }
        #expect(codes[0].count <= codes[7].count)
        for w in 0..<counts.count {
            #expect(tree.points(of: w).first == 0)
            #expect(tree.points(of: w).allSatisfy { $0 >= 0 && Int($0) < tree.innerNodeCount })
        }
        // Kraft equality for a full binary tree.
        let kraft = codes.reduce(0.0) { $0 + pow(2.0, -Double($1.count)) }
        #expect(abs(kraft - 1) < 1e-12)
    }
}
#if canImport(Glibc)
import Glibc
#endif
