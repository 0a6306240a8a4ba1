import Foundation
import Testing

/// `transfer record --subjects FILE` stores the keyed subject set of a transfer made outside consign, as an
/// extract stores its own: "who received my data?" and the stop-use check see it. A transfer recorded by hand
/// without one is an audit warning. Today is 2026-11-18.
@Suite struct RecordedSubjectsTests {
    func head(_ ws: AuditWorkspace) throws -> String { try ws.run(["ledger", "head"]).stdout }

    @Test func theSubjectsListedAreSeenBySubjectShowAndTheStopUseCheck() throws {
        let ws = try AuditWorkspace.create("consign-recorded-subjects")
        defer { ws.remove() }
        try ws.addContractor("paper-courier", agreement: AgreementDocument(id: "AG-PAPER", contractor: "paper-courier"))
        try ws.evaluate("paper-courier", on: "2026-01-15")
        // Received on 2026-10-20, before the transfer of 2026-11-01: it should have been honoured.
        try ws.run(["subject", "stop-use", "C00000007", "--reason", "asked by letter", "--on", "2026-10-20"])
        // A byte-order mark, CRLF line ends, white space around an id, a blank line and an id given twice.
        try ws.write("lists/sent.txt", "\u{FEFF}C00000005\r\n  C00000007 \r\n\r\nC00000009\r\nC00000005\r\n")
        let run = try ws.run(
            [
                "transfer", "record", "--contractor", "paper-courier", "--task", "prize-shipping", "--on", "2026-11-01", "--fields",
                "person.name,customer.id:hmac", "--rows", "4", "--subjects", "lists/sent.txt", "--note", "posted from the old system",
            ])
        let id = try #require(run.stdout.firstMatch(of: #/recorded transfer (T-20261101-[0-9a-f]+) /#)?.1)
        #expect(run.stdout.contains("its 3 subject(s) are stored as keyed hashes: subject show and the stop-use check see them"))
        let shown = try ws.run(["subject", "show", "C00000009"])
        #expect(shown.stdout.contains(String(id)), "\(shown.stdout)")
        #expect(!(try ws.run(["subject", "show", "C00000001"])).stdout.contains(String(id)))
        #expect((try ws.run(["transfer", "show", String(id)])).stdout.contains("rows 4; subjects 3 (sha256 "))

        let audit = try ws.audit(asOf: "2026-11-18")
        #expect(audit.findings("stop-use-not-honoured").map(\.records.first) == ["transfer \(id)"], "\(audit.listing)")
        #expect(audit.findings("subjects-not-recorded").isEmpty, "\(audit.listing)")
    }

    @Test func aTransferRecordedWithoutItsSubjectsIsAWarning() throws {
        let ws = try AuditWorkspace.create("consign-recorded-no-subjects")
        defer { ws.remove() }
        try ws.addContractor("paper-courier", agreement: AgreementDocument(id: "AG-PAPER", contractor: "paper-courier"))
        try ws.evaluate("paper-courier", on: "2026-01-15")
        let t = try ws.record("paper-courier", on: "2026-11-01", subjects: nil).id
        let audit = try ws.audit(asOf: "2026-11-18")
        let found = audit.findings("subjects-not-recorded")
        #expect(found.map(\.records) == [["transfer \(t)", "contractor paper-courier"]], "\(audit.listing)")
        #expect(found.first?.severity == "warning")
        #expect(found.first?.message.hasSuffix("subject show and the stop-use check cannot see the 10 row(s) it sent") == true)
        #expect(audit.run.status == 0, "a warning alone leaves the audit passing")
    }

    /// A line that is not a subject id, or more subjects than rows, is an input error naming the file (and
    /// the line), and nothing is recorded.
    @Test func aBadListIsAnInputErrorAndRecordsNothing() throws {
        let ws = try AuditWorkspace.create("consign-recorded-bad-subjects")
        defer { ws.remove() }
        try ws.addContractor("paper-courier", agreement: AgreementDocument(id: "AG-PAPER", contractor: "paper-courier"))
        let before = try head(ws)
        func record(_ list: String, rows: String) throws -> Run {
            try ws.write("lists/sent.txt", list)
            return try consign(
                [
                    "transfer", "record", "--contractor", "paper-courier", "--task", "prize-shipping", "--on", "2026-11-01", "--fields",
                    "person.name", "--rows", rows, "--subjects", "lists/sent.txt", "--note", "x",
                ], in: ws.root, environment: ["SOURCE_DATE_EPOCH": AuditClock.today])
        }
        let fullWidth = try record("C00000001\nＣ00000002\n", rows: "5")
        #expect(fullWidth.status == 2, "\(fullWidth.stderr)")
        #expect(fullWidth.stderr.contains("lists/sent.txt:2: error: "), "\(fullWidth.stderr)")
        #expect(fullWidth.stderr.contains("U+FF23 FULLWIDTH LATIN CAPITAL LETTER C"), "\(fullWidth.stderr)")
        let tooMany = try record("C00000001\nC00000002\nC00000003\n", rows: "2")
        #expect(tooMany.status == 2, "\(tooMany.stderr)")
        #expect(
            tooMany.stderr.contains("lists/sent.txt: error: the file lists 3 different subjects, more than the 2 rows sent (--rows)"),
            "\(tooMany.stderr)")
        let empty = try record("\n\n", rows: "2")
        #expect(empty.status == 2 && empty.stderr.contains("lists/sent.txt: error: the file lists no subject id"), "\(empty.stderr)")
        #expect(try head(ws) == before)
    }
}
