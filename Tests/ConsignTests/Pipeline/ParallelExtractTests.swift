import ConsignCore
import Foundation
import Testing

@testable import ConsignPipeline

/// The extract scanned in blocks on several threads must give exactly the one-pass answer: the same
/// bytes, counts and subjects, and for bad input the same first error with the same line. Tiny blocks
/// make almost every guessed block start fall inside a quoted field, so the re-scan path runs constantly.
@Suite struct ParallelExtractTests {
    static let fields = [sourceField("id", identifiability: .direct), sourceField("consent"), sourceField("note")]

    /// Extracts `text` with the given block size (nil: one pass); the files' bytes, the counts, or the error.
    func extract(_ text: String, blockSize: Int?) throws -> Result<(csv: [UInt8], xml: [UInt8], counts: ExtractCounts), InputError> {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appending(path: "in.csv")
        try Data(text.utf8).write(to: url)
        let extractor = Extractor(
            columns: [
                ExtractColumn(name: "id", position: 0, transform: FieldTransform(form: .keep, pseudonymKey: nil, asOf: CalendarDate("2026-11-18")!)),
                ExtractColumn(name: "note", position: 2, transform: FieldTransform(form: .keep, pseudonymKey: nil, asOf: CalendarDate("2026-11-18")!)),
            ],
            rowFilter: RowFilter(RowScope(consents: [Located("consent")])) { ["id": 0, "consent": 1, "note": 2][$0]! },
            subjectPosition: 0, fieldCount: 3, hasher: SubjectHasher(key: Array(0...15)), stopUse: [])
        do {
            let source = try CSVRecordSource(url: url, displayName: "in.csv", needed: Self.fields)
            let out = directory.appending(path: "out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let files = try ExtractFiles(
                directory: out, displayPrefix: "out", csv: true, xml: true, columns: ["id", "note"], source: "in.csv",
                task: "t", contractor: "c")
            var counts: ExtractCounts
            if let blockSize {
                counts = try #require(try extractor.parallelPass(source, into: files, blockSize: blockSize, workers: 2, progress: nil))
                counts.subjects.sort()
            } else {
                counts = try extractor.run(source, into: files, progress: nil)
            }
            _ = try files.finish()
            return .success(
                (
                    Array(try Data(contentsOf: out.appending(path: "extract.csv"))),
                    Array(try Data(contentsOf: out.appending(path: "extract.xml"))), counts
                ))
        } catch let error as InputError {
            return .failure(error)
        }
    }

    @Test func blocksGiveTheOnePassAnswerForTrickyRecords() throws {
        var random = SplitMix64(seed: 3)
        let pieces = ["a", "東棟", ",", "\"\"", "\n", "\r\n", " ", "=1", "x\ny"]
        for trial in 0..<40 {
            var text = trial % 2 == 0 ? "\u{FEFF}id,consent,note\r\n" : "id,consent,note\n"
            for row in 0..<Int.random(in: 20...120, using: &random) {
                let note = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
                let consent = Bool.random(using: &random) ? "true" : "no"
                text += "C\(row),\(consent),\"\(note)\"" + (Bool.random(using: &random) ? "\r\n" : "\n")
            }
            let expected = try extract(text, blockSize: nil)
            for blockSize in [16, 48] {
                let actual = try extract(text, blockSize: blockSize)
                switch (expected, actual) {
                case (.success(let e), .success(let a)):
                    #expect(a.csv == e.csv, "trial \(trial), blocks of \(blockSize)")
                    #expect(a.xml == e.xml)
                    #expect(a.counts == e.counts)
                default:
                    Issue.record("trial \(trial): \(expected) vs \(actual)")
                }
            }
        }
    }

    @Test func blocksReportTheFirstErrorWithItsLineInTheFile() throws {
        var text = "id,consent,note\n"
        for row in 0..<200 { text += "C\(row),true,\"line one\nline two, \"\"quoted\"\"\"\n" }
        // Lines 2–401 hold 200 two-line records; line 402 has a field too many; a later quote is unbalanced.
        text += "C200,true,x,extra\n"
        for row in 201..<260 { text += "C\(row),true,plain\n" }
        text += "C260,true,\"never closed\n"
        try expectFirstErrorInBlocks(atLine: 402, "a malformed record") { try extract(text, blockSize: $0) }
    }
}
