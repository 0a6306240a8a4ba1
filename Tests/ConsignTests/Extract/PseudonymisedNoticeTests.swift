import Foundation
import ConsignKeys
import Testing

/// A pseudonymised task's package tells the contractor that the data is 仮名加工情報 and that
/// re-identifying and contacting the persons is forbidden (APPI Art. 41(6)–(8)), in Japanese and English:
/// `NOTICE.txt`, recorded among the transfer's files, the manifest and the XML extract. Other tasks' packages
/// say nothing of the kind.
@Suite struct PseudonymisedNoticeTests {
    static let sentences = [
        "このパッケージのデータは、個人情報の保護に関する法律（個人情報保護法）上の仮名加工情報であり",
        "本人を識別するために、他の情報と照合してはなりません（個人情報保護法 41 条 7 項）",
        "住居を訪問してはなりません（同法 41 条 8 項）",
        "第三者に提供してはなりません（同法 41 条 6 項）",
        "The data in this package is pseudonymised personal information under Japan's Act on the Protection of Personal "
            + "Information (APPI), entrusted to you for task statistics-abroad only.",
        "to identify the persons it concerns (APPI Art. 41(7))",
        "or visit the persons it concerns (APPI Art. 41(8))",
        "do not provide it to a third party (APPI Art. 41(6))",
    ]

    @Test func thePackageTheManifestAndTheXMLStateItInBothLanguages() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appending(path: "out")
        let run = try extract("statistics-abroad", "nordstat", source: "data/customers.csv", out: "../out", format: "csv,xml", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let package = try onlyPackage(in: out)
        #expect(entries(package) == ["NOTICE.txt", "extract.csv", "extract.xml", "extract.xsd", "manifest.xml", "manifest.xml.sig"])

        let notice = try readText(package.appending(path: "NOTICE.txt"))
        #expect(notice.hasPrefix("仮名加工情報の取扱いについて：業務 statistics-abroad、委託先 nordstat\n"), "\(notice)")
        #expect(notice.contains("\n\nPseudonymised personal information: task statistics-abroad, contractor nordstat\n"))
        for sentence in Self.sentences { #expect(notice.contains(sentence), "\(sentence)") }

        // The manifest names the file among the transfer's files, and states the notice itself.
        let manifest = try readText(package.appending(path: "manifest.xml"))
        let bytes = try Data(contentsOf: package.appending(path: "NOTICE.txt"))
        #expect(manifest.contains("<file name=\"NOTICE.txt\" bytes=\"\(bytes.count)\" sha256=\"\(sha256Hex([UInt8](bytes)))\"/>"))
        let stated = try JSONDecoder().decode(
            [String: String].self,
            from: try python(
                """
                import json, sys, xml.etree.ElementTree as ET
                root = ET.parse(sys.argv[1]).getroot()
                notice = root.find('notice')
                assert notice.get('kind') == 'pseudonymised-information' and notice.get('file') == 'NOTICE.txt'
                texts = {t.get('lang'): t.text for t in notice.findall('text')}
                extract = ET.parse(sys.argv[2]).getroot()
                for n in extract.findall('notice'):
                    texts['extract-' + n.get('lang')] = n.text
                json.dump(texts, sys.stdout)
                """, [package.appending(path: "manifest.xml").path, package.appending(path: "extract.xml").path]))
        #expect(stated.keys.sorted() == ["en", "extract-en", "extract-ja", "ja"])
        #expect((stated["ja"] ?? "") + "\n\n" + (stated["en"] ?? "") + "\n" == notice)
        #expect(stated["extract-ja"] == stated["ja"] && stated["extract-en"] == stated["en"])
        #expect(try schemaProblems(package.appending(path: "extract.xml"), schema: package.appending(path: "extract.xsd")) == 0)

        // Recorded like every file of the package: a changed notice is found.
        #expect(try consign(["ledger", "verify", "--packages", out.path], in: ws).status == 0)
        try Data((notice + "amended by the contractor\n").utf8).write(to: package.appending(path: "NOTICE.txt"))
        let verify = try consign(["ledger", "verify", "--packages", out.path], in: ws)
        #expect(verify.status == 1, "\(verify.stdout)")
        #expect(verify.stdout.contains("NOTICE.txt"), "\(verify.stdout)")
    }

    @Test func aTaskThatIsNotPseudonymisedGivesNoNotice() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try extract("survey-processing", "aozora-research", source: "data/customers.csv", out: "../out", format: "xml", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        #expect(entries(package) == ["extract.xml", "extract.xsd", "manifest.xml", "manifest.xml.sig"])
        #expect(!(try readText(package.appending(path: "manifest.xml"))).contains("<notice"))
        #expect(!(try readText(package.appending(path: "extract.xml"))).contains("<notice"))
    }
}
