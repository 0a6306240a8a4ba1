import Foundation
import Testing

/// `consign extract` on a small source with every awkward case of CSV, compared byte for byte with golden
/// files that were checked by hand (Fixtures/extract/prize-shipping.golden.csv and .xml: CRLF record ends,
/// quoting only where RFC 4180 needs it, the `'` guard on cells a spreadsheet would run but not on `-12` or
/// `+81 90-1234-5678`, `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` and `&#13;` in XML). The pseudonyms depend on
/// the workspace's random master key, so the golden files hold `{{hmac:ID}}` placeholders that the test
/// fills with pseudonyms recomputed from the key file.
@Suite struct ExtractGoldenTests {
    @Test func theTrickyFixtureExtractsToTheGoldenCSVAndXMLByteForByte() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = extractFixtures.appending(path: "customers-tricky.csv")
        let run = try extract("prize-shipping", "hayate-transport", source: source.path, out: "../out", format: "csv,xml", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("extracted 6 of 9 records (3 out of scope, 0 on the stop-use list)"), "\(run.stdout)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        #expect(entries(package) == ["extract.csv", "extract.xml", "extract.xsd", "manifest.xml", "manifest.xml.sig"])
        #expect(entries(root.appending(path: "out")) == [package.lastPathComponent], "no hidden folder is left in --out")
        #expect(pendingMarkers(ws).isEmpty)

        let key = try masterKeyBytes(ws)
        for name in ["csv", "xml"] {
            let expected = try TrickyCustomers.golden("prize-shipping.golden.\(name)", contractor: "hayate-transport", masterKey: key)
            let actual = try Data(contentsOf: package.appending(path: "extract.\(name)"))
            #expect(
                actual == expected,
                "extract.\(name) differs from the golden file:\n\(String(decoding: actual, as: UTF8.self))")
        }
    }

    /// The golden fixture is the records the other tests build their variants from.
    @Test func theFixtureHoldsTheTrickyRecordsAsPythonReadsThem() throws {
        let bytes = [UInt8](try Data(contentsOf: extractFixtures.appending(path: "customers-tricky.csv")))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "the fixture starts with a UTF-8 BOM")
        #expect(bytes.last != 0x0A, "the fixture has no final newline")
        #expect(bytes.contains(0x0D) && bytes.split(separator: 0x0A).contains { $0.last != 0x0D }, "CRLF and LF record ends")
        let script = """
            import csv, json, sys
            with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
                json.dump(list(csv.reader(f, strict=True)), sys.stdout)
            """
        let rows = try JSONDecoder().decode([[String]].self, from: try python(script, [extractFixtures.appending(path: "customers-tricky.csv").path]))
        #expect(rows == [TrickyCustomers.header] + TrickyCustomers.records)
    }

    @Test func pythonReadsTheExtractCSVBackToTheValuesSentWithTheFormulaGuard() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try extract(
            "prize-shipping", "hayate-transport", source: extractFixtures.appending(path: "customers-tricky.csv").path,
            out: "../out", format: "csv", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        #expect(entries(package) == ["extract.csv", "manifest.xml", "manifest.xml.sig"])
        let key = try masterKeyBytes(ws)
        let p = { (id: String) in expectedPseudonym(id, contractor: "hayate-transport", masterKey: key) }
        // What a spreadsheet user must see: the guard on =, +, -, @ and tab, never on a number or a phone number.
        let expected: [[String]] = [
            TrickyCustomers.prizeColumns,
            [p("C00000101"), "山田 太郎", "100-0001", "東京都", "千代田区", "1-2-3 グランドタワー, 7F", "taro.yamada@example.jp"],
            [p("C00000102"), "Nippon \"Logi\" 花子", "530-0001", "大阪府", "大阪市北区", "4-5-6\r\n東棟 2F", "hanako@example.jp"],
            [p("C00000103"), "'=HYPERLINK(\"http://evil.example/\",\"click\")", "150-0001", "東京都", "A&B <東棟>", "1-1\nline two", "jiro@example.jp"],
            [p("C00000104"), "'+SUM(A1)", "+81 90-1234-5678", "-12", "'-2+3", "'quoted' & \"double\" >", "'@evil.example"],
            [p("C00000108"), "'\tTab Name", "150-0008", "東京都", "'@渋谷", "x\ry", ""],
            [p("C00000109"), "鈴木 一郎", "060-0001", "北海道", "札幌市中央区", "5-6-7 サンハイツ 1504号室", "ichiro.suzuki@example.jp"],
        ]
        let rows = try pythonRows(csv: package.appending(path: "extract.csv"))
        #expect(rows == expected)
        // RFC 4180 as the sink promises: CRLF after every record (the last one too), UTF-8 without a BOM.
        let bytes = [UInt8](try Data(contentsOf: package.appending(path: "extract.csv")))
        #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
    }

    @Test func theExtractXMLIsValidAgainstItsSchemaAndReadsBackToTheValuesUnchanged() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try extract(
            "prize-shipping", "hayate-transport", source: extractFixtures.appending(path: "customers-tricky.csv").path,
            out: "../out", format: "xml", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        #expect(entries(package) == ["extract.xml", "extract.xsd", "manifest.xml", "manifest.xml.sig"])
        let xml = package.appending(path: "extract.xml")
        #expect(try schemaProblems(xml, schema: package.appending(path: "extract.xsd")) == 0)
        // The schema is not a formality: a pseudonym that is not 64 lowercase hex digits breaks it.
        let broken = root.appending(path: "broken.xml")
        let text = try readText(xml)
        let first = try #require(text.firstMatch(of: /<customer_ref>([0-9a-f]{64})<\/customer_ref>/))
        try Data(text.replacingOccurrences(of: String(first.1), with: first.1.uppercased()).utf8).write(to: broken)
        #expect(try schemaProblems(broken, schema: package.appending(path: "extract.xsd")) > 0)

        let key = try masterKeyBytes(ws)
        let parsed = try pythonRecords(xml: xml)
        #expect(parsed.attributes == ["task": "prize-shipping", "contractor": "hayate-transport"])
        #expect(parsed.names == Array(repeating: TrickyCustomers.prizeColumns, count: 6))
        let expected = zip(TrickyCustomers.prizeIDs, TrickyCustomers.prizeValues).map { id, values in
            [expectedPseudonym(id, contractor: "hayate-transport", masterKey: key)] + values
        }
        // No formula guard in XML, and CR survives the parser's line-end normalisation (written as &#13;).
        #expect(parsed.values == expected)
        #expect(parsed.values[1][5] == "4-5-6\r\n東棟 2F" && parsed.values[4][5] == "x\ry")
        #expect(text.contains("<city>A&amp;B &lt;東棟&gt;</city>"))
        #expect(text.contains("<street_address>4-5-6&#13;\n東棟 2F</street_address>"))
    }

    @Test func theManifestDescribesThePackageAndItsTransferEvent() async throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try registerRows(ws)
        let run = try extract(
            "prize-shipping", "hayate-transport", source: extractFixtures.appending(path: "customers-tricky.csv").path,
            out: "../out", format: "csv,xml", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        let manifest = try expectCompletePackage(package, in: ws)
        let after = try registerRows(ws)
        // The transfer, then its package's signature, appended together.
        #expect(after.count == before.count + 2)
        #expect(after.dropLast().last?.sequence == manifest.ledgerEvent && after.dropLast().last?.kind == "transfer")
        #expect(after.last?.kind == "package-signature")
        #expect(run.stdout.contains("transfer \(manifest.transfer) is event \(manifest.ledgerEvent)"))
        #expect(manifest.contractor == "hayate-transport" && manifest.task == "prize-shipping")
        #expect(manifest.files.map(\.name) == ["extract.csv", "extract.xml", "extract.xsd"])
        #expect(manifest.rows == 6 && manifest.subjectCount == 6)
        #expect(
            manifest.fields == [
                "customer.id:hmac", "person.name", "address.postal_code", "address.prefecture", "address.city",
                "address.street", "contact.email",
            ])
        // The register's transfer says the same as the manifest.
        let transfer = try #require(try await recordedTransfers(ws).last)
        #expect(transfer.value.id == manifest.transfer && transfer.sequence == manifest.ledgerEvent)
        #expect(transfer.value.rows == 6 && transfer.value.subjects.count == 6)
        #expect(transfer.value.files.map(\.sha256) == manifest.files.map(\.sha256))
        #expect(URL(fileURLWithPath: transfer.value.package).standardizedFileURL.path == package.standardizedFileURL.path)
    }
}
