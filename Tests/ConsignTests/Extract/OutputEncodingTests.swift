import ConsignCore
import Foundation
import Testing

/// The CSV encodings (`--encoding utf-8|utf-8-bom|cp932`) and the job's substitutions (`--substitute`). consign's
/// CP932 table is checked code by code against Python's `cp932` codec and its JIS X 0208 rows against Python's
/// `euc_jp` codec (independent tables: consign's was written from glibc's converter); every file consign writes
/// in CP932 is decoded by Python to exactly the text expected after the documented compatibility mapping.
@Suite struct OutputEncodingTests {
    // MARK: - The table against Python's codecs

    /// Python's output lines for `script`, which reads `ours` (each BMP character `value` for which `map` gives a
    /// number, as lines `value number`) from the file named by its first argument into a dict `ours`.
    static func pythonLines(ours map: (Unicode.Scalar) -> Int?, _ script: String) throws -> [Substring] {
        var ours = ""
        for value in 0..<0x1_0000 {
            guard let scalar = Unicode.Scalar(value), let number = map(scalar) else { continue }
            ours += "\(value) \(number)\n"
        }
        let directory = try temporaryDirectory("consign-cp932")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "ours.txt")
        try ours.write(to: file, atomically: true, encoding: .utf8)
        let reader = "import sys\nours = {}\nfor line in open(sys.argv[1]):\n    value, number = map(int, line.split())\n    ours[value] = number\n"
        return String(decoding: try python(reader + script, [file.path]), as: UTF8.self).split(separator: "\n")
    }

    /// Every character of the Basic Multilingual Plane: consign's code equals what Python's `cp932` encoder
    /// writes, except where Python follows Windows' best fit (U+0080, U+F8F0–U+F8F3 to single bytes) or writes
    /// the user-defined area (U+E000–U+E757), which consign refuses (gaiji mean nothing to a recipient), and
    /// for the characters with two codes, where Python writes the NEC-selected IBM extension (0xED40–0xEEFC)
    /// and consign, like Windows and glibc, the IBM extension (0xFA40–0xFC4B): both decode to the character.
    @Test func everyCharacterEncodesAsPythonsCP932Does() throws {
        let script = """
            mismatches = []
            for value in range(0x10000):
                if 0xD800 <= value <= 0xDFFF:
                    continue
                try:
                    b = chr(value).encode('cp932')
                    theirs = b[0] if len(b) == 1 else b[0] << 8 | b[1]
                except UnicodeEncodeError:
                    theirs = None
                if theirs is not None and (0xE000 <= value <= 0xE757 or value in (0x80, 0xF8F0, 0xF8F1, 0xF8F2, 0xF8F3)):
                    theirs = None
                mine = ours.get(value)
                if mine is not None and theirs is not None and mine != theirs and 0xED40 <= theirs <= 0xEEFC \
                        and 0xFA40 <= mine <= 0xFC4B and bytes([mine >> 8, mine & 0xFF]).decode('cp932') == chr(value):
                    continue
                if mine != theirs:
                    mismatches.append('U+%04X ours=%s python=%s' % (value, ours.get(value), theirs))
            print(len(ours))
            print('\\n'.join(mismatches[:20]))
            """
        let lines = try Self.pythonLines(ours: { CP932.code($0).map(Int.init) }, script)
        #expect(Int(lines.first ?? "") ?? 0 > 7_500)
        #expect(lines.dropFirst().isEmpty, "\(lines.dropFirst().joined(separator: "\n"))")
    }

    /// The JIS X 0208 check (rows 1–8 and 16–84, which Yamato's B2 accepts) agrees on every BMP character with
    /// an oracle from Python's `euc_jp`: two bytes 0xA1–0xFE, row = first byte − 0xA0.
    @Test func theJISRowOfEveryCharacterAgreesWithPythonsEUCJP() throws {
        let script = """
            theirs = {}
            for value in range(0x10000):
                if 0xD800 <= value <= 0xDFFF:
                    continue
                try:
                    b = chr(value).encode('euc_jp')
                except UnicodeEncodeError:
                    continue
                if len(b) == 2 and 0xA1 <= b[0] <= 0xFE and 0xA1 <= b[1] <= 0xFE:
                    theirs[value] = b[0] - 0xA0
            levels = [sum(1 for r in theirs.values() if lo <= r <= hi) for lo, hi in ((1, 8), (16, 47), (48, 84))]
            print(' '.join(map(str, levels)))
            print('\\n'.join('U+%04X ours=%s euc_jp=%s' % (v, ours.get(v), theirs.get(v))
                             for v in sorted(set(ours) | set(theirs)) if ours.get(v) != theirs.get(v))[:2000])
            """
        let lines = try Self.pythonLines(ours: CP932.jisX0208Row, script)
        #expect(lines.first == "524 2965 3390", "JIS X 0208: 524 non-kanji, 2,965 level 1, 3,390 level 2")
        #expect(lines.dropFirst().isEmpty, "\(lines.dropFirst().joined(separator: "\n"))")
    }

    /// The edge cases by name: NEC specials and IBM extensions are CP932 but not JIS X 0208; the wave dash is
    /// JIS in its JIS form only; past the BMP nothing encodes.
    @Test(arguments: [
        ("亜", 16, 0x889F), ("腕", 47, 0x9872), ("弌", 48, 0x989F), ("熙", 84, 0xEAA4), ("吉", 21, 0x8B67),
        ("〜", 1, 0x8160), ("～", nil, 0x8160), ("−", 1, 0x817C), ("－", nil, 0x817C), ("¬", 2, 0x81CA),
        ("①", nil, 0x8740), ("Ⅰ", nil, 0x8754), ("髙", nil, 0xFBFC), ("﨑", nil, 0xFAB1), ("ｱ", nil, 0xB1),
        ("A", nil, 0x41), ("𠮷", nil, nil), ("€", nil, nil),
    ] as [(String, Int?, Int?)])
    func edgeCases(_ character: String, row: Int?, code: Int?) {
        let scalar = character.unicodeScalars.first!
        #expect(CP932.jisX0208Row(scalar) == row)
        #expect(CP932.code(scalar).map(Int.init) == code)
    }

    // MARK: - Through `consign extract`

    static let clock = ["SOURCE_DATE_EPOCH": "1795000000"]

    static let header = "customer_id,full_name,email,postal_code,prefecture,city,street_address,consent_prize"

    /// A source of three prize winners whose names test the encodings.
    static func source(names: [String]) -> [UInt8] {
        let rows = names.enumerated().map { index, name in
            "C0000010\(index),\(name),w\(index)@example.jp,100-000\(index),東京都,港区,1-\(index),true"
        }
        return Array(([header] + rows + [""]).joined(separator: "\r\n").utf8)
    }

    @Test func aCP932ExtractDecodesInPythonToTheTextSentAfterTheDocumentedMapping() async throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let names = ["髙橋 〜①", "渡邊 −¢£¬‖", "ｻﾄｳ ﾊﾅ"]
        try Data(Self.source(names: names)).write(to: root.appending(path: "winners.csv"))
        let run = try consign(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../winners.csv",
             "--out", "../out", "--encoding", "cp932"], in: ws, environment: Self.clock)
        #expect(run.status == 0, "\(run.stderr)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        let bytes = [UInt8](try Data(contentsOf: package.appending(path: "extract.csv")))
        #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let decoded = try pythonText(package.appending(path: "extract.csv"), encoding: "cp932")
        let expected = ["髙橋 ～①", "渡邊 －￠￡￢∥", "ｻﾄｳ ﾊﾅ"]
        for name in expected { #expect(decoded.contains(",\(name),"), "\(decoded)") }
        #expect(decoded.hasPrefix("customer_ref,recipient_name,"))
        #expect(decoded.contains("\r\n") && !decoded.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let manifest = try readText(package.appending(path: "manifest.xml"))
        #expect(manifest.contains("<csv encoding=\"cp932\"/>"))
        #expect(try await recordedTransfers(ws).last?.value.csvEncoding == .cp932)
        #expect(try consign(["ledger", "verify"], in: ws, environment: Self.clock).status == 0)
    }

    @Test func aCharacterCP932CannotHoldIsRefusedWithItsLineColumnAndCodePoint() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(Self.source(names: ["山田 太郎", "𠮷田 花子", "佐藤 一"])).write(to: root.appending(path: "winners.csv"))
        let events = try registerRows(ws).count
        let run = try consign(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../winners.csv",
             "--out", "../out", "--encoding", "cp932"], in: ws, environment: Self.clock)
        #expect(run.status == 2)
        #expect(run.stderr.contains("../winners.csv:3:"), "\(run.stderr)")
        #expect(run.stderr.contains("recipient_name") && run.stderr.contains("U+20BB7 '𠮷'"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(listing(root.appending(path: "out")) ?? [] == [])
        #expect(try registerRows(ws).count == events)
    }

    @Test func aSubstitutionTableReplacesWhatItNamesAndTheManifestCountsEveryValueChanged() async throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(Self.source(names: ["𠮷田 花子", "𠮷野 𠮷", "山田 太郎"])).write(to: root.appending(path: "winners.csv"))
        try "# JIS level 1 for Yamato\n𠮷\t吉\n髙 高\n".write(
            to: root.appending(path: "substitutions.txt"), atomically: true, encoding: .utf8)
        let run = try consign(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../winners.csv",
             "--out", "../out", "--encoding", "cp932", "--substitute", "../substitutions.txt"], in: ws, environment: Self.clock)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("substituted 2 value(s): 𠮷 → 吉 2\n"), "a substitution that changed nothing is not said")
        let package = try onlyPackage(in: root.appending(path: "out"))
        let decoded = try pythonText(package.appending(path: "extract.csv"), encoding: "cp932")
        #expect(decoded.contains(",吉田 花子,") && decoded.contains(",吉野 吉,") && decoded.contains(",山田 太郎,"))
        let manifest = try readText(package.appending(path: "manifest.xml"))
        #expect(manifest.contains("<substitution from=\"𠮷\" to=\"吉\" values=\"2\"/>"), "\(manifest)")
        #expect(manifest.contains("<substitution from=\"髙\" to=\"高\" values=\"0\"/>"))
        #expect(
            try schemaProblems(package.appending(path: "manifest.xml"), schema: repositoryRoot.appending(path: "templates/manifest.xsd")) == 0)
        let transfer = try #require(try await recordedTransfers(ws).last?.value)
        #expect(transfer.substitutions == [.init(from: "𠮷", to: "吉", values: 2), .init(from: "髙", to: "高", values: 0)])
        #expect(try consign(["ledger", "verify"], in: ws, environment: Self.clock).status == 0)
    }

    /// A source of several megabytes is extracted on every core in blocks: the substitutions are counted across
    /// blocks, and a character CP932 cannot hold deep in the file is named by its line in the file.
    @Test func aLargeSourceCountsItsSubstitutionsAcrossBlocksAndNamesTheLineOfAnUnencodableValue() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let rows = 60_000
        var text = Self.header + "\r\n"
        for index in 0..<rows {
            let name = index == 45_000 ? "Weiß Anna" : index % 7 == 0 ? "𠮷田 花子\(index)" : "山田 太郎\(index)"
            text += "C\(String(format: "%08d", index + 100)),\(name),w\(index)@example.jp,100-0001,東京都,港区,\(index)-1-1 長い番地の建物名と部屋番号,true\r\n"
        }
        try text.write(to: root.appending(path: "large.csv"), atomically: true, encoding: .utf8)
        try "𠮷 吉\nß ss\n".write(to: root.appending(path: "table.txt"), atomically: true, encoding: .utf8)
        try "𠮷 吉\n".write(to: root.appending(path: "kanji.txt"), atomically: true, encoding: .utf8)
        #expect(text.utf8.count > 5 << 20, "large enough for blocks on every core")
        let run = try consign(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../large.csv",
             "--out", "../out", "--encoding", "cp932", "--substitute", "../table.txt"], in: ws, environment: Self.clock)
        #expect(run.status == 0, "\(run.stderr)")
        let expected = (0..<rows).filter { $0 % 7 == 0 && $0 != 45_000 }.count
        #expect(
            run.stdout.hasPrefix("substituted \(thousands(expected + 1)) value(s): 𠮷 → 吉 \(thousands(expected)), ß → ss 1\n"),
            "\(run.stdout)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        let written = try pythonText(package.appending(path: "extract.csv"), encoding: "cp932")
        let count = "\(written.filter { $0 == "\r\n" }.count - 1) \(written.components(separatedBy: "吉田 花子").count - 1)\n"
        #expect(count == "\(rows) \(expected)\n")

        let failing = try consign(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../large.csv",
             "--out", "../out2", "--encoding", "cp932", "--substitute", "../kanji.txt"], in: ws, environment: Self.clock)
        #expect(failing.status == 2)
        #expect(failing.stderr.hasPrefix("../large.csv:45002: error: column recipient_name: U+00DF 'ß'"), "\(failing.stderr)")
        #expect(listing(root.appending(path: "out2")) ?? [] == [])
    }

    @Test(arguments: [
        ("𠮷\n", 1, "is not a substitution"), ("𠮷 吉\n𠮷 古\n", 2, "is replaced already on line 1"),
        ("# ok\n吉 吉\n", 2, "is replaced by itself"), ("吉 𠮷\n", 1, "U+20BB7 '𠮷'"), ("a b c\n", 1, "is not a substitution"),
    ])
    func aBadSubstitutionTableIsAnErrorNamingItsLine(table: String, line: Int, message: String) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(Self.source(names: ["山田 太郎"])).write(to: root.appending(path: "winners.csv"))
        try table.write(to: root.appending(path: "table.txt"), atomically: true, encoding: .utf8)
        let events = try registerRows(ws).count
        let run = try consign(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../winners.csv",
             "--out", "../out", "--encoding", "cp932", "--substitute", "../table.txt"], in: ws, environment: Self.clock)
        #expect(run.status == 2)
        #expect(run.stderr.contains("table.txt:\(line):") && run.stderr.contains(message), "\(run.stderr)")
        #expect(listing(root.appending(path: "out")) == nil)
        #expect(try registerRows(ws).count == events)
    }

    @Test func utf8WithAByteOrderMarkStartsWithTheMarkAndPlainUTF8DoesNot() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(Self.source(names: ["𠮷田 花子"])).write(to: root.appending(path: "winners.csv"))
        for (encoding, out) in [("utf-8-bom", "bom"), ("utf-8", "plain")] {
            let run = try consign(
                ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../winners.csv",
                 "--out", "../\(out)", "--encoding", encoding], in: ws, environment: Self.clock)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let bom = [UInt8](try Data(contentsOf: try onlyPackage(in: root.appending(path: "bom")).appending(path: "extract.csv")))
        let plain = [UInt8](try Data(contentsOf: try onlyPackage(in: root.appending(path: "plain")).appending(path: "extract.csv")))
        #expect(bom.starts(with: [0xEF, 0xBB, 0xBF]) && !plain.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: bom.dropFirst(3), as: UTF8.self).contains("𠮷田 花子"))
        #expect(try readText(try onlyPackage(in: root.appending(path: "bom")).appending(path: "manifest.xml"))
            .contains("<csv encoding=\"utf-8-bom\"/>"))
    }

    // MARK: - Reports and releases

    @Test func reportsAreUTF8WithAMarkByDefaultAndCP932WhenAsked() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let standard = try consign(["report", "provisions", "--out", "../provisions.csv"], in: ws)
        #expect(standard.status == 0, "\(standard.stderr)")
        let marked = [UInt8](try Data(contentsOf: root.appending(path: "provisions.csv")))
        #expect(marked.starts(with: [0xEF, 0xBB, 0xBF]))
        for arguments in [["report", "provisions"], ["audit", "--format", "csv"]] {
            let run = try consign(arguments + ["--encoding", "cp932", "--out", "../report.csv"], in: ws)
            #expect(run.status != 2, "\(arguments): \(run.stderr)")
            let decoded = try pythonText(root.appending(path: "report.csv"), encoding: "cp932")
            let utf8 = try consign(arguments + ["--encoding", "utf-8"], in: ws)
            #expect(decoded == utf8.stdout, "\(arguments)")
        }
    }

    /// NordStat's registered address holds ß, which CP932 lacks: the contractor register is refused with its line,
    /// and the file is not written.
    @Test func aReportValueCP932CannotHoldIsRefusedAndNothingIsWritten() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try consign(["report", "contractors", "--encoding", "cp932", "--out", "../contractors.csv"], in: ws)
        #expect(run.status == 2)
        #expect(run.stderr.contains("contractors.csv:8:") && run.stderr.contains("U+00DF 'ß'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "contractors.csv").path))
    }

    @Test func aStatisticsTableInCP932DecodesToTheSameTextAsInUTF8() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        var texts: [String] = []
        for encoding in ["utf-8", "cp932"] {
            let run = try consign(
                ["stats", "--task", "usage-statistics", "--source", "data/customers.csv", "--out", "../\(encoding)",
                 "--encoding", encoding], in: ws, environment: Self.clock)
            #expect(run.status == 0, "\(run.stderr)")
            let out = root.appending(path: encoding)
            let folder = out.appending(path: try #require(entries(out).first))
            texts.append(try pythonText(folder.appending(path: "table.csv"), encoding: encoding))
            let manifest = try readText(folder.appending(path: "manifest.xml"))
            #expect(manifest.contains("encoding=\"cp932\"") == (encoding == "cp932"))
        }
        #expect(texts[0] == texts[1] && texts[0].hasPrefix("age_band,gender,"))
    }
}
