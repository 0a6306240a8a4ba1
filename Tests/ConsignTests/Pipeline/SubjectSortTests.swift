import ConsignPipeline
import Testing

/// The subjects of a transfer, sorted by digits and without repeats, are exactly what a comparison sort of
/// the distinct values gives: for every size on either side of where the digit sort takes over (257 values),
/// random 64-bit values (the hashes an extract collects), values that differ only in one digit, repeats, and
/// the extremes.
@Suite struct SubjectSortTests {
    private func expectSorted(_ values: [UInt64], _ comment: Comment) {
        var sorted = values
        sorted.sortDistinct()
        #expect(sorted == Array(Set(values)).sorted(), comment)
    }

    @Test func randomHashesOfEverySizeAroundTheSwitch() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 255, 256, 257, 258, 1_000, 4_097, 100_000] {
            let values = (0..<size).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
            expectSorted(values, "\(size) random values")
        }
    }

    @Test func valuesThatDifferInOneDigitRepeatsAndExtremes() {
        var generator = SystemRandomNumberGenerator()
        // Each 11-bit digit the only one that varies (the top digit has 9 bits: the rest is shifted out).
        for shift in stride(from: 0, to: 64, by: 11) {
            let values = (0..<3_000).map { _ in UInt64.random(in: 0..<2048, using: &generator) << UInt64(shift) }
            expectSorted(values, "digit at bit \(shift)")
        }
        let extremes: [UInt64] = [0, 1, .max, .max - 1, 1 << 63]
        let repeats = (0..<5_000).map { _ in extremes[Int.random(in: 0..<5, using: &generator)] }
        expectSorted(repeats, "five values repeated")
        expectSorted(Array(repeating: 42, count: 1_000), "one value")
        expectSorted((0..<2_000).map { UInt64.max - UInt64($0) }, "descending")
        expectSorted((0..<2_000).map { UInt64($0 / 3) }, "ascending with repeats")
    }
}
