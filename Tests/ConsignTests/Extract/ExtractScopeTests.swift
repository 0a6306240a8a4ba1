import Crypto
import Foundation
import Testing

/// Which customers an extract sends: only those the task's row scope admits (consent clearly given), never
/// one on the stop-use list; the manifest's row count is the CSV's; and the register keeps exactly the keyed
/// hashes of the customers sent, sorted, in chunks of 120 big-endian 8-byte values.
@Suite struct ExtractScopeTests {
    /// Customer ids of a CSV source, and each record's value of `column`, as Python's csv module reads them.
    func sourceColumn(_ url: URL, _ column: String) throws -> [(id: String, value: String)] {
        let rows = try pythonRows(csv: url)
        let index = try #require(rows[0].firstIndex(of: column))
        return rows.dropFirst().map { ($0[0], $0[index]) }
    }

    @Test func onlyCustomersWithClearConsentAreSentInSourceOrder() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = root.appending(path: "customers.csv")
        let sample = try consign(["sample", "customers", "--rows", "2000", "--seed", "3", "--out", source.path], in: ws)
        #expect(sample.status == 0, "\(sample.stderr)")
        let consents = try sourceColumn(source, "consent_prize")
        #expect(consents.count == 2000)
        // The demo put C00000002 on the stop-use list.
        let inScope = consents.filter { ["true", "1", "yes"].contains($0.value.lowercased()) }
        let expected = inScope.map(\.id).filter { $0 != "C00000002" }
        #expect(expected.count > 300 && expected.count < 1700, "the sample has customers with and without consent")

        let run = try extract("prize-shipping", "hayate-transport", source: source.path, out: "../out", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let stopped = inScope.count - expected.count
        #expect(
            run.stdout.contains(
                "extracted \(grouped(expected.count)) of 2,000 records (\(grouped(2000 - inScope.count)) out of scope, "
                    + "\(stopped) on the stop-use list)"), "\(run.stdout)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        let rows = try pythonRows(csv: package.appending(path: "extract.csv"))
        let key = try masterKeyBytes(ws)
        #expect(rows.dropFirst().map { $0[0] } == expected.map { expectedPseudonym($0, contractor: "hayate-transport", masterKey: key) })
        let manifest = try expectCompletePackage(package, in: ws)
        #expect(manifest.rows == expected.count && manifest.rows == rows.count - 1)
        #expect(manifest.subjectCount == expected.count)
    }

    @Test func aCustomerOnTheStopUseListIsLeftOutOfTheNextExtract() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let fixture = extractFixtures.appending(path: "customers-tricky.csv").path
        let key = try masterKeyBytes(ws)
        let before = try extract("prize-shipping", "hayate-transport", source: fixture, out: "../before", format: "csv,xml", in: ws)
        #expect(before.status == 0, "\(before.stderr)")
        let beforeRows = try pythonRows(csv: try onlyPackage(in: root.appending(path: "before")).appending(path: "extract.csv"))
        let stoppedPseudonym = expectedPseudonym("C00000103", contractor: "hayate-transport", masterKey: key)
        #expect(beforeRows.contains { $0[0] == stoppedPseudonym })

        let stop = try consign(["subject", "stop-use", "C00000103", "--reason", "asked by letter to stop all use"], in: ws)
        #expect(stop.status == 0, "\(stop.stderr)")
        let after = try extract("prize-shipping", "hayate-transport", source: fixture, out: "../after", format: "csv,xml", in: ws)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout.contains("extracted 5 of 9 records (3 out of scope, 1 on the stop-use list)"), "\(after.stdout)")
        let package = try onlyPackage(in: root.appending(path: "after"))
        let rows = try pythonRows(csv: package.appending(path: "extract.csv"))
        #expect(rows == beforeRows.filter { $0[0] != stoppedPseudonym })
        #expect(rows.count == 6)
        let xml = try pythonRecords(xml: package.appending(path: "extract.xml"))
        #expect(!xml.values.contains { $0[0] == stoppedPseudonym } && xml.values.count == 5)
        let manifest = try expectCompletePackage(package, in: ws)
        #expect(manifest.rows == 5 && manifest.subjectCount == 5)
        let stored = bigEndianHashes(try subjectChunks(ws, event: manifest.ledgerEvent).flatMap(\.hashes))
        #expect(stored == TrickyCustomers.prizeIDs.filter { $0 != "C00000103" }.map { expectedSubjectHash($0, masterKey: key) }.sorted())
        #expect(!stored.contains(expectedSubjectHash("C00000103", masterKey: key)))
    }

    /// 10,000 customers to a task without a row scope: 9,999 subjects (the demo stopped one) in twenty chunks.
    @Test func theRegisterHoldsExactlyTheSubjectHashesSentInSortedChunks() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = root.appending(path: "customers.csv")
        let sample = try consign(["sample", "customers", "--rows", "10000", "--seed", "5", "--out", source.path], in: ws)
        #expect(sample.status == 0, "\(sample.stderr)")
        let ids = try sourceColumn(source, "customer_id").map(\.id).filter { $0 != "C00000002" }
        #expect(ids.count == 9999)

        let run = try extract("statistics-abroad", "nordstat", source: source.path, out: "../out", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        let manifest = try expectCompletePackage(package, in: ws)
        let dataRows = try csvDataRows(package.appending(path: "extract.csv"))
        #expect(manifest.rows == 9999 && dataRows == 9999)

        let key = try masterKeyBytes(ws)
        let expected = Set(ids.map { expectedSubjectHash($0, masterKey: key) }).sorted()
        #expect(expected.count == 9999)
        let chunks = try subjectChunks(ws, event: manifest.ledgerEvent)
        // Chunks of 120 hashes (each row stays inside its page of the WITHOUT ROWID table): 83 × 120 + 39.
        #expect(chunks.map { $0.hashes.count / 8 } == [Int](repeating: 120, count: 83) + [39])
        for chunk in chunks {
            #expect(chunk.hashes.count % 8 == 0)
            #expect(chunk.first == Array(chunk.hashes.prefix(8)), "a chunk is keyed by its first hash")
        }
        let stored = chunks.flatMap(\.hashes)
        #expect(bigEndianHashes(stored) == expected)
        #expect(manifest.subjectCount == 9999)
        #expect(manifest.subjectSHA256 == hexString(Array(SHA256.hash(data: Data(stored)))))
        // No other event holds subjects of this transfer, and the customer ids are nowhere in the register.
        let register = try Data(contentsOf: ws.appending(path: ".consign/register.sqlite"))
        #expect(register.range(of: Data("C00000077".utf8)) == nil)
    }

    /// A customer who appears twice is sent twice (the source is not ours to deduplicate) but is one subject.
    @Test func aRepeatedCustomerIsTwoRowsButOneSubject() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = root.appending(path: "twice.csv")
        try TrickyCustomers.csv(newline: "\r\n", quoteAll: false, bom: false, finalNewline: true).write(to: source)
        let handle = try FileHandle(forWritingTo: source)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((TrickyCustomers.records[0].joined(separator: ",").replacingOccurrences(of: "1-2-3 グランドタワー, 7F", with: "\"1-2-3 グランドタワー, 7F\"") + "\r\n").utf8))
        try handle.close()
        let run = try extract("prize-shipping", "hayate-transport", source: source.path, out: "../out", in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("extracted 7 of 10 records"), "\(run.stdout)")
        let manifest = try expectCompletePackage(try onlyPackage(in: root.appending(path: "out")), in: ws)
        #expect(manifest.rows == 7 && manifest.subjectCount == 6)
        let key = try masterKeyBytes(ws)
        #expect(
            bigEndianHashes(try subjectChunks(ws, event: manifest.ledgerEvent).flatMap(\.hashes))
                == TrickyCustomers.prizeIDs.map { expectedSubjectHash($0, masterKey: key) }.sorted())
    }
}

/// A count as the summary prints it: 1,234.
private func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    return digits.enumerated().map { index, digit in
        (index > 0 && (digits.count - index) % 3 == 0 ? "," : "") + String(digit)
    }.joined()
}
