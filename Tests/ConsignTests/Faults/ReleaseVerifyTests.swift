import ConsignKeys
import Foundation
import Testing

/// `ledger verify --packages DIR` on the folders of statistics releases (`consign stats`) and anonymised releases
/// (`consign anonymise`), as on transfer packages: the demo's releases are intact; a file changed, removed or added
/// after the release recorded it, a manifest naming a release the register does not hold, and a manifest that says
/// something else than its event are each a break naming the folder and the release; a folder mixing packages and
/// both kinds of release is checked whole.
@Suite struct ReleaseVerifyTests {
    func verify(_ packages: String, in ws: URL) throws -> Run { try consign(["ledger", "verify", "--packages", packages], in: ws) }

    /// The release folders (`S-…`, `A-…`) in a folder of the demo.
    func releases(_ folder: String, in ws: URL) -> [String] {
        entries(ws.appending(path: folder)).filter { !$0.hasPrefix(".") }
    }

    /// The event that records a release, from its manifest's ledger element.
    func event(_ folder: URL) throws -> Int {
        let manifest = try readText(folder.appending(path: "manifest.xml"))
        let match = try #require(manifest.firstMatch(of: #/<ledger event="([0-9]+)"/#))
        return Int(match.1)!
    }

    func append(_ text: String, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func theDemosReleasesAreIntactAsFoldersOfReleasesAndOneByOne() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let head = try consign(["ledger", "head"], in: ws).stdout
        let statistics = releases("statistics", in: ws)
        let anonymised = releases("anonymised", in: ws)
        try #require(!statistics.isEmpty && statistics.allSatisfy { $0.hasPrefix("S-") }, "\(statistics)")
        try #require(!anonymised.isEmpty && anonymised.allSatisfy { $0.hasPrefix("A-") }, "\(anonymised)")
        for folder in ["statistics", "anonymised", "statistics/\(statistics[0])", "anonymised/\(anonymised[0])"] {
            let run = try verify(folder, in: ws)
            #expect(run.status == 0, "\(folder): \(run.stdout)\(run.stderr)")
            #expect(run.stdout.hasPrefix("intact: ") && run.stdout.hasSuffix(head), "\(folder): \(run.stdout)")
        }
    }

    @Test func aReleaseFileChangedRemovedOrAddedIsABreakNamingItAndItsRelease() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let statistics = releases("statistics", in: ws)
        let anonymised = releases("anonymised", in: ws)
        try #require(statistics.count >= 2 && !anonymised.isEmpty, "\(statistics) \(anonymised)")
        let (a, b, c) = (statistics[0], statistics[1], anonymised[0])
        let (eventA, eventB, eventC) = (
            try event(ws.appending(path: "statistics/\(a)")), try event(ws.appending(path: "statistics/\(b)")),
            try event(ws.appending(path: "anonymised/\(c)"))
        )
        // As an auditor would find them: one table changed, another's XML gone and a note put beside it.
        try append("x\n", to: ws.appending(path: "statistics/\(a)/table.csv"))
        try FileManager.default.removeItem(at: ws.appending(path: "statistics/\(b)/table.xml"))
        try Data("mine".utf8).write(to: ws.appending(path: "statistics/\(b)/notes.txt"))
        let broken = try verify("statistics", in: ws)
        #expect(broken.status == 1, "\(broken.stdout)\(broken.stderr)")
        let lines = broken.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(broken.stdout)")
        #expect(
            lines.contains {
                $0.hasPrefix("BROKEN (events \(eventA)): statistics/\(a) (release \(a), event \(eventA)): table.csv has SHA-256 ")
                    && $0.contains("…, but the release recorded ") && $0.hasSuffix("…: it was changed")
            }, "\(broken.stdout)")
        #expect(
            lines.contains("BROKEN (events \(eventB)): statistics/\(b) (release \(b), event \(eventB)): table.xml, which the release recorded, is missing"),
            "\(broken.stdout)")
        #expect(
            lines.contains(
                "BROKEN (events \(eventB)): statistics/\(b) (release \(b), event \(eventB)): notes.txt is in the release's folder, but the release did not record it"),
            "\(broken.stdout)")

        // The anonymised records and each notice are recorded files too.
        try append("x\r\n", to: ws.appending(path: "anonymised/\(c)/data.csv"))
        try FileManager.default.removeItem(at: ws.appending(path: "anonymised/\(c)/NOTICE-creation.txt"))
        let records = try verify("anonymised/\(c)", in: ws)
        #expect(records.status == 1, "\(records.stdout)\(records.stderr)")
        #expect(records.stdout.split(separator: "\n").count == 2, "\(records.stdout)")
        #expect(records.stdout.contains("anonymised/\(c) (release \(c), event \(eventC)): data.csv has SHA-256 "), "\(records.stdout)")
        #expect(
            records.stdout.contains("anonymised/\(c) (release \(c), event \(eventC)): NOTICE-creation.txt, which the release recorded, is missing"),
            "\(records.stdout)")
        // Japanese, from the same catalogue.
        let ja = try consign(
            ["ledger", "verify", "--packages", "anonymised/\(c)"], in: ws, environment: ["SOURCE_DATE_EPOCH": "1795000000", "CONSIGN_LANG": "ja"])
        #expect(ja.status == 1 && ja.stdout.contains("（公表 \(c)、イベント \(eventC)）：data.csv は SHA-256 "), "\(ja.stdout)")
    }

    @Test func aManifestNamingAReleaseTheRegisterDoesNotHoldIsABreak() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let a = try #require(releases("statistics", in: ws).first)
        let c = try #require(releases("anonymised", in: ws).first)
        // Another id, and a statistics release's manifest naming the anonymised release (a release of another kind).
        try edit(ws.appending(path: "statistics/\(a)/manifest.xml"), replacing: "id=\"\(a)\"", with: "id=\"S-20261118-00000000\"")
        let unknown = try verify("statistics/\(a)", in: ws)
        #expect(unknown.status == 1, "\(unknown.stdout)\(unknown.stderr)")
        #expect(
            unknown.stdout.hasSuffix(
                "statistics/\(a)/manifest.xml names release S-20261118-00000000, which the register does not hold\n"),
            "\(unknown.stdout)")
        #expect(unknown.stdout.split(separator: "\n").count == 1, "\(unknown.stdout)")
        try edit(ws.appending(path: "statistics/\(a)/manifest.xml"), replacing: "id=\"S-20261118-00000000\"", with: "id=\"\(c)\"")
        let otherKind = try verify("statistics/\(a)", in: ws)
        #expect(otherKind.status == 1)
        #expect(otherKind.stdout.contains("statistics/\(a)/manifest.xml names release \(c), which the register does not hold"), "\(otherKind.stdout)")
    }

    @Test func aReleaseManifestThatSaysSomethingElseThanItsEventIsABreak() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let a = try #require(releases("statistics", in: ws).first)
        let folder = ws.appending(path: "statistics/\(a)")
        let event = try event(folder)
        // The table changed, and the manifest's SHA-256 of it changed to match: the register still says otherwise.
        let table = folder.appending(path: "table.csv")
        let before = try #require(sha256Hex(ofFile: table)).sha256
        try append("x\n", to: table)
        let after = try #require(sha256Hex(ofFile: table)).sha256
        try edit(folder.appending(path: "manifest.xml"), replacing: before, with: after)
        let run = try verify("statistics", in: ws)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("(release \(a), event \(event)): table.csv has SHA-256 \(after.prefix(16))…"), "\(run.stdout)")
        #expect(
            run.stdout.contains(
                "BROKEN (events \(event)): statistics/\(a)/manifest.xml says something else than release \(a) records (event \(event)): the manifest was changed"),
            "\(run.stdout)")
    }

    /// Between its head and its tail a manifest says what its command counted and decided: the records read and
    /// taken in, the protection, the cells suppressed, the k and l reached, the items. What of it the event records
    /// is checked; a change to any of it is a break, and putting the manifest back mends it.
    @Test func aReleaseManifestsCountsProtectionOrItemsChangedAreABreak() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let a = try #require(releases("statistics", in: ws).first)
        let c = try #require(releases("anonymised", in: ws).first)
        func plusOne(_ attribute: String) -> (String) -> String {
            { text in
                let match = text.firstMatch(of: try! Regex("\(attribute)=\"([0-9]+)\"").ignoresCase())!
                let number = Int(match.output[1].substring!)!
                return text.replacingCharacters(in: match.range, with: "\(attribute)=\"\(number + 1)\"")
            }
        }
        // One record moved between out of scope and stopped: the sum holds, the split is the event's.
        func moveOneRecord(_ text: String) -> String {
            let match = text.firstMatch(of: #/out-of-scope="([0-9]+)" stopped="([0-9]+)"/#)!
            var (outOfScope, stopped) = (Int(match.output.1)!, Int(match.output.2)!)
            if outOfScope > 0 { (outOfScope, stopped) = (outOfScope - 1, stopped + 1) } else { (outOfScope, stopped) = (outOfScope + 1, stopped - 1) }
            return text.replacingCharacters(in: match.range, with: "out-of-scope=\"\(outOfScope)\" stopped=\"\(stopped)\"")
        }
        let changes: [(folder: String, what: String, change: (String) -> String)] = [
            ("statistics/\(a)", "cells suppressed to protect", plusOne("suppressed-secondary")),
            ("statistics/\(a)", "records out of scope and stopped", moveOneRecord),
            ("anonymised/\(c)", "records out of scope and stopped", moveOneRecord),
            ("statistics/\(a)", "records read", plusOne("read")),
            ("statistics/\(a)", "records out of scope", plusOne("out-of-scope")),
            ("statistics/\(a)", "minimum frequency", plusOne("minimum-frequency")),
            ("statistics/\(a)", "cells in all", plusOne("total")),
            ("anonymised/\(c)", "k reached", plusOne("achieved")),
            ("anonymised/\(c)", "rows published", plusOne("published")),
            ("anonymised/\(c)", "an item", { text in
                text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("<item ") }.joined(separator: "\n")
            }),
        ]
        for (folder, what, change) in changes {
            let manifest = ws.appending(path: "\(folder)/manifest.xml")
            let original = try readText(manifest)
            let changed = change(original)
            #expect(changed != original, "\(what)")
            try changed.write(to: manifest, atomically: true, encoding: .utf8)
            let run = try verify(String(folder.split(separator: "/")[0]), in: ws)
            let release = String(folder.split(separator: "/")[1])
            #expect(run.status == 1 && run.stdout.contains("\(folder)/manifest.xml says something else than release \(release) records"), "\(what): \(run.stdout)")
            try original.write(to: manifest, atomically: true, encoding: .utf8)
            #expect(try verify(String(folder.split(separator: "/")[0]), in: ws).status == 0, "\(what)")
        }
    }

    @Test func aFolderMixingPackagesAndBothKindsOfReleaseIsCheckedWhole() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let mixed = root.appending(path: "mixed")
        try FileManager.default.createDirectory(at: mixed, withIntermediateDirectories: true)
        let extracts = ws.appending(path: "extracts")
        let package = try #require(
            entries(extracts).first { FileManager.default.fileExists(atPath: extracts.appending(path: "\($0)/extract.csv").path) })
        let a = try #require(releases("statistics", in: ws).first)
        let c = try #require(releases("anonymised", in: ws).first)
        for (folder, name) in [("extracts", package), ("statistics", a), ("anonymised", c)] {
            try FileManager.default.copyItem(at: ws.appending(path: "\(folder)/\(name)"), to: mixed.appending(path: name))
        }
        let intact = try verify("../mixed", in: ws)
        #expect(intact.status == 0, "\(intact.stdout)\(intact.stderr)")
        try append("x\r\n", to: mixed.appending(path: "\(c)/data.csv"))
        try append("C99999999,x\r\n", to: mixed.appending(path: "\(package)/extract.csv"))
        let broken = try verify("../mixed", in: ws)
        #expect(broken.status == 1)
        let lines = broken.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(broken.stdout)")
        #expect(lines.contains { $0.contains("(release \(c), event ") && $0.contains("): data.csv has SHA-256 ") }, "\(broken.stdout)")
        #expect(lines.contains { $0.contains("(transfer \(package), event ") && $0.contains("): extract.csv has ") }, "\(broken.stdout)")
    }
}
