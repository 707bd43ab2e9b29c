import Foundation
import Testing

/// `train --senses` refuses the skip-gram flags it would not use, with one line naming the flag.
@Suite struct TrainModeCLITests {
    @Test(arguments: [["--hs"], ["--softmax"], ["--cbow"], ["--negative", "10"], ["--continue-from", "old.sgm"],
                      ["--update", "classic"], ["--min-alpha", "0.0001"], ["--negative", "20"], ["--vocab-update", "grow"]])
    func senseTrainingRefusesSkipGramFlags(_ flag: [String]) throws {
        let r = try CLI.run(["train", "corpus.txt", "--senses", "3", "--model", "m.senses"] + flag)
        #expect(r.status != 0)
        let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("Usage") && !$0.hasPrefix("  See") && !$0.isEmpty }
        #expect(lines.first?.contains("\(flag[0]) does not apply to multi-sense training") == true, "\(r.stderr)")
    }
}
