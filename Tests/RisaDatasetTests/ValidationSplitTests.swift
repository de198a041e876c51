import RisaCore
import Testing

@testable import RisaDataset

@Suite struct ValidationSplitTests {
    let digests = (0..<100).map { Digest(ofText: "image \($0)").description }

    @Test func deterministicForASeedAndIndependentOfOrder() throws {
        let first = try ValidationSplit.split(digests, fraction: 0.2, seed: 7, key: { $0 })
        let again = try ValidationSplit.split(digests.reversed(), fraction: 0.2, seed: 7, key: { $0 })
        #expect(first.validation == again.validation && first.training == again.training)
        #expect(first.validation.count == 20 && first.training.count == 80)
        #expect(Set(first.validation).isDisjoint(with: first.training))
        let other = try ValidationSplit.split(digests, fraction: 0.2, seed: 8, key: { $0 })
        #expect(other.validation != first.validation)
    }

    @Test func splitMix64KnownSequence() {
        // Reference values of SplitMix64 for seed 0 (as in Vigna's splitmix64.c).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        var bounded = SplitMix64(seed: 1)
        #expect((0..<1000).allSatisfy { _ in bounded.next(below: 10) < 10 })
    }

    @Test func refusesBadFractions() throws {
        #expect(throws: DatasetError.self) { try ValidationSplit.split(digests, fraction: 1, seed: 1, key: { $0 }) }
        #expect(try ValidationSplit.split(digests, fraction: 0, seed: 1, key: { $0 }).validation.isEmpty)
    }
}
