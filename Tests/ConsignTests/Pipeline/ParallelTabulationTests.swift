import ConsignCore
import Foundation
import Testing

@testable import ConsignPipeline

/// A statistics table tabulated in blocks on several threads must be exactly the one-pass table: the same
/// categories, counts, sums and largest contributions, the same records counted, and for bad input the same first
/// error with the same line. Tiny blocks put almost every guessed block start inside a quoted field.
@Suite struct ParallelTabulationTests {
    static let fields = [
        sourceField("id", identifiability: .direct), sourceField("consent"), sourceField("region"), sourceField("paid"),
    ]

    /// What tabulating `text` by region, summing paid, gives with blocks of `blockSize` bytes (nil: one pass).
    func tabulate(_ text: String, blockSize: Int?) throws -> Result<(table: StatisticalTable, counts: ScopeCounts), InputError> {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "in.csv")
        try Data(text.utf8).write(to: url)
        let hasher = SubjectHasher(key: Array(0...15))
        let tabulator = Tabulator(
            dimensions: [(2, FieldTransform(form: .keep, pseudonymKey: nil, asOf: CalendarDate("2026-12-07")!))], summed: [3],
            largest: 2,
            scope: RowScopeGate(
                rowFilter: RowFilter(RowScope(consents: [Located("consent")])) { ["id": 0, "consent": 1, "region": 2, "paid": 3][$0]! },
                hasher: hasher, stopUse: [Array("C7".utf8).withUnsafeBytes { hasher.hash(bytes: $0) }]))
        // Blocks larger than the file leave it to one pass.
        return Result { () throws(InputError) in
            try tabulator.run(try CSVRecordSource(url: url, displayName: "in.csv", needed: Self.fields), blockSize: blockSize ?? 1 << 30)
        }
    }

    @Test func blocksGiveTheOnePassTable() throws {
        var random = SplitMix64(seed: 5)
        let regions = ["北", "\"south, far\"", "\"east\nwest\"", "\"\"", "centre"]
        for trial in 0..<30 {
            var text = "id,consent,region,paid\n"
            for row in 0..<Int.random(in: 20...150, using: &random) {
                let consent = Int.random(in: 0..<5, using: &random) == 0 ? "no" : "true"
                let region = regions.randomElement(using: &random)!
                text += "C\(row),\(consent),\(region),\(Int.random(in: 0...900, using: &random))" + (Bool.random(using: &random) ? "\r\n" : "\n")
            }
            guard case .success(let expected) = try tabulate(text, blockSize: nil) else {
                Issue.record("trial \(trial): the one-pass tabulation failed")
                continue
            }
            #expect(expected.counts.stopped == (text.contains("C7,true") ? 1 : 0))
            for blockSize in [16, 40, 200] {
                guard case .success(let actual) = try tabulate(text, blockSize: blockSize) else {
                    Issue.record("trial \(trial): blocks of \(blockSize) failed")
                    continue
                }
                #expect(actual.table.categories == expected.table.categories, "trial \(trial), blocks of \(blockSize)")
                #expect(actual.table.counts == expected.table.counts)
                #expect(actual.table.sums == expected.table.sums)
                #expect(actual.table.largest == expected.table.largest)
                #expect(actual.counts == expected.counts)
            }
        }
    }

    /// A file of some 10 MB read in one pass hands back the pages it is done with as it goes (every 4 MiB), and in
    /// blocks of 1 MiB after each block: neither may change what is read.
    @Test func aLargeFileGivesTheSameTableInOnePassAndInBlocks() throws {
        var text = "id,consent,region,paid\n"
        let regions = ["north", "\"south, far\"", "\"east\nwest\"", "centre"]
        for row in 0..<400_000 { text += "C\(row),true,\(regions[row % 4]),\(row % 1_000)\n" }
        #expect(text.utf8.count > 8 << 20)
        guard case .success(let whole) = try tabulate(text, blockSize: nil),
            case .success(let blocks) = try tabulate(text, blockSize: 1 << 20)
        else {
            Issue.record("the file was not read")
            return
        }
        #expect(whole.counts.rows == 399_999 && whole.counts.stopped == 1)
        #expect(blocks.table.counts == whole.table.counts)
        #expect(blocks.table.sums == whole.table.sums)
        #expect(blocks.counts == whole.counts)
    }

    @Test func blocksReportTheFirstErrorWithItsLineInTheFile() throws {
        var text = "id,consent,region,paid\n"
        for row in 0..<150 { text += "C\(row),true,\"two\nlines\",\(row)\n" }
        // Lines 2–301 hold 150 two-line records; line 302 sums a value that is not a whole number; a later
        // record has a field too many.
        text += "C150,true,north,12.5\n"
        for row in 151..<200 { text += "C\(row),true,north,1\n" }
        text += "C200,true,north,1,extra\n"
        try expectFirstErrorInBlocks(atLine: 302, "a value that is not a whole number") { try tabulate(text, blockSize: $0) }
    }
}

