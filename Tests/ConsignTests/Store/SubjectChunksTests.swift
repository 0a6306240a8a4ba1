@testable import ConsignStore
import Testing

/// The audit's match of the stop-use list against a stored subject chunk finds exactly the hashes both
/// hold, whether it walks the list across the chunk's range or looks each of the chunk's hashes up in it.
@Suite struct SubjectChunksTests {
    /// A chunk as stored: 8 big-endian bytes a hash.
    static func chunk(_ hashes: [UInt64]) -> [UInt8] { hashes.flatMap { withUnsafeBytes(of: $0.bigEndian, Array.init) } }

    static func matches(_ chunk: [UInt64], _ list: [UInt64]) -> [UInt64] {
        var found: [UInt64] = []
        Self.chunk(chunk).withUnsafeBytes { bytes in SubjectChunks.forEachMatch(in: bytes, of: list) { found.append($0) } }
        return found
    }

    @Test(arguments: [(8, 2_000), (120, 30), (120, 100_000), (1, 5), (3_000, 3_000)])
    func theMatchesAreTheIntersection(chunkSize: Int, listSize: Int) {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            // Hashes drawn from a small space as well as the whole one, so that both sides share some.
            let space: UInt64 = Bool.random(using: &random) ? 50_000 : .max
            let draw = { UInt64.random(in: 0...space, using: &random) }
            let list = Array(Set((0..<listSize).map { _ in draw() })).sorted()
            let chunk = Array(Set((0..<chunkSize).map { _ in draw() } + list.prefix(3))).sorted()
            #expect(Self.matches(chunk, list) == Set(chunk).intersection(list).sorted())
        }
    }

    @Test func theEndsOfTheHashSpaceMatch() {
        #expect(Self.matches([0, 7, .max], [0, 5, .max]) == [0, .max])
        #expect(Self.matches([.max], Array(0..<100) + [.max]) == [.max])
        #expect(Self.matches([1, 2], []) == [])
    }
}
