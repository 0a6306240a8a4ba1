import ConsignCore
import ConsignPipeline
import ConsignWorkspace
import Foundation
import Testing

@Suite struct CSVScannerTests {
    /// Scans `bytes` written to a temporary file: every record's fields as text, with its line.
    func scan(_ bytes: [UInt8]) throws -> [(line: Int, fields: [String])] {
        let directory = try temporaryDirectory()
        let url = directory.appending(path: "in.csv")
        try Data(bytes).write(to: url)
        let scanner = try CSVScanner(url: url, displayName: "in.csv")
        defer { scanner.close() }
        var records: [(Int, [String])] = []
        while try scanner.next() {
            records.append((scanner.recordLine, (0..<scanner.fieldCount).map { scanner.string($0) ?? "<not UTF-8>" }))
        }
        return records
    }

    func scanError(_ text: String) -> InputError? {
        do {
            _ = try scan(Array(text.utf8))
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return nil
        }
    }

    @Test func trickyRecordsScanToTheirFieldsAndPhysicalLines() throws {
        let text = "\u{FEFF}id,name,note\r\n1,\"Sato, Hina\",\"line one\r\nline two\"\r\n2,東棟,\"say \"\"hi\"\"\"\n3,,A&B <東棟>\r\n4,\"\",\"=1+1\""
        let records = try scan(Array(text.utf8))
        #expect(records.map(\.line) == [1, 2, 4, 5, 6])
        #expect(records[0].fields == ["id", "name", "note"])
        #expect(records[1].fields == ["1", "Sato, Hina", "line one\r\nline two"])
        #expect(records[2].fields == ["2", "東棟", "say \"hi\""])
        #expect(records[3].fields == ["3", "", "A&B <東棟>"])
        #expect(records[4].fields == ["4", "", "=1+1"])
    }

    /// The same records, written with CRLF or LF, minimal or full quoting, with or without a BOM and a final
    /// newline, scan to the same fields.
    @Test func theSameRecordsSerialisedDifferentlyScanTheSame() throws {
        var random = SplitMix64(seed: 11)
        let alphabet = ["a", "東", ",", "\"", "\n", "\r\n", " ", "=", "9"]
        for _ in 0..<200 {
            let width = Int.random(in: 1...5, using: &random)
            let records = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                (0..<width).map { _ in (0..<Int.random(in: 0...6, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined() }
            }
            // A lone empty field is an empty line, which RFC 4180 readers disagree on; quote it.
            func serialise(newline: String, quoteAll: Bool, bom: Bool, finalNewline: Bool) -> [UInt8] {
                let lines = records.map { fields in
                    fields.map { field in
                        let needs = quoteAll || field.utf8.contains(where: { Array(",\"\r\n".utf8).contains($0) }) || (fields.count == 1 && field.isEmpty)
                        return needs ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                    }.joined(separator: ",")
                }
                return Array(((bom ? "\u{FEFF}" : "") + lines.joined(separator: newline) + (finalNewline ? newline : "")).utf8)
            }
            let variants = [
                serialise(newline: "\r\n", quoteAll: false, bom: false, finalNewline: true),
                serialise(newline: "\n", quoteAll: true, bom: true, finalNewline: false),
                serialise(newline: "\r\n", quoteAll: true, bom: false, finalNewline: false),
                serialise(newline: "\n", quoteAll: false, bom: true, finalNewline: true),
            ]
            for variant in variants {
                #expect(try scan(variant).map(\.fields) == records)
            }
        }
    }

    @Test(arguments: [
        ("id,note\r\n1,\"open\r\n2,x\r\n", 2, "never closed"),
        ("id,note\r\n1,\"closed\"x\r\n", 2, "text after the closing quote"),
        ("id,note\r\n1,ab\"c\r\n", 2, "double quote inside unquoted field 2"),
        ("id,note\r\n1,\"a\nb\"\r\n2,x\ry\r\n", 4, "carriage return not followed by a line feed"),
    ])
    func malformedRecordsAreErrorsNamingTheLine(text: String, line: Int, message: String) throws {
        let error = try #require(scanError(text))
        #expect(error.diagnostics.first?.line == line)
        #expect(error.diagnostics.first?.file == "in.csv")
        #expect(error.diagnostics.first?.message.contains(message) == true, "\(error)")
    }

    @Test func utf16AndNulBytesAreRefusedAndShiftJISIsRecognised() throws {
        let utf16 = [UInt8](Data("id\r\n1\r\n".utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }))
        #expect(throws: InputError.self) { try scan([0xFF, 0xFE] + utf16) }
        #expect(throws: InputError.self) { try scan(utf16) }
        // 東京 in Shift_JIS (CP932).
        #expect(likelyEncoding(of: [0x93, 0x8C, 0x8B, 0x9E]) == "Shift_JIS (CP932)")
        #expect(likelyEncoding(of: [0xFF, 0x41]) == "not UTF-8")
        let records = try scan([0x69, 0x64, 0x0D, 0x0A, 0x93, 0x8C, 0x8B, 0x9E, 0x0D, 0x0A])
        #expect(records[1].fields == ["<not UTF-8>"])
    }

    /// Records that cross the 4 MiB read buffer, quoted newlines among them, come back intact.
    @Test func recordsAcrossReadBuffersComeBackIntact() throws {
        let catalog = try WorkspaceDocuments.load(Workspace(root: repositoryRoot)).catalog().document
        var generator = SampleCustomers(catalog: catalog, seed: 5)
        let rows = (0..<25_000).map { _ in generator.next() }
        let directory = try temporaryDirectory()
        let url = directory.appending(path: "big.csv")
        let file = try AtomicFile(url)
        for row in rows { try CSVWriter(file).writeRecord(row) }
        try file.commit()
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int > CSVScanner.chunkSize)
        let scanner = try CSVScanner(url: url, displayName: "big.csv")
        defer { scanner.close() }
        var index = 0
        var mismatches = 0
        while try scanner.next() {
            if (0..<scanner.fieldCount).map({ scanner.string($0)! }) != rows[index] { mismatches += 1 }
            index += 1
        }
        #expect(index == rows.count)
        #expect(mismatches == 0)
    }
}
