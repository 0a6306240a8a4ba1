import ConsignCore
import Foundation
import Testing

@testable import ConsignPipeline

/// A statistics table tabulated in blocks on several threads must be exactly the one-pass table: the same
/// categories, counts, sums and largest contributions, the same records counted, and for bad input the same first
/// error with the same line. Tiny blocks put almost every guessed block start inside a quoted field.
@Suite struct ParallelTabulationTests {
    static let fields = [
        Field(id: "id", column: "id", category: "identifier", description: "", weight: 1, identifiability: .direct, collectedFor: []),
        Field(id: "consent", column: "consent", category: "consent", description: "", weight: 1, identifiability: .none, collectedFor: []),
        Field(id: "region", column: "region", category: "region", description: "", weight: 1, identifiability: .none, collectedFor: []),
        Field(id: "paid", column: "paid", category: "amount", description: "", weight: 1, identifiability: .none, collectedFor: []),
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

    @Test func blocksReportTheFirstErrorWithItsLineInTheFile() throws {
        var text = "id,consent,region,paid\n"
        for row in 0..<150 { text += "C\(row),true,\"two\nlines\",\(row)\n" }
        // Lines 2–301 hold 150 two-line records; line 302 sums a value that is not a whole number; a later
        // record has a field too many.
        text += "C150,true,north,12.5\n"
        for row in 151..<200 { text += "C\(row),true,north,1\n" }
        text += "C200,true,north,1,extra\n"
        guard case .failure(let error) = try tabulate(text, blockSize: nil) else {
            Issue.record("the one-pass tabulation accepted a value that is not a whole number")
            return
        }
        #expect(error.diagnostics.first?.line == 302)
        for blockSize in [16, 64, 500] {
            guard case .failure(let blocked) = try tabulate(text, blockSize: blockSize) else {
                Issue.record("blocks of \(blockSize) accepted a bad record")
                continue
            }
            #expect(blocked.diagnostics == error.diagnostics, "blocks of \(blockSize)")
        }
    }
}

/// Anonymised records read in blocks must be the one-pass records: the same steps, counts, suppression, k and l,
/// and the same rows (in their random order, so compared sorted); for bad input the same first error.
@Suite struct ParallelAnonymisationTests {
    /// What anonymising `text` (region and paid as quasi-identifiers, consent as the sensitive column) gives with
    /// blocks of `blockSize` bytes (nil: one pass).
    func anonymise(_ text: String, blockSize: Int?) throws -> Result<Anonymiser.Output, any Error> {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "in.csv")
        try Data(text.utf8).write(to: url)
        let hasher = SubjectHasher(key: Array(0...15))
        func transform(_ form: Form) -> FieldTransform { FieldTransform(form: form, pseudonymKey: nil, asOf: CalendarDate("2026-12-07")!) }
        let anonymiser = Anonymiser(
            columns: [
                .init(position: 2, role: .quasiIdentifier, ladder: [transform(.keep), transform(.null)], topCode: nil, bottomCode: nil, mergeBelow: 3),
                .init(
                    position: 3, role: .quasiIdentifier, ladder: [transform(.bucket(100)), transform(.bucket(500))], topCode: 800,
                    bottomCode: nil, mergeBelow: nil),
                .init(position: 1, role: .sensitive, ladder: [transform(.keep)], topCode: nil, bottomCode: nil, mergeBelow: nil),
            ],
            k: 3, l: 2, maxSuppressedPercent: 20, randomIDs: false,
            scope: RowScopeGate(
                rowFilter: RowFilter(RowScope()) { ["id": 0, "consent": 1, "region": 2, "paid": 3][$0]! }, hasher: hasher,
                stopUse: [Array("C7".utf8).withUnsafeBytes { hasher.hash(bytes: $0) }]))
        // Blocks larger than the file leave it to one pass.
        return Result {
            try anonymiser.run(
                try CSVRecordSource(url: url, displayName: "in.csv", needed: ParallelTabulationTests.fields), blockSize: blockSize ?? 1 << 30)
        }
    }

    @Test func blocksGiveTheOnePassRecords() throws {
        var random = SplitMix64(seed: 8)
        let regions = ["北", "\"south, far\"", "\"east\nwest\"", "centre", "rare"]
        var compared = 0
        for trial in 0..<30 {
            var text = "id,consent,region,paid\n"
            for row in 0..<Int.random(in: 40...150, using: &random) {
                let region = regions[Int.random(in: 0..<(row % 9 == 0 ? 5 : 4), using: &random)]
                text += "C\(row),\(["yes", "no", "maybe"].randomElement(using: &random)!),\(region),\(Int.random(in: 0...900, using: &random))\n"
            }
            let expected = try anonymise(text, blockSize: nil)
            for blockSize in [16, 40, 200] {
                let actual = try anonymise(text, blockSize: blockSize)
                switch (expected, actual) {
                case (.success(let e), .success(let a)):
                    #expect(a.steps == e.steps, "trial \(trial), blocks of \(blockSize)")
                    #expect(a.counts == e.counts)
                    #expect(a.suppressed == e.suppressed && a.achievedK == e.achievedK && a.achievedL == e.achievedL)
                    #expect(a.rows.sorted { $0.lexicographicallyPrecedes($1) } == e.rows.sorted { $0.lexicographicallyPrecedes($1) })
                    compared += 1
                case (.failure(let e), .failure(let a)):
                    #expect("\(a)" == "\(e)", "trial \(trial), blocks of \(blockSize)")
                default:
                    Issue.record("trial \(trial), blocks of \(blockSize): \(expected) vs \(actual)")
                }
            }
        }
        #expect(compared > 45)
    }

    @Test func blocksReportTheFirstErrorWithItsLineInTheFile() throws {
        var text = "id,consent,region,paid\n"
        for row in 0..<150 { text += "C\(row),yes,\"two\nlines\",\(row)\n" }
        // Lines 2–301 hold 150 two-line records; line 302's paid is no number to bucket; a later record has a
        // field too many.
        text += "C150,yes,north,lots\n"
        for row in 151..<200 { text += "C\(row),yes,north,1\n" }
        text += "C200,yes,north,1,extra\n"
        guard case .failure(let error as InputError) = try anonymise(text, blockSize: nil) else {
            Issue.record("the one-pass reading accepted a value its form cannot take")
            return
        }
        #expect(error.diagnostics.first?.line == 302)
        for blockSize in [16, 64, 500] {
            guard case .failure(let blocked as InputError) = try anonymise(text, blockSize: blockSize) else {
                Issue.record("blocks of \(blockSize) accepted a bad record")
                continue
            }
            #expect(blocked.diagnostics == error.diagnostics, "blocks of \(blockSize)")
        }
    }
}
