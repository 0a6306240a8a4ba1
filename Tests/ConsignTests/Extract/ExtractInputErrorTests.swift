import Foundation
import Testing

/// A source `consign extract` cannot read faithfully is an input error: exit status 2, `file:line: error:`
/// on stderr naming the physical line, nothing on stdout, and nothing written: `--out` as it was (absent
/// when it did not exist, the same listing when it did, no hidden partial folder), no pending marker, and
/// no new event in the register.
@Suite struct ExtractInputErrorTests {
    /// One bad source: its bytes, the line the error must name, and words the message must hold.
    struct BadSource: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var line: Int
        var message: String
        var format = "csv"

        var testDescription: String { name }
        var file: String { "in/\(name)" }
    }

    static let header = "customer_id,full_name,email,postal_code,prefecture,city,street_address,consent_prize"
    /// A record on lines 2 and 3 (a quoted line break), so that line 4 is the fourth physical line but the
    /// third record. (The demo's stop-use list holds C00000002, so the bad records use other ids.)
    static let twoLineRecord = "C00000001,山田 太郎,taro@example.jp,100-0001,東京都,港区,\"1-1\r\n東棟\",true"

    static func csv(_ lines: String...) -> [UInt8] { Array(lines.joined(separator: "\r\n").utf8) }

    static func utf16LE(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }

    static func xml(_ records: String...) -> [UInt8] {
        Array((["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<customers>"] + records + ["</customers>", ""]).joined(separator: "\n").utf8)
    }

    static func customer(_ id: String, email: Bool = true, name: String = "山田 太郎") -> String {
        "  <customer><customer_id>\(id)</customer_id><full_name>\(name)</full_name>" + (email ? "<email>a@example.jp</email>" : "")
            + "<postal_code>100-0001</postal_code><prefecture>東京都</prefecture><city>港区</city>"
            + "<street_address>1-1</street_address><consent_prize>true</consent_prize></customer>"
    }

    static let cases: [BadSource] = [
        BadSource(
            name: "unbalanced-quote.csv",
            bytes: csv(header, twoLineRecord, "C00000012,\"Sato, Hina,b@example.jp,100-0002,東京都,港区,1-2,true", "C00000013,x,c@example.jp,1,2,3,4,true"),
            line: 4, message: "a quoted field that starts here is never closed"),
        BadSource(
            name: "text-after-quote.csv",
            bytes: csv(header, twoLineRecord, "C00000012,\"Sato\" Hina,b@example.jp,100-0002,東京都,港区,1-2,true", ""),
            line: 4, message: "text after the closing quote of field 2"),
        BadSource(
            name: "quote-in-unquoted-field.csv",
            bytes: csv(header, twoLineRecord, "C00000012,Sato \"Hina\",b@example.jp,100-0002,東京都,港区,1-2,true", ""),
            line: 4, message: "a double quote inside unquoted field 2"),
        BadSource(
            name: "bare-carriage-return.csv",
            bytes: csv(header, twoLineRecord, "C00000012,Sato\rHina,b@example.jp,100-0002,東京都,港区,1-2,true", ""),
            line: 4, message: "a carriage return not followed by a line feed"),
        BadSource(
            name: "too-few-fields.csv",
            bytes: csv(header, twoLineRecord, "C00000012,Sato Hina,b@example.jp,100-0002,東京都,1-2,true", ""),
            line: 4, message: "this record has 7 fields but the header has 8"),
        BadSource(
            name: "too-many-fields.csv",
            bytes: csv(header, twoLineRecord, "C00000012,Sato, Hina,b@example.jp,100-0002,東京都,港区,1-2,true", ""),
            line: 4, message: "this record has 9 fields but the header has 8"),
        BadSource(
            name: "invalid-utf8.csv",
            bytes: csv(header, twoLineRecord) + Array("\r\nC00000012,Sato ".utf8) + [0x80]
                + Array(",b@example.jp,100-0002,東京都,港区,1-2,true\r\n".utf8),
            line: 4, message: "a value here is not valid UTF-8 (it is not UTF-8)"),
        BadSource(
            // 山田 太郎 and 東京都 in Shift_JIS (CP932), as a spreadsheet on Japanese Windows saves them.
            name: "shift-jis.csv",
            bytes: Array("\(header)\r\nC00000001,".utf8) + [0x8E, 0x52, 0x93, 0x63, 0x20, 0x91, 0xBE, 0x98, 0x59]
                + Array(",a@example.jp,100-0001,".utf8) + [0x93, 0x8C, 0x8B, 0x9E, 0x93, 0x73] + Array(",x,1-1,true\r\n".utf8),
            line: 2, message: "it looks like Shift_JIS (CP932)"),
        BadSource(
            name: "utf-16-bom.csv", bytes: [0xFF, 0xFE] + utf16LE("\(header)\r\nC00000001,a,b,c,d,e,f,true\r\n"), line: 1,
            message: "UTF-16"),
        BadSource(
            name: "utf-16-no-bom.csv", bytes: utf16LE("\(header)\r\nC00000001,a,b,c,d,e,f,true\r\n"), line: 1,
            message: "looks like UTF-16 or UTF-32"),
        BadSource(
            name: "missing-column.csv",
            bytes: [0xEF, 0xBB, 0xBF] + csv("customer_id,full_name,email,postal_code,prefecture,city,consent_prize", "C00000001,a,b,c,d,e,true", ""),
            line: 1, message: "column 'street_address' (field address.street) is missing from the header"),
        BadSource(
            name: "duplicated-column.csv",
            bytes: csv(header + ",email", "C00000001,a,b@example.jp,c,d,e,f,true,other@example.jp", ""),
            line: 1, message: "column 'email' appears twice in the header (columns 3 and 9)"),
        BadSource(
            name: "empty-subject-key.csv",
            bytes: csv(header, twoLineRecord, ",Sato Hina,b@example.jp,100-0002,東京都,港区,1-2,true", ""),
            line: 4, message: "this record has no subject key"),
        BadSource(
            name: "control-character.csv",
            bytes: csv(header, twoLineRecord, "C00000012,Sato\u{1}Hina,b@example.jp,100-0002,東京都,港区,1-2,true", ""),
            line: 4, message: "a value sent as <recipient_name> holds a control character that XML 1.0 cannot carry",
            format: "xml"),
        BadSource(
            name: "control-character-both.csv",
            bytes: csv(header, twoLineRecord, "C00000012,Sato Hina,b@example.jp,100-0002,東京都,港区,1-2\u{1B}[31m,true", ""),
            line: 4, message: "a value sent as <street_address> holds a control character", format: "csv,xml"),
        BadSource(
            name: "missing-child.xml", bytes: xml(customer("C00000001"), customer("C00000012", email: false), customer("C00000013")),
            line: 4, message: "this record has no <email>; the extract needs it"),
        BadSource(
            name: "duplicated-child.xml",
            bytes: xml(customer("C00000001"), customer("C00000012").replacingOccurrences(of: "<email>", with: "<email>x</email><email>")),
            line: 4, message: "<email> appears twice in this record"),
        BadSource(
            name: "doctype.xml",
            bytes: Array(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE customers [\n  <!ENTITY name \"山田 太郎\">\n]>\n<customers>\n\(customer("C00000001", name: "&name;"))\n</customers>\n"
                    .utf8),
            line: 2, message: "a DOCTYPE is not allowed in an XML source"),
        BadSource(
            name: "undefined-entity.xml", bytes: xml(customer("C00000001"), customer("C00000012", name: "&name;")),
            line: 4, message: "&name; is not defined: write an & in text as &amp;"),
        BadSource(
            name: "element-in-value.xml", bytes: xml(customer("C00000001"), customer("C00000012", name: "<b>山田</b>")),
            line: 4, message: "element <b> inside <full_name>"),
        BadSource(
            name: "not-well-formed.xml", bytes: xml(customer("C00000001"), customer("C00000012", name: "a < b")),
            line: 4, message: "a < starts no element here: write a < in text as &lt;"),
        BadSource(
            name: "shift-jis-declared.xml",
            bytes: Array("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<customers>\n</customers>\n".utf8),
            line: 1, message: "this file is declared as Shift_JIS"),
    ]

    @Test(arguments: cases, [false, true])
    func aBadSourceIsAnErrorNamingItsLineAndWritesNothing(source: BadSource, outExists: Bool) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: ws.appending(path: "in"), withIntermediateDirectories: true)
        try Data(source.bytes).write(to: ws.appending(path: source.file))
        let out = root.appending(path: "out")
        if outExists {
            try FileManager.default.createDirectory(at: out.appending(path: "T-20260101-00000000"), withIntermediateDirectories: true)
            try Data("an earlier package\r\n".utf8).write(to: out.appending(path: "T-20260101-00000000/extract.csv"))
            try Data("notes".utf8).write(to: out.appending(path: ".notes"))
        }
        let before = listing(out)
        let events = try registerRows(ws)

        let run = try extract("prize-shipping", "hayate-transport", source: source.file, out: "../out", format: source.format, in: ws)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        let prefix = "\(source.file):\(source.line): error: "
        #expect(run.stderr.hasPrefix(prefix), "expected \(prefix)…, got: \(run.stderr)")
        #expect(run.stderr.contains(source.message), "\(run.stderr)")
        #expect(run.stdout.isEmpty, "\(run.stdout)")

        #expect(listing(out) == before, "--out changed")
        #expect(pendingMarkers(ws).isEmpty, "a pending marker is left")
        #expect(try registerRows(ws) == events, "the register changed")
        // The next command that opens the register finds nothing to recover either.
        #expect(try consign(["subject", "stopped"], in: ws).status == 0)
        #expect(listing(out) == before)
    }

    /// The guard for XML (a control character) is for XML only: the same source extracts to CSV.
    @Test func aControlCharacterThatXMLCannotCarryStillExtractsToCSV() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = ws.appending(path: "control.csv")
        try Data(Self.csv(Self.header, "C00000012,Sato\u{1}Hina,b@example.jp,100-0002,東京都,港区,1-2,true", "")).write(to: source)
        let run = try extract("prize-shipping", "hayate-transport", source: "control.csv", out: "../out", format: "csv", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try pythonRows(csv: try onlyPackage(in: root.appending(path: "out")).appending(path: "extract.csv"))
        #expect(rows.count == 2 && rows[1][1] == "Sato\u{1}Hina")
    }

    /// `--out` is created, but not its parents: an extract that then fails could not tell which of them
    /// to remove, so a missing parent is an input error, and nothing is created.
    @Test func anOutWhoseParentDoesNotExistIsAnInputErrorAndCreatesNothing() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let events = try registerRows(ws)
        let run = try extract(
            "prize-shipping", "hayate-transport", source: extractFixtures.appending(path: "customers-tricky.csv").path,
            out: "../fresh/deeper/out", in: ws)
        #expect(run.status == 2)
        #expect(run.stderr.contains("cannot create the output directory"), "\(run.stderr)")
        #expect(listing(root.appending(path: "fresh")) == nil, "\(listing(root.appending(path: "fresh")) ?? [])")
        #expect(try registerRows(ws) == events)
        #expect(pendingMarkers(ws).isEmpty)
    }

    /// An XML source is usually pretty-printed, one child per line; an error in a record names the line where
    /// the record starts, however far into a large file it is (not where libxml2's reader has read up to).
    @Test func anXMLRecordErrorNamesTheLineWhereTheRecordStartsInALargeFile() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<customers>"]
        var recordLine = 0
        for i in 1...3000 {
            if i == 1500 { recordLine = lines.count + 1 }
            lines.append("  <customer>")
            lines.append("    <customer_id>C\(String(format: "%08d", i))</customer_id>")
            lines.append("    <full_name>Name \(i)</full_name>")
            if i != 1500 { lines.append("    <email>e\(i)@example.jp</email>") }
            for (name, value) in [("postal_code", "100-0001"), ("prefecture", "東京都"), ("city", "港区"), ("street_address", "1-1"), ("consent_prize", "true")] {
                lines.append("    <\(name)>\(value)</\(name)>")
            }
            lines.append("  </customer>")
        }
        lines.append("</customers>")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: ws.appending(path: "large.xml"))
        #expect(recordLine == 14993)
        let run = try extract("prize-shipping", "hayate-transport", source: "large.xml", out: "../out", in: ws)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("large.xml:\(recordLine): error: this record has no <email>"), "\(run.stderr)")
        #expect(listing(root.appending(path: "out")) == nil)
    }

    /// A layout column name that cannot be an XML element name is an error on the template's line when XML
    /// is asked for; CSV can carry it.
    @Test func aColumnNameThatCannotBeAnElementIsAnErrorForXMLOnly() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let template = ws.appending(path: "templates/prize-shipping.xml")
        try edit(template, replacing: #"<column name="email" field="contact.email"/>"#, with: #"<column name="xmlEmail" field="contact.email"/>"#)
        let line = try #require(try readText(template).split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("xmlEmail") }) + 1
        let fixture = extractFixtures.appending(path: "customers-tricky.csv").path
        let xml = try extract("prize-shipping", "hayate-transport", source: fixture, out: "../xml", format: "csv,xml", in: ws)
        #expect(xml.status == 2)
        #expect(xml.stderr.hasPrefix("templates/prize-shipping.xml:\(line): error: column name 'xmlEmail' cannot be an XML element name"), "\(xml.stderr)")
        #expect(listing(root.appending(path: "xml")) == nil)
        let csv = try extract("prize-shipping", "hayate-transport", source: fixture, out: "../csv", format: "csv", in: ws)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(try pythonRows(csv: try onlyPackage(in: root.appending(path: "csv")).appending(path: "extract.csv"))[0].last == "xmlEmail")
    }

    @Test func anOutThatIsAFileIsAnInputErrorAndStaysAsItWas() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("not a directory".utf8).write(to: root.appending(path: "out"))
        let events = try registerRows(ws)
        let run = try extract(
            "prize-shipping", "hayate-transport", source: extractFixtures.appending(path: "customers-tricky.csv").path,
            out: "../out", in: ws)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--out must be a directory"), "\(run.stderr)")
        #expect(try readText(root.appending(path: "out")) == "not a directory")
        #expect(try registerRows(ws) == events)
        #expect(pendingMarkers(ws).isEmpty)
    }

    @Test(arguments: ["json", "csv,csv", "", "csv;xml"])
    func anUnknownFormatIsAUsageErrorBeforeAnythingIsRead(format: String) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let events = try registerRows(ws)
        let run = try extract("prize-shipping", "hayate-transport", source: "missing.csv", out: "../out", format: format, in: ws)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--format must be csv, xml or csv,xml"), "\(run.stderr)")
        #expect(listing(root.appending(path: "out")) == nil)
        #expect(try registerRows(ws) == events)
    }

    /// Children the extract does not need are skipped whatever they hold.
    @Test func childrenTheExtractDoesNotNeedMayHoldElements() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = ws.appending(path: "in.xml")
        let extra = "<notes><p>line</p><p>other</p></notes></customer>"
        try Data(Self.xml(Self.customer("C00000001").replacingOccurrences(of: "</customer>", with: extra))).write(to: source)
        let run = try consign(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", source.path, "--out",
             root.appending(path: "out").path], in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("extracted 1 of 1 records"))
    }
}
