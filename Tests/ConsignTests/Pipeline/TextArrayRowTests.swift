import ConsignCore
import ConsignPipeline
import ConsignPostgres
import Testing

/// A row read from PostgreSQL arrives as one array of its columns' texts in the server's binary form
/// (array_send); `PostgresTable.fill` hands back exactly the elements the array holds, and refuses bytes that
/// are not such an array rather than reading past them.
@Suite struct TextArrayRowTests {
    /// array_send's bytes for a one-dimensional text array (NULL elements as nil).
    private func arraySend(_ elements: [[UInt8]?]) -> [UInt8] {
        func int(_ value: Int) -> [UInt8] { withUnsafeBytes(of: Int32(value).bigEndian) { Array($0) } }
        guard !elements.isEmpty else { return int(0) + int(0) + int(25) }
        var bytes = int(1) + int(elements.contains { $0 == nil } ? 1 : 0) + int(25) + int(elements.count) + int(1)
        for element in elements { bytes += element.map { int($0.count) + $0 } ?? int(-1) }
        return bytes
    }

    private func filled(_ bytes: [UInt8]) -> [[UInt8]]? {
        let row = TableRow(table: "t")
        row.begin()
        guard bytes.withUnsafeBytes({ PostgresTable.fill(row, fromTextArray: $0) }) else { return nil }
        return (0..<row.count).map { Array(row.value($0)) }
    }

    @Test func everyElementComesBackAsItsBytes() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let elements: [[UInt8]?] = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 1...255, using: &random) }
            }
            #expect(filled(arraySend(elements)) == elements.map { $0 ?? [] })
        }
        #expect(filled(arraySend([Array("C00000001".utf8), nil, Array("東京都".utf8)])) == [Array("C00000001".utf8), [], Array("東京都".utf8)])
    }

    @Test func bytesThatAreNotAOneDimensionalArrayAreRefused() {
        let good = arraySend([Array("abc".utf8), Array("de".utf8)])
        // Cut short anywhere, or with bytes left over.
        for end in 0..<good.count { #expect(filled(Array(good[..<end])) == nil, "cut at \(end)") }
        #expect(filled(good + [0]) == nil)
        // Two dimensions, or fewer than none; an element longer than what is left; a negative count.
        var twoDimensions = good
        twoDimensions[3] = 2
        #expect(filled(twoDimensions) == nil)
        // A negative number of dimensions (the bytes of an empty array with its first integer forged).
        #expect(filled([0xff, 0xff, 0xff, 0xff] + Array(arraySend([]).dropFirst(4))) == nil)
        var tooLong = good
        tooLong[23] = 0x7f
        #expect(filled(tooLong) == nil)
        var negativeCount = good
        negativeCount[12] = 0xff
        #expect(filled(negativeCount) == nil)
    }

    @Test func theRefusalSpeaksBothLanguages() {
        expectEnglishAndJapanese(ExtractText.tableRowNotAnArray("customers"))
    }
}
