import Foundation
import GRDB
import Testing

/// No record without its package, and no silent package failure, each from its real cause: a folder put
/// where the package is to go, a disk that fills (a small tmpfs, mounted for the test: CI runs as root),
/// files of a package changed after it was made, a damaged schema, a permissive umask, and another extract
/// into the same new `--out` that fails.
@Suite struct PackageFaultTests {
    static let extractArguments = [
        "extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "data/customers.csv", "--out",
        "../out", "--format", "csv,xml",
    ]

    func head(_ ws: URL) throws -> String { try consign(["ledger", "head"], in: ws).stdout }

    /// A tmpfs of `kilobytes` mounted at `directory` (made if need be); unmounted by the returned closure.
    func mountSmallDisk(_ directory: URL, kilobytes: Int) throws -> () -> Void {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let mount = try run(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", directory.path])
        try #require(mount.status == 0, "mounting a tmpfs needs root (CI runs as root): \(mount.stderr)")
        return { _ = try? run(URL(fileURLWithPath: "/bin/umount"), ["-l", directory.path]) }
    }

    /// The workspace's `.consign/` moved onto a tmpfs of `kilobytes`; unmounted by the returned closure.
    func registerOnSmallDisk(_ ws: URL, root: URL, kilobytes: Int) throws -> () -> Void {
        let state = ws.appending(path: ".consign")
        let saved = root.appending(path: "saved-state")
        try FileManager.default.moveItem(at: state, to: saved)
        let unmount = try mountSmallDisk(state, kilobytes: kilobytes)
        for name in try FileManager.default.contentsOfDirectory(atPath: saved.path) {
            try FileManager.default.copyItem(at: saved.appending(path: name), to: state.appending(path: name))
        }
        return unmount
    }

    /// Fills the file system of `directory` to the last byte.
    func fill(_ directory: URL) throws {
        _ = try run(URL(fileURLWithPath: "/bin/dd"), ["if=/dev/zero", "of=\(directory.appending(path: ".filler").path)", "bs=4k"])
        _ = try run(URL(fileURLWithPath: "/bin/dd"), ["if=/dev/zero", "of=\(directory.appending(path: ".filler2").path)", "bs=1"])
    }

    @Test func aPackageThatCannotBePutInPlaceIsReportedUntilItIs() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appending(path: "out")
        var squatter: URL?
        let run = try consign(Self.extractArguments, in: ws, pausingAt: "after-commit") {
            // Committed: another process puts a folder where the package is to go.
            let hidden = try #require(entries(out).first { $0.hasPrefix(".consign-") })
            let id = String(hidden.dropFirst(".consign-".count).dropLast(".partial".count))
            squatter = out.appending(path: id)
            try FileManager.default.createDirectory(at: squatter!, withIntermediateDirectories: false)
            try Data("mine".utf8).write(to: squatter!.appending(path: "note.txt"))
        }
        let id = try #require(squatter?.lastPathComponent)
        // The newest event is the package's signature, the one before it the transfer.
        let event = try #require(Int(try head(ws).split(separator: ":")[0])) - 1
        let stuck = "transfer \(id) is recorded (event \(event)) but its package is not in place"
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains(stuck + ": cannot move the finished package into place: something else is there; it waits in "), "\(run.stderr)")

        // Every later command says so, and ledger verify finds it, until the package is in place.
        let next = try consign(["subject", "stopped"], in: ws)
        #expect(next.status == 0 && next.stderr.contains("warning: " + stuck), "\(next.stderr)")
        let verify = try consign(["ledger", "verify", "--packages", out.path], in: ws)
        #expect(verify.status == 1, "\(verify.stdout)")
        #expect(verify.stdout.contains("BROKEN (events \(event)): \(stuck): something else is at "), "\(verify.stdout)")

        try FileManager.default.removeItem(at: squatter!)
        let after = try consign(["subject", "stopped"], in: ws)
        #expect(after.status == 0 && after.stderr.isEmpty, "\(after.stderr)")
        #expect(entries(out) == [id])
        _ = try expectCompletePackage(out.appending(path: id), in: ws)
        let intact = try consign(["ledger", "verify", "--packages", out.path], in: ws)
        #expect(intact.status == 0, "\(intact.stdout)")
    }

    /// Full while the extract writes its files: an input error that says so, and nothing recorded.
    @Test func aDiskFullWhileTheExtractWritesLeavesNothing() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appending(path: "out")
        let unmount = try mountSmallDisk(out, kilobytes: 64)
        defer { unmount() }
        let before = try head(ws)
        let run = try consign(Self.extractArguments, in: ws)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("No space left on device"), "\(run.stderr)")
        #expect(try head(ws) == before)
        #expect(entries(out).isEmpty, "\(entries(out))")
        #expect(pendingMarkers(ws).isEmpty)
    }

    /// Full at the last moment, when the manifest is written inside the append: the record rolls back.
    @Test func aDiskFullAtTheManifestLeavesNothing() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appending(path: "out")
        let unmount = try mountSmallDisk(out, kilobytes: 4096)
        defer { unmount() }
        let before = try head(ws)
        let run = try consign(Self.extractArguments, in: ws, pausingAt: "before-commit") { try fill(out) }
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("manifest.xml") && run.stderr.contains("No space left on device"), "\(run.stderr)")
        #expect(try head(ws) == before)
        #expect(entries(out) == [".filler", ".filler2"], "\(entries(out))")
        #expect(pendingMarkers(ws).isEmpty)
    }

    /// Full under the register itself: SQLite's own error, in words, and nothing recorded.
    @Test func aDiskFullUnderTheRegisterLeavesNothing() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let state = ws.appending(path: ".consign")
        let unmount = try registerOnSmallDisk(ws, root: root, kilobytes: 2048)
        defer { unmount() }
        let before = try head(ws)
        let run = try consign(Self.extractArguments, in: ws, pausingAt: "before-commit") { try fill(state) }
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("the register cannot be written: the disk is full; nothing was recorded"), "\(run.stderr)")
        try FileManager.default.removeItem(at: state.appending(path: ".filler"))
        try FileManager.default.removeItem(at: state.appending(path: ".filler2"))
        #expect(try head(ws) == before)
        #expect(entries(root.appending(path: "out")).isEmpty)
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)
    }

    /// A read-only disk, under the register and under `--out`: said in words, nothing recorded or left.
    @Test func aReadOnlyDiskIsSaidInWordsAndLeavesNothing() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appending(path: "out")
        let unmountOut = try mountSmallDisk(out, kilobytes: 1024)
        defer { unmountOut() }
        #expect(try run(URL(fileURLWithPath: "/bin/mount"), ["-o", "remount,ro", out.path]).status == 0)
        let before = try head(ws)
        let extract = try consign(Self.extractArguments, in: ws)
        #expect(extract.status == 2)
        #expect(extract.stderr.contains("cannot create the package folder: the file system is read-only"), "\(extract.stderr)")
        #expect(try head(ws) == before && pendingMarkers(ws).isEmpty)

        let unmountState = try registerOnSmallDisk(ws, root: root, kilobytes: 2048)
        defer { unmountState() }
        #expect(try run(URL(fileURLWithPath: "/bin/mount"), ["-o", "remount,ro", ws.appending(path: ".consign").path]).status == 0)
        let suspend = try consign(["contractor", "suspend", "sakura-mailing", "--note", "x"], in: ws)
        #expect(suspend.status == 2)
        #expect(
            suspend.stderr.contains("the register cannot be written: the file or its file system is read-only; nothing was recorded"),
            "\(suspend.stderr)")
        #expect(try head(ws) == before)
    }

    /// Killed after the manifest is written and before the record commits: the next command removes the
    /// package, and the register holds nothing of it.
    @Test func aCrashBetweenTheManifestAndTheCommitLeavesNothing() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try head(ws)
        let run = try consign(Self.extractArguments, in: ws, environment: ["SOURCE_DATE_EPOCH": "1795000000", "CONSIGN_FAULT": "manifest-written"])
        #expect(run.status == 86, "\(run.stderr)")
        let next = try consign(["subject", "stopped"], in: ws)
        #expect(next.status == 0 && next.stderr.isEmpty, "\(next.stderr)")
        #expect(try head(ws) == before)
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "out").path), "\(entries(root.appending(path: "out")))")
        #expect(pendingMarkers(ws).isEmpty)
    }

    @Test func verifyFindsMissingExtraAndChangedFilesAndAChangedManifest() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let extracts = ws.appending(path: "extracts")
        // Packages with an XML extract (a courier's layout is CSV only).
        let packages = entries(extracts).filter {
            FileManager.default.fileExists(atPath: extracts.appending(path: "\($0)/extract.xml").path)
        }
        try #require(packages.count >= 3)
        let (a, b, c) = (extracts.appending(path: packages[0]), extracts.appending(path: packages[1]), extracts.appending(path: packages[2]))
        let changed = try FileHandle(forWritingTo: a.appending(path: "extract.csv"))
        try changed.seekToEnd()
        try changed.write(contentsOf: Data("C99999999,x\r\n".utf8))
        try changed.close()
        try FileManager.default.removeItem(at: b.appending(path: "extract.xml"))
        try Data("copy".utf8).write(to: b.appending(path: "notes.txt"))
        let manifest = c.appending(path: "manifest.xml")
        let text = try readText(manifest)
        let rows = try #require(text.firstMatch(of: #/<rows>([0-9]+)</rows>/#))
        try edit(manifest, replacing: String(rows.0), with: "<rows>\(Int(rows.1)! + 1)</rows>")
        let verify = try consign(["ledger", "verify", "--packages", "extracts"], in: ws)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("extracts/\(packages[0]) (transfer \(packages[0]), event "), "\(verify.stdout)")
        #expect(verify.stdout.contains("): extract.csv has "), "\(verify.stdout)")
        #expect(verify.stdout.contains("…: it was changed"), "\(verify.stdout)")
        #expect(verify.stdout.contains("): extract.xml, which the transfer recorded, is missing"), "\(verify.stdout)")
        #expect(verify.stdout.contains("): notes.txt is in the package, but the transfer did not record it"), "\(verify.stdout)")
        #expect(verify.stdout.contains("extracts/\(packages[2])/manifest.xml says something else than transfer \(packages[2]) records"), "\(verify.stdout)")
        // The changed manifest no longer matches the company's signature of it either.
        #expect(verify.stdout.contains("extracts/\(packages[2])/manifest.xml.sig is not a valid signature of the manifest"), "\(verify.stdout)")
        #expect(verify.stdout.split(separator: "\n").count == 5, "\(verify.stdout)")
    }

    @Test(arguments: ["transfer_subjects", "event"]) func aDroppedTableIsAFindingAndAClearError(_ table: String) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try tamper(ws, dropTriggers: true) { db in try db.execute(sql: "DROP TABLE \(table)") }
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 1)
        #expect(verify.stdout.hasPrefix("BROKEN: the register's schema is damaged: table \(table) is missing\n"), "\(verify.stdout)")
        let audit = try consign(["audit"], in: ws)
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("[ledger-broken] the ledger chain is broken: the register's schema is damaged: table \(table) is missing"), "\(audit.stdout)")
        let list = try consign(["transfer", "list"], in: ws)
        #expect(list.status == 2)
        #expect(list.stderr.contains("the register's schema is damaged: table \(table) is missing; restore it from a backup"), "\(list.stderr)")
        #expect(!list.stderr.contains("SQLite error"), "\(list.stderr)")
    }

    @Test func droppedTriggersAreAFinding() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try tamper(ws, dropTriggers: true) { _ in }
        let verify = try consign(["ledger", "verify"], in: ws)
        #expect(verify.status == 1)
        #expect(
            verify.stdout.contains(
                "BROKEN: the register's schema is damaged: trigger event_refuses_update is missing: the register is no longer "
                    + "append-only in the database"), "\(verify.stdout)")
        // A line for each trigger: 9 keep the event log, documents and subject chunks append-only, 3 each of the
        // 4 derived tables.
        #expect(verify.stdout.split(separator: "\n").count == 21, "\(verify.stdout)")
    }

    @Test func aPackageIsItsOwnersOnlyWhateverTheUmask() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let command = ([consignExecutable.path] + Self.extractArguments).map { "'\($0)'" }.joined(separator: " ")
        let run = try run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "umask 000; exec \(command)"], in: ws,
            environment: consignEnvironment(["SOURCE_DATE_EPOCH": "1795000000"]))
        #expect(run.status == 0, "\(run.stderr)")
        let package = try onlyPackage(in: root.appending(path: "out"))
        // The manifest and its signature hold no personal data (the folder keeps others out anyway).
        let files = entries(package).filter { !["manifest.xml", "manifest.xml.sig"].contains($0) }.map { package.appending(path: $0) }
        for url in [root.appending(path: "out"), package] + files {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(url.lastPathComponent) has mode \(String(mode, radix: 8))")
        }
    }

    /// Another extract into the same new `--out` fails and removes the folder it created while this one is
    /// setting up its package there: this one makes it again.
    @Test func aFailingExtractThatRemovesTheNewOutDoesNotBreakAnother() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // A source whose last record is ragged: that extract fails after it created `--out`.
        var bad = try readText(ws.appending(path: "data/customers.csv"))
        bad += "C99999999,only two fields\r\n"
        try Data(bad.utf8).write(to: ws.appending(path: "bad.csv"))
        let failing = try PausedCommand(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "bad.csv", "--out", "../out"],
            in: ws, pausingAt: "out-ready")
        try #require(failing.paused)
        let other = try PausedCommand(Self.extractArguments, in: ws, pausingAt: "out-ready")
        try #require(other.paused)
        let failed = try failing.finish()
        #expect(failed.status == 2 && failed.stderr.contains("bad.csv:"), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "out").path))
        let done = try other.finish()
        #expect(done.status == 0, "\(done.stderr)")
        _ = try expectCompletePackage(try onlyPackage(in: root.appending(path: "out")), in: ws)
    }

    @Test func anOperatorNameWithControlCharactersIsAnInputError() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try head(ws)
        let run = try consign(["contractor", "suspend", "sakura-mailing", "--operator", "mallory\u{1B}[2J"], in: ws)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--operator holds U+001B, a control or formatting character"), "\(run.stderr)")
        #expect(try head(ws) == before)
    }
}
