import Foundation
import Testing

/// A statistics or anonymised release whose command dies: once the next command has opened the register, its
/// folder is in place when its event committed, and gone when it did not; a recorded release whose folder cannot
/// be renamed waits, with its marker, and is said to wait until it is in place.
@Suite struct ReleaseCrashTests {
    static let stats = ["stats", "--task", "usage-statistics", "--source", "data/customers.csv", "--out", "../tables"]
    static let anonymise = ["anonymise", "--task", "anonymised-customers", "--source", "data/customers.csv", "--out", "../tables"]

    static func head(_ ws: URL) throws -> Int {
        Int(try consign(["ledger", "head"], in: ws).stdout.split(separator: ":")[0])!
    }

    @Test(arguments: [stats, anonymise])
    func aReleaseKilledAfterItsCommitIsPutInPlaceByTheNextCommand(_ command: [String]) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let tables = root.appending(path: "tables")
        let before = try Self.head(ws)
        let run = try consign(command, in: ws, environment: ["SOURCE_DATE_EPOCH": "1795000000", "CONSIGN_FAULT": "release-after-commit"])
        #expect(run.status == 86, "\(run.stdout)\(run.stderr)")
        // Recorded, its folder still hidden, its marker there.
        let hidden = entries(tables)
        try #require(hidden.count == 1 && hidden[0].hasPrefix(".") && hidden[0].hasSuffix(".partial"), "\(hidden)")
        let id = String(hidden[0].dropFirst().dropLast(".partial".count))
        #expect(pendingMarkers(ws) == [id])
        #expect(try Self.head(ws) > before)
        let next = try consign(["contractor", "list"], in: ws)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(entries(tables) == [id])
        #expect(FileManager.default.fileExists(atPath: tables.appending(path: "\(id)/manifest.xml").path))
        #expect(pendingMarkers(ws).isEmpty)
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)
    }

    @Test(arguments: [(stats, "statistics-before-commit"), (anonymise, "anonymised-before-commit")])
    func aReleaseKilledBeforeItsCommitLeavesNothingOnceTheNextCommandRuns(_ command: [String], _ point: String) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let tables = root.appending(path: "tables")
        let before = try Self.head(ws)
        let run = try consign(command, in: ws, environment: ["SOURCE_DATE_EPOCH": "1795000000", "CONSIGN_FAULT": point])
        #expect(run.status == 86, "\(run.stdout)\(run.stderr)")
        #expect(entries(tables).count == 1 && pendingMarkers(ws).count == 1)
        let next = try consign(["subject", "stopped"], in: ws)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(entries(tables).isEmpty)
        #expect(pendingMarkers(ws).isEmpty)
        #expect(try Self.head(ws) == before)
    }

    /// Something takes the release's name between its commit and its rename: the command says the release waits,
    /// every later command says so too, and the first once the name is free puts it in place.
    @Test func aRecordedReleaseWhoseNameIsTakenWaitsUntilItIsFree() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let tables = root.appending(path: "tables")
        var id = ""
        let run = try consign(Self.stats, in: ws, pausingAt: "release-after-commit") {
            let hidden = entries(tables)
            try #require(hidden.count == 1, "\(hidden)")
            id = String(hidden[0].dropFirst().dropLast(".partial".count))
            try FileManager.default.createDirectory(at: tables.appending(path: "\(id)/in-the-way"), withIntermediateDirectories: true)
        }
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("release \(id) is recorded (event "), "\(run.stderr)")
        #expect(run.stderr.contains("the next consign command puts it in place"), "\(run.stderr)")
        let still = try consign(["contractor", "list"], in: ws)
        #expect(still.status == 0 && still.stderr.contains("warning: release \(id) is recorded"), "\(still.stderr)")
        #expect(pendingMarkers(ws) == [id])
        // ledger verify --packages finds it too, as it finds a package not in place.
        let verify = try consign(["ledger", "verify", "--packages", "../tables"], in: ws)
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(
            verify.stdout.contains("release \(id) is recorded (event ")
                && verify.stdout.contains("but its folder is not in place: something else is at "), "\(verify.stdout)")
        try FileManager.default.removeItem(at: tables.appending(path: id))
        let next = try consign(["contractor", "list"], in: ws)
        #expect(next.status == 0 && next.stderr.isEmpty, "\(next.stderr)")
        #expect(entries(tables) == [id])
        #expect(FileManager.default.fileExists(atPath: tables.appending(path: "\(id)/table.csv").path))
        #expect(pendingMarkers(ws).isEmpty)
        let intact = try consign(["ledger", "verify", "--packages", "../tables"], in: ws)
        #expect(intact.status == 0, "\(intact.stdout)\(intact.stderr)")
    }
}
