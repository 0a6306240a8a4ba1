import Foundation
import Testing

/// A source of several megabytes, whose notes column (not sent) holds line feeds followed by text that
/// looks like whole records: a reader that starts somewhere in the middle of the file (to share the work
/// between threads, say) and guesses that a line feed ends a record is wrong most of the time here. The
/// extract must still be exactly the one-pass answer: every record once, no record made from the inside
/// of a quoted field, and the first error in file order naming its physical line.
@Suite struct ExtractLargeSourceTests {
    static let count = 30_000

    /// The header: the catalog's columns with notes last, so that a quoted field ends each record.
    static let header = TrickyCustomers.header.filter { $0 != "notes" } + ["notes"]

    static func id(_ k: Int) -> String { "C1" + String(format: "%07d", k) }

    /// Record `k` (1-based) starts on physical line 2 + 3 (k - 1): its notes hold two line feeds.
    static func line(ofRecord k: Int) -> Int { 2 + 3 * (k - 1) }

    static func hasConsent(_ k: Int) -> Bool { k % 3 != 0 }

    /// The source, with `change` applied to the fields of chosen records (before quoting the notes).
    static func source(_ change: (Int, inout [String]) -> Void = { _, _ in }) -> Data {
        var text = header.joined(separator: ",") + "\r\n"
        text.reserveCapacity(count * 400)
        for k in 1...count {
            let fake = "F\(String(format: "%07d", k)),Fake Person,フェイク,fake@example.jp,000,100-0000,東京都,港区,0-0,1990-01-01,male,x,,true,true,true,2020-01-01T00:00:00Z,2020-01-01T00:00:00Z,1,x,fake"
            var fields = [
                id(k), "Name \(k)", "ナマエ", "c\(k)@example.jp", "090-0000-\(String(format: "%04d", k % 10000))", "100-0001",
                "東京都", "港区", "1-\(k)", "1980-01-15", "unanswered", "会社員", "", "true", hasConsent(k) ? "true" : "false",
                "false", "2020-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "12000", "x",
                "called on \(k % 28 + 1) Nov, said \"ok\"\n\(fake)\nthen: \"call back\", maybe",
            ]
            change(k, &fields)
            let last = fields.removeLast()
            text += fields.joined(separator: ",") + ",\"" + last.replacingOccurrences(of: "\"", with: "\"\"") + "\"\r\n"
        }
        return Data(text.utf8)
    }

    @Test func everyRecordIsSentOnceAndNoneIsMadeFromInsideAQuotedField() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = Self.source()
        #expect(data.count > 8 << 20, "several megabytes: \(data.count)")
        try data.write(to: root.appending(path: "large.csv"))
        let run = try extract("prize-shipping", "hayate-transport", source: "../large.csv", out: "../out", format: "csv,xml", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let sent = (1...Self.count).filter(Self.hasConsent)
        #expect(run.stdout.contains("extracted 20,000 of 30,000 records (10,000 out of scope, 0 on the stop-use list)"), "\(run.stdout)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        let rows = try pythonRows(csv: package.appending(path: "extract.csv"))
        #expect(rows.count == sent.count + 1)
        let key = try masterKeyBytes(ws)
        let expected = sent.map { k in
            [expectedPseudonym(Self.id(k), contractor: "hayate-transport", masterKey: key), "Name \(k)", "100-0001", "東京都", "港区", "1-\(k)", "c\(k)@example.jp"]
        }
        #expect(rows.dropFirst().elementsEqual(expected), "the rows are not the records with consent, in order")
        #expect(!rows.contains { $0[1] == "Fake Person" })
        let manifest = try expectCompletePackage(package, in: ws)
        #expect(manifest.rows == 20_000 && manifest.subjectCount == 20_000)
        let xml = try pythonRecords(xml: package.appending(path: "extract.xml"))
        #expect(xml.values.count == 20_000 && xml.values.map { $0[0] } == expected.map { $0[0] })
    }

    struct Fault: Sendable, CustomTestStringConvertible {
        var name: String
        /// Records made bad, and the one whose line the error must name.
        var records: [Int]
        var reported: Int
        var message: String
        var format = "csv"
        var testDescription: String { name }

        func apply(_ k: Int, _ fields: inout [String]) {
            guard records.contains(k) else { return }
            switch name {
            case "field count", "first of two": fields.remove(at: 19)
            case "invalid UTF-8": fields[1] = "Name \u{FFFD}"  // replaced by bytes below
            case "empty subject key": fields[0] = ""
            case "control character": fields[7] = "港区\u{7}"
            default: break
            }
        }
    }

    static let faults: [Fault] = [
        Fault(name: "field count", records: [29_000], reported: 29_000, message: "this record has 20 fields but the header has 21"),
        Fault(name: "first of two", records: [25_000, 10_000], reported: 10_000, message: "this record has 20 fields but the header has 21"),
        Fault(name: "invalid UTF-8", records: [20_000], reported: 20_000, message: "a value here is not valid UTF-8"),
        Fault(name: "empty subject key", records: [14_999], reported: 14_999, message: "this record has no subject key"),
        Fault(
            name: "control character", records: [27_001], reported: 27_001, message: "a value sent as <city> holds a control character",
            format: "csv,xml"),
    ]

    @Test(arguments: faults)
    func anErrorDeepInALargeSourceNamesItsPhysicalLineAndWritesNothing(fault: Fault) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        var data = Self.source(fault.apply)
        if fault.name == "invalid UTF-8" {
            // U+FFFD (EF BF BD) becomes a lone continuation byte, which no encoding starts a character with.
            let marker = Data("Name \u{FFFD}".utf8)
            let range = try #require(data.range(of: marker))
            data.replaceSubrange(range, with: Data("Name ".utf8) + Data([0x80]))
        }
        try data.write(to: root.appending(path: "large.csv"))
        let events = try registerRows(ws)
        let run = try extract("prize-shipping", "hayate-transport", source: "../large.csv", out: "../out", format: fault.format, in: ws)
        #expect(run.status == 2, "\(run.stdout)")
        let prefix = "../large.csv:\(Self.line(ofRecord: fault.reported)): error: "
        #expect(run.stderr.hasPrefix(prefix), "expected \(prefix)…, got \(run.stderr)")
        #expect(run.stderr.contains(fault.message), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "one error: \(run.stderr)")
        #expect(listing(root.appending(path: "out")) == nil)
        #expect(pendingMarkers(ws).isEmpty)
        #expect(try registerRows(ws) == events)
    }
}
