import ConsignCore
import ConsignPipeline
import ConsignWorkspace
import Foundation
import Testing

@Suite struct SampleCustomersTests {
    @Test func theCSVWriterQuotesExactlyWhatRFC4180Requires() throws {
        let directory = try temporaryDirectory()
        let url = directory.appending(path: "out.csv")
        let file = try AtomicFile(url)
        try CSVWriter(file).writeRecord(["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "", " spaced ", "東棟"])
        // Nothing is visible under the real name before the commit.
        #expect(!FileManager.default.fileExists(atPath: url.path))
        try file.commit()
        let text = try #require(String(data: try Data(contentsOf: url), encoding: .utf8))
        #expect(text == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",, spaced ,東棟\r\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"])
    }

    @Test func anUncommittedFileLeavesNothingBehind() throws {
        let directory = try temporaryDirectory()
        do {
            let file = try AtomicFile(directory.appending(path: "out.csv"))
            try file.append(Array("half a record".utf8))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func theSameSeedGivesTheSameRowsAndEveryColumnOfTheCatalog() throws {
        let catalog = try WorkspaceDocuments.load(Workspace(root: repositoryRoot)).catalog().document
        var a = SampleCustomers(catalog: catalog, seed: 42)
        var b = SampleCustomers(catalog: catalog, seed: 42)
        var c = SampleCustomers(catalog: catalog, seed: 43)
        #expect(a.columns == catalog.fields.map(\.column))
        let rowsA = (0..<500).map { _ in a.next() }
        #expect(rowsA == (0..<500).map { _ in b.next() })
        #expect(rowsA != (0..<500).map { _ in c.next() })
        #expect(rowsA.allSatisfy { $0.count == 22 })
        // Unique subject keys; realistic and awkward values all occur.
        #expect(Set(rowsA.map { $0[0] }).count == 500)
        let cells = rowsA.flatMap { $0 }
        #expect(cells.contains { $0.contains(",") } && cells.contains { $0.contains("\n") } && cells.contains { $0.contains("\"") })
        #expect(cells.contains { $0.hasPrefix("=") } && cells.contains { $0.hasPrefix("+") })
        #expect(rowsA.allSatisfy { CalendarDate($0[9]) != nil && ["true", "false"].contains($0[13]) })
        // A consent to a provision is a date or nothing, both often; never before the customer registered.
        for column in ["consent_provision_linkad", "consent_provision_prize_sponsors"] {
            let position = try #require(catalog.fields.firstIndex { $0.column == column })
            let registered = try #require(catalog.fields.firstIndex { $0.column == "registered_at" })
            let values = rowsA.map { $0[position] }
            #expect(values.allSatisfy { $0.isEmpty || CalendarDate($0) != nil })
            #expect(values.filter(\.isEmpty).count > 250 && values.filter { !$0.isEmpty }.count > 100)
            #expect(rowsA.allSatisfy { $0[position].isEmpty || $0[position] >= String($0[registered].prefix(10)) })
        }
    }

    /// Python's csv module, an independent RFC 4180 reader, reads back every row with all 22 fields.
    @Test func pythonsCSVModuleReadsTheFileBack() throws {
        let root = try temporaryDirectory()
        let run = try consign(["sample", "customers", "--rows", "3000", "--out", "c.csv", "--seed", "9", "--workspace", repositoryRoot.path], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("wrote 3000 customers to c.csv"))
        let python = try ConsignTests.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import csv, sys
            rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
            print(len(rows), sorted(set(len(r) for r in rows)), len(set(r[0] for r in rows[1:])), rows[0][0])
            """, root.appending(path: "c.csv").path])
        let answer = python.stdout
        #expect(answer == "3001 [22] 3000 customer_id\n")
        let again = try consign(["sample", "customers", "--rows", "3000", "--out", "d.csv", "--seed", "9", "--workspace", repositoryRoot.path], in: root)
        #expect(again.status == 0)
        #expect(FileManager.default.contents(atPath: root.appending(path: "c.csv").path)
            == FileManager.default.contents(atPath: root.appending(path: "d.csv").path))
    }

    @Test func aFileThatCannotBeWrittenIsAnInputErrorAndLeavesNothing() throws {
        let root = try temporaryDirectory()
        let run = try consign(["sample", "customers", "--rows", "10", "--out", "missing/dir/c.csv", "--workspace", repositoryRoot.path], in: root)
        #expect(run.status == 2 && run.stderr.contains("missing/dir/c.csv"))
        let negative = try consign(["sample", "customers", "--rows", "-1", "--out", "c.csv", "--workspace", repositoryRoot.path], in: root)
        #expect(negative.status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }
}
