import Crypto
import Foundation
import Testing

/// The extract depends on the records, never on how the source spells them: CRLF or LF, minimal or full
/// quoting, a BOM or not, a final newline or not, the order of the columns, CSV or XML.
@Suite struct ExtractSerialisationTests {
    /// Extracts `source` (a file name inside `root/sources`) into `root/out/<name>`; the package.
    func extractPackage(_ name: String, root: URL, ws: URL, format: String = "csv,xml", sourceLocation: SourceLocation = #_sourceLocation)
        throws -> URL
    {
        // --out is made, but not its parent.
        try FileManager.default.createDirectory(at: root.appending(path: "out"), withIntermediateDirectories: true)
        let run = try extract(
            "prize-shipping", "hayate-transport", source: "../sources/\(name)", out: "../out/\(name)", format: format, in: ws)
        #expect(run.status == 0, "\(name): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stdout.contains("extracted 6 of 9 records"), "\(name): \(run.stdout)", sourceLocation: sourceLocation)
        return try onlyPackage(in: root.appending(path: "out/\(name)"), sourceLocation: sourceLocation)
    }

    @Test func theSameRecordsSerialisedDifferentlyGiveByteIdenticalExtracts() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let sources = root.appending(path: "sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let variants: [(String, Data)] = [
            ("crlf-minimal-bom-final.csv", TrickyCustomers.csv(newline: "\r\n", quoteAll: false, bom: true, finalNewline: true)),
            ("lf-minimal-plain-nofinal.csv", TrickyCustomers.csv(newline: "\n", quoteAll: false, bom: false, finalNewline: false)),
            ("crlf-quoted-plain-nofinal.csv", TrickyCustomers.csv(newline: "\r\n", quoteAll: true, bom: false, finalNewline: false)),
            ("lf-quoted-bom-final.csv", TrickyCustomers.csv(newline: "\n", quoteAll: true, bom: true, finalNewline: true)),
            (
                "columns-reversed.csv",
                TrickyCustomers.csv(
                    newline: "\r\n", quoteAll: false, bom: false, finalNewline: true,
                    order: TrickyCustomers.header.indices.reversed())
            ),
            ("fixture.csv", try Data(contentsOf: extractFixtures.appending(path: "customers-tricky.csv"))),
        ]
        #expect(Set(variants.map { SHA256.hash(data: $0.1).description }).count == variants.count, "the variants differ")
        for (name, bytes) in variants { try bytes.write(to: sources.appending(path: name)) }

        let transfersBefore = try transferRows(ws).count
        var packages: [URL] = []
        for (name, _) in variants { packages.append(try extractPackage(name, root: root, ws: ws)) }
        #expect(try transferRows(ws).count == transfersBefore + variants.count)
        #expect(Set(packages.map(\.lastPathComponent)).count == variants.count, "each extract is its own transfer")

        let key = try masterKeyBytes(ws)
        for format in ["csv", "xml"] {
            let golden = try TrickyCustomers.golden("prize-shipping.golden.\(format)", contractor: "hayate-transport", masterKey: key)
            for (package, (name, _)) in zip(packages, variants) {
                let actual = try Data(contentsOf: package.appending(path: "extract.\(format)"))
                #expect(
                    SHA256.hash(data: actual) == SHA256.hash(data: golden),
                    "\(name): extract.\(format) differs:\n\(String(decoding: actual, as: UTF8.self))")
            }
        }
    }

    /// An XML source (one element per record, children named by the catalog's source columns in any
    /// order, extra children, CDATA, empty elements) gives the same extract as the CSV source.
    @Test func anXMLSourceGivesTheSameExtractAsTheCSVSource() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let sources = root.appending(path: "sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let xml = TrickyCustomers.xml()
        try xml.write(to: sources.appending(path: "customers.xml"))
        // The same document with a BOM and CRLF line ends (a parser turns CRLF in text into LF, as in the
        // values that hold LF; the CR of CRLF values is written &#13;).
        let crlf = String(decoding: xml, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n")
        try Data(("\u{FEFF}" + crlf).utf8).write(to: sources.appending(path: "customers-bom-crlf.xml"))
        try FileManager.default.copyItem(
            at: extractFixtures.appending(path: "customers-tricky.csv"), to: sources.appending(path: "customers.csv"))
        let fromCSV = try extractPackage("customers.csv", root: root, ws: ws)
        let fromCSVManifest = try expectCompletePackage(fromCSV, in: ws)
        for name in ["customers.xml", "customers-bom-crlf.xml"] {
            let fromXML = try extractPackage(name, root: root, ws: ws)
            for file in ["extract.csv", "extract.xml", "extract.xsd"] {
                let text = try readText(fromXML.appending(path: file))
                #expect(try sha256OfFile(fromXML.appending(path: file)) == sha256OfFile(fromCSV.appending(path: file)), "\(name) \(file):\n\(text)")
            }
            let fromXMLManifest = try expectCompletePackage(fromXML, in: ws)
            #expect(fromXMLManifest.subjectSHA256 == fromCSVManifest.subjectSHA256)
            #expect(fromXMLManifest.rows == 6)
        }
    }

    /// A value of spaces only is a value: CSV sends it as it is, and so must an XML source (libxml2's reader
    /// reports whitespace-only text as a "significant whitespace" node, not a text node).
    @Test func aValueOfSpacesOnlyFromAnXMLSourceIsSentAsFromCSV() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let sources = root.appending(path: "sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let columns = ["customer_id", "full_name", "email", "postal_code", "prefecture", "city", "street_address", "consent_prize"]
        let values = ["C00000201", "   ", "a@example.jp", "100-0001", "東京都", "港区", " ", "true"]
        try Data((columns.joined(separator: ",") + "\r\n" + values.joined(separator: ",") + "\r\n").utf8)
            .write(to: sources.appending(path: "spaces.csv"))
        let children = zip(columns, values).map { "<\($0)>\($1)</\($0)>" }.joined()
        try Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<customers><customer>\(children)</customer></customers>\n".utf8)
            .write(to: sources.appending(path: "spaces.xml"))
        var rows: [[String]] = []
        try FileManager.default.createDirectory(at: root.appending(path: "out"), withIntermediateDirectories: true)
        for name in ["spaces.csv", "spaces.xml"] {
            let run = try extract("prize-shipping", "hayate-transport", source: "../sources/\(name)", out: "../out/\(name)", in: ws)
            #expect(run.status == 0, "\(run.stderr)")
            rows.append(try pythonRows(csv: try onlyPackage(in: root.appending(path: "out/\(name)")).appending(path: "extract.csv"))[1])
        }
        #expect(rows[0][1] == "   " && rows[0][5] == " ", "CSV sends the spaces")
        #expect(rows[1] == rows[0], "the XML source lost the values of spaces only")
    }
}
