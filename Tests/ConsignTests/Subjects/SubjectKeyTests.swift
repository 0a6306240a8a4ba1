import ConsignCore
import Foundation
import Testing

/// One standard form of a subject key (`SubjectKey`), run as one table of variants through the function
/// and through every entry point that hashes a key: `subject stop-use` by argument and by file, `subject
/// show`, `subject erase`, and the records of an extract's CSV and XML sources.
@Suite struct SubjectKeyTests {
    /// A variant of `C00000002` and what it must be: that key, or an input error saying this much.
    struct Variant: Sendable, CustomTestStringConvertible {
        enum Expected: Sendable { case key(String), refused(String) }
        var text: String
        var expected: Expected
        var testDescription: String { text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : "<U+\(String($0.value, radix: 16, uppercase: true))>" }.joined() }

        static func same(_ text: String) -> Variant { Variant(text: text, expected: .key("C00000002")) }
        static func refused(_ text: String, _ message: String) -> Variant { Variant(text: text, expected: .refused(message)) }
    }

    static let variants: [Variant] = [
        .same("C00000002"),
        .same("C00000002 "),
        .same("  C00000002"),
        .same("\u{FEFF}C00000002"),
        .same("\u{3000}C00000002\u{3000}"),
        .same("\u{00A0}C00000002"),
        .same("C00000002\r"),
        .same("\tC00000002\r\n"),
        .refused("C0000\u{200B}0002", "holds U+200B ZERO WIDTH SPACE, an invisible or control character"),
        .refused("C00000002\u{200B}", "holds U+200B ZERO WIDTH SPACE, an invisible or control character"),
        .refused("C00000002\u{FEFF}", "holds U+FEFF ZERO WIDTH NO-BREAK SPACE, an invisible or control character"),
        .refused("\u{FF23}00000002", "holds U+FF23 FULLWIDTH LATIN CAPITAL LETTER C, a full-width, half-width or compatibility form of another character: write the key as 'C00000002'"),
        .refused("C0000000\u{FF12}", "holds U+FF12 FULLWIDTH DIGIT TWO, a full-width, half-width or compatibility form of another character: write the key as 'C00000002'"),
        .refused("C0000000\u{2461}", "holds U+2461 CIRCLED DIGIT TWO, a full-width, half-width or compatibility form of another character"),
        .refused("\u{212A}00000002", "holds U+212A KELVIN SIGN, a full-width, half-width or compatibility form of another character"),
        .refused("\u{FF76}00000002", "holds U+FF76 HALFWIDTH KATAKANA LETTER KA, a full-width, half-width or compatibility form"),
        .refused("C0000\u{3000}0002", "holds U+3000 IDEOGRAPHIC SPACE, white space inside it"),
        .refused("C0000 0002", "holds U+0020 SPACE, white space inside it"),
        .refused("C\u{0301}00000002", "holds U+0301 COMBINING ACUTE ACCENT, a combining mark"),
        .refused("C0000\u{202E}0002", "holds U+202E RIGHT-TO-LEFT OVERRIDE, an invisible or control character"),
    ]

    @Test(arguments: variants) func theStandardForm(_ variant: Variant) throws {
        switch (SubjectKey.standard(variant.text), variant.expected) {
        case (.success(let key), .key(let expected)):
            #expect(key == expected)
        case (.failure(let problem), .refused(let message)):
            #expect(problem.description.contains(message), "\(problem)")
            #expect(problem.description.hasSuffix("keys are compared exactly, so this one would be another person"))
        case (let got, let expected):
            Issue.record("got \(got), expected \(expected)")
        }
        // The byte-level form (what an extract applies to every record) agrees with the text form.
        let bytes = Array(variant.text.utf8)
        let range = bytes.withUnsafeBytes { SubjectKey.standard($0) }
        #expect(range.map { String(decoding: bytes[$0], as: UTF8.self) } == SubjectKey.standard(variant.text))
    }

    @Test(arguments: ["", " ", "\u{FEFF}", "\u{3000}\r\n"]) func nothingButWhiteSpaceIsNoKey(_ text: String) {
        #expect(SubjectKey.standard(text) == .failure(.empty))
    }

    @Test(arguments: ["c00000002", "顧客-0001", "Müller-7", "A_b.c@d", "Ωmega-1"])
    func otherKeysAreTakenAsTheyAre(_ text: String) {
        #expect(SubjectKey.standard(text) == .success(text))
    }

    // MARK: - Every entry point

    /// The demo's stop-use list holds C00000002: its keyed hash, as the command prints it.
    func hash(of key: String, in ws: URL) throws -> String {
        UInt64(expectedSubjectHash(key, masterKey: try masterKeyBytes(ws))).hex16
    }

    /// `consign subject stop-use VARIANT` on a workspace whose list does not yet hold C00000002.
    @Test(arguments: variants) func stopUseByArgumentAndByFile(_ variant: Variant) throws {
        let ws = try AuditWorkspace.create("consign-subject-key")
        defer { ws.remove() }
        let byArgument = try consign(["subject", "stop-use", variant.text, "--reason", "asked"], in: ws.root)
        let listed = "first\r\nC00000001\r\n\(variant.text)\r\n"
        try ws.write("requests.txt", listed)
        let byFile = try consign(["subject", "stop-use", "--file", "requests.txt", "--reason", "letters", "--on", "2026-11-17"], in: ws.root)
        let expectedHash = try hash(of: "C00000002", in: ws.root)
        switch variant.expected {
        case .key:
            #expect(byArgument.status == 0 && byArgument.stdout.contains("subject \(expectedHash)"), "\(byArgument.stdout)\(byArgument.stderr)")
            // Already on the list by the argument: line 3 is reported with the same keyed hash, which shows it
            // is the same person, and not added again; the other lines are.
            #expect(byFile.status == 0 && byFile.stderr.contains("requests.txt:3: warning: "), "\(byFile.stderr)")
            #expect(byFile.stderr.contains("(keyed hash \(expectedHash)) is already on the stop-use list"), "\(byFile.stderr)")
            #expect(byFile.stdout.split(separator: "\n").filter { $0.hasPrefix("stop-use from") }.count == 2, "\(byFile.stdout)")
        case .refused(let message):
            #expect(byArgument.status == 2 && byArgument.stderr.contains(message) && byArgument.stderr.contains("(the subject id given)"), "\(byArgument.stderr)")
            #expect(byFile.status == 2 && byFile.stderr.contains("requests.txt:3: error: ") && byFile.stderr.contains(message), "\(byFile.stderr)")
            let stopped = try consign(["subject", "stopped", "--format", "json"], in: ws.root).stdout
            #expect((try JSONSerialization.jsonObject(with: Data(stopped.utf8)) as? [Any])?.isEmpty == true, "\(stopped)")
        }
    }

    @Test(arguments: variants) func showAndErase(_ variant: Variant) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let expectedHash = try hash(of: "C00000002", in: ws)
        let show = try consign(["subject", "show", variant.text], in: ws)
        let erase = try consign(["subject", "erase", variant.text, "--reason", "asked"], in: ws)
        switch variant.expected {
        case .key:
            #expect(show.status == 0 && show.stdout.hasPrefix("subject C00000002 (keyed hash \(expectedHash))"), "\(show.stdout)\(show.stderr)")
            #expect(erase.status == 0 && erase.stdout.contains("(keyed hash \(expectedHash))"), "\(erase.stdout)\(erase.stderr)")
        case .refused(let message):
            #expect(show.status == 2 && show.stderr.contains(message), "\(show.stderr)")
            #expect(erase.status == 2 && erase.stderr.contains(message), "\(erase.stderr)")
        }
    }

    /// The demo's C00000002 (on its stop-use list; given the prize consent here) written with the variant in its
    /// key cell, in a CSV and an XML source: left out as the person on the list, or an error at its line.
    @Test(arguments: variants) func extractSources(_ variant: Variant) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let rows = csvRecords(try readText(ws.appending(path: "data/customers.csv")))
        let header = rows[0]
        var person = try #require(rows.first { $0.first == "C00000002" })
        // With the prize consent, so that only the stop-use list can leave them out.
        person[try #require(header.firstIndex(of: "consent_prize"))] = "true"
        let other = try #require(rows.first { $0.first == "C00000001" })
        func csvLine(_ cells: [String]) -> String {
            cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n"
        }
        try Data((csvLine(header) + csvLine(other) + csvLine([variant.text] + person.dropFirst())).utf8)
            .write(to: ws.appending(path: "data/variant.csv"))
        func xmlRecord(_ cells: [String]) -> String {
            "<customer>" + zip(header, cells).map { "<\($0)>\(xmlEscaped($1))</\($0)>" }.joined() + "</customer>\n"
        }
        try Data(("<customers>\n" + xmlRecord(other) + xmlRecord([variant.text] + person.dropFirst()) + "</customers>\n").utf8)
            .write(to: ws.appending(path: "data/variant.xml"))
        for source in ["data/variant.csv", "data/variant.xml"] {
            let out = "../out-\(source.hasSuffix("xml") ? "xml" : "csv")"
            let run = try extract("prize-shipping", "hayate-transport", source: source, out: out, in: ws)
            switch variant.expected {
            case .key:
                #expect(run.status == 0 && run.stdout.contains("extracted 1 of 2 records (0 out of scope, 1 on the stop-use list)"), "\(source): \(run.stdout)\(run.stderr)")
            case .refused(let message):
                #expect(run.status == 2, "\(source): \(run.stdout)")
                #expect(run.stderr.contains("\(source):3: error: ") && run.stderr.contains(message), "\(source): \(run.stderr)")
                #expect(!FileManager.default.fileExists(atPath: root.appending(path: String(out.dropFirst(3))).path))
            }
        }
    }
}

/// XML character escapes for a text node (CR as a character reference, so that it survives parsing).
func xmlEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\r", with: "&#13;")
}

extension UInt64 {
    /// Sixteen lowercase hex digits.
    var hex16: String { let digits = String(self, radix: 16); return String(repeating: "0", count: 16 - digits.count) + digits }
}
