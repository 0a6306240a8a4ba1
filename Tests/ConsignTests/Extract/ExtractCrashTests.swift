import Foundation
import Testing

/// Atomic packages: an extract that dies leaves, once the next command has opened the register, either
/// nothing (no package, no hidden folder, no transfer event, no pending marker) or exactly one complete
/// package whose manifest names its transfer event and whose files match the manifest's SHA-256s.
@Suite struct ExtractCrashTests {
    static let fixture = extractFixtures.appending(path: "customers-tricky.csv").path

    /// Commands that open the register, and so finish what a dead extract left.
    static let nextCommands: [[String]] = [
        ["subject", "stopped"],
        ["contractor", "list"],
        ["plan", "--task", "prize-shipping", "--contractor", "hayate-transport"],
    ]

    @Test(arguments: nextCommands)
    func aCrashBeforeTheCommitLeavesNothingOnceTheNextCommandRuns(next: [String]) throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let events = try registerRows(ws)
        let run = try extract(
            "prize-shipping", "hayate-transport", source: Self.fixture, out: "../out", format: "csv,xml", in: ws,
            environment: ["CONSIGN_FAULT": "before-commit"])
        #expect(run.status == 86, "\(run.stderr)")
        // What the crash left: the hidden folder with the files, and the marker; no event.
        let hidden = entries(root.appending(path: "out"))
        #expect(hidden.count == 1 && hidden[0].hasPrefix(".consign-T-") && hidden[0].hasSuffix(".partial"), "\(hidden)")
        #expect(pendingMarkers(ws).count == 1)
        #expect(try registerRows(ws) == events)

        let after = try consign(next, in: ws)
        #expect(after.status == 0, "\(after.stderr)")
        // The extract had created --out; it is gone again, as if the extract had never run.
        #expect(!FileManager.default.fileExists(atPath: root.appending(path: "out").path))
        #expect(pendingMarkers(ws).isEmpty)
        #expect(try registerRows(ws) == events)

        // And the workspace works as before: a new extract succeeds.
        let again = try extract("prize-shipping", "hayate-transport", source: Self.fixture, out: "../out", format: "csv,xml", in: ws)
        #expect(again.status == 0, "\(again.stderr)")
        let manifest = try expectCompletePackage(try onlyPackage(in: root.appending(path: "out")), in: ws)
        #expect(manifest.rows == 6)
        #expect(try registerRows(ws).count == events.count + 2)
    }

    @Test(arguments: nextCommands)
    func aCrashAfterTheCommitIsRolledForwardByTheNextCommand(next: [String]) async throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let events = try registerRows(ws)
        let run = try extract(
            "prize-shipping", "hayate-transport", source: Self.fixture, out: "../out", format: "csv,xml", in: ws,
            environment: ["CONSIGN_FAULT": "after-commit"])
        #expect(run.status == 86, "\(run.stderr)")
        // The transfer is recorded, and the package is complete but still hidden: its manifest was written
        // before the commit, so only the rename is left to the next command.
        let rows = try registerRows(ws)
        #expect(rows.count == events.count + 2 && rows.dropLast().last?.kind == "transfer" && rows.last?.kind == "package-signature")
        let transfer = try #require(try await recordedTransfers(ws).last)
        let hidden = entries(root.appending(path: "out"))
        #expect(hidden == [".consign-\(transfer.value.id).partial"])
        #expect(
            entries(root.appending(path: "out/\(hidden.first ?? "")"))
                == ["extract.csv", "extract.xml", "extract.xsd", "manifest.xml", "manifest.xml.sig"])
        #expect(pendingMarkers(ws) == [transfer.value.id])

        let after = try consign(next, in: ws)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(entries(root.appending(path: "out")) == [transfer.value.id])
        #expect(pendingMarkers(ws).isEmpty)
        #expect(try registerRows(ws) == rows, "rolling forward appends nothing")
        let package = root.appending(path: "out/\(transfer.value.id)")
        let manifest = try expectCompletePackage(package, in: ws)
        #expect(manifest.ledgerEvent == transfer.sequence && manifest.chainHash == transfer.chainHash)
        #expect(manifest.files.map(\.name) == transfer.value.files.map(\.name))
        #expect(manifest.files.map(\.sha256) == transfer.value.files.map(\.sha256))
        #expect(manifest.rows == transfer.value.rows && manifest.rows == 6)
        #expect(manifest.subjectCount == transfer.value.subjects.count && manifest.subjectSHA256 == transfer.value.subjects.sha256)
        // The rolled-forward files are the ones a run without a crash writes.
        let key = try masterKeyBytes(ws)
        #expect(
            try Data(contentsOf: package.appending(path: "extract.csv"))
                == TrickyCustomers.golden("prize-shipping.golden.csv", contractor: "hayate-transport", masterKey: key))

        // A second command finds nothing more to do.
        #expect(try consign(["subject", "stopped"], in: ws).status == 0)
        #expect(entries(root.appending(path: "out")) == [transfer.value.id])
        #expect(try registerRows(ws) == rows)
    }

    /// A large source (300,000 records, written by repeating sample customers), an extract killed with
    /// SIGKILL at a random moment, several times: after the next command, either nothing of that extract
    /// is left, or exactly one complete package with its transfer event. The moments are drawn from the
    /// first, second and last third of the time an uninterrupted extract of the same source takes here.
    @Test func aSIGKILLAtARandomMomentLeavesNothingOrOneCompletePackage() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let sample = root.appending(path: "sample.csv")
        let generated = try consign(["sample", "customers", "--rows", "3000", "--seed", "7", "--out", sample.path], in: ws)
        #expect(generated.status == 0, "\(generated.stderr)")
        let bytes = try Data(contentsOf: sample)
        let headerEnd = try #require(bytes.firstRange(of: Data("\r\n".utf8))).upperBound
        var large = Data(bytes[..<headerEnd])
        let body = bytes[headerEnd...]
        #expect(body.last == 0x0A)
        for _ in 0..<100 { large.append(body) }
        try large.write(to: root.appending(path: "large.csv"))

        func start(out: URL) throws -> ChildProcess {
            try Self.start(
                [
                    "extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../large.csv",
                    "--out", out.path, "--format", "csv,xml",
                ], in: ws)
        }

        // How long an uninterrupted extract takes here (and that it succeeds).
        let clock = ContinuousClock()
        let started = clock.now
        let whole = try start(out: root.appending(path: "out-whole")).finish()
        let duration = clock.now - started
        #expect(whole.status == 0, "\(whole.stderr)")
        _ = try expectCompletePackage(try onlyPackage(in: root.appending(path: "out-whole")), in: ws)

        var random = SystemRandomNumberGenerator()
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let delays = [(0.02, 0.33), (0.33, 0.66), (0.66, 0.98)].map { Double.random(in: ($0.0 * seconds)...($0.1 * seconds), using: &random) }
        for (trial, delay) in delays.enumerated() {
            let out = root.appending(path: "out-\(trial)")
            let context = "trial \(trial): SIGKILL after \(delay) s of \(seconds) s"
            let transfersBefore = try transferRows(ws)
            let process = try start(out: out)
            // A blocking sleep, for the same reason as in hiddenTransfer(in:while:).
            usleep(useconds_t(delay * 1_000_000))
            process.terminate(SIGKILL)
            let ended = try process.finish()
            let killed = ended.endedBySignal
            #expect(killed || ended.status == 0, "\(context): exit \(ended.status)")

            let next = try consign(["subject", "stopped"], in: ws)
            #expect(next.status == 0, "\(next.stderr)")
            #expect(pendingMarkers(ws).isEmpty, "\(context)")
            let transfers = try transferRows(ws)
            let names = entries(out)
            if transfers.count == transfersBefore.count {
                #expect(names.isEmpty, "\(context): no transfer, but --out holds \(names)")
            } else {
                #expect(transfers.count == transfersBefore.count + 1, "\(context)")
                #expect(names.count == 1 && !names[0].hasPrefix("."), "\(context): \(names)")
                if names.count == 1 {
                    let manifest = try expectCompletePackage(out.appending(path: names[0]), in: ws)
                    #expect(manifest.ledgerEvent == transfers.last?.sequence, "\(context)")
                    #expect(manifest.rows > 0 && manifest.files.count == 3, "\(context)")
                    // Its files are the ones its transfer recorded, byte for byte.
                    let verify = try consign(["ledger", "verify", "--packages", out.path], in: ws)
                    #expect(verify.status == 0, "\(context): \(verify.stdout)")
                }
            }
        }
        // Whatever the trials left, a new extract succeeds.
        let again = try extract("prize-shipping", "hayate-transport", source: Self.fixture, out: "../out-after", in: ws)
        #expect(again.status == 0, "\(again.stderr)")
        _ = try expectCompletePackage(try onlyPackage(in: root.appending(path: "out-after")), in: ws)
    }

    /// Starts `consign` without waiting for it (`finish()` says what it wrote on stderr).
    static func start(_ arguments: [String], in ws: URL) throws -> ChildProcess {
        try ChildProcess(
            consignExecutable, arguments, in: ws, environment: consignEnvironment(["SOURCE_DATE_EPOCH": "1795000000"]),
            keepingOutput: false)
    }

    /// Waits until the extract writing into `out` has made its hidden folder; its transfer id (nil when the
    /// extract ended first). It polls with a blocking sleep: a task sleeping on the cooperative pool may wake
    /// long after the extract is done when other tests hold the pool's threads.
    static func hiddenTransfer(in out: URL, while process: ChildProcess) -> String? {
        for _ in 0..<30_000 {
            if let hidden = entries(out).first(where: { $0.hasPrefix(".consign-") && $0.hasSuffix(".partial") }) {
                return String(hidden.dropFirst(".consign-".count).dropLast(".partial".count))
            }
            if !process.isRunning { return nil }
            usleep(2_000)
        }
        return nil
    }

    /// Another command while an extract runs: its recovery must leave the running extract's hidden
    /// folder and marker alone (the extract holds the marker's lock), and the extract completes.
    /// An extract killed between creating its marker's draft and renaming it into place leaves only the draft,
    /// unlocked: the next command removes it; a draft whose extract still holds its lock stays.
    @Test func theNextCommandRemovesADraftMarkerWhoseExtractDied() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let pending = ws.appending(path: ".consign/pending")
        try FileManager.default.createDirectory(at: pending, withIntermediateDirectories: true)
        let dead = pending.appending(path: ".T-20261118-0000dead.new")
        let live = pending.appending(path: ".T-20261118-00001ive.new")
        #expect(FileManager.default.createFile(atPath: dead.path, contents: Data()))
        #expect(FileManager.default.createFile(atPath: live.path, contents: Data()))
        let held = open(live.path, O_RDWR)
        defer { close(held) }
        #expect(flock(held, LOCK_EX | LOCK_NB) == 0)
        let next = try consign(["subject", "stopped"], in: ws)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(pendingMarkers(ws) == [".T-20261118-00001ive.new"])
    }

    /// Another command opens the workspace at the moment an extract has created its marker's draft and not
    /// yet locked it: it waits, and does not take the draft for one whose extract died (eight staff
    /// extracting at once in one workspace met this).
    @Test func aCommandRunAsAnExtractCreatesItsDraftLeavesTheDraftAlone() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let extracting = try PausedCommand(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", Self.fixture, "--out", "../out"],
            in: ws, pausingAt: "marker-draft-created")
        try #require(extracting.paused)
        let other = try ChildProcess(consignExecutable, ["subject", "stopped"], in: ws, environment: consignEnvironment(["SOURCE_DATE_EPOCH": "1795000000"]))
        let deadline = Date().addingTimeInterval(2)
        while other.isRunning && Date() < deadline { usleep(10_000) }
        let waited = other.isRunning
        let extracted = try extracting.finish()
        #expect(extracted.status == 0, "\(extracted.stderr)")
        let ended = try other.finish()
        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(waited, "the other command did not wait for the draft's claim")
        _ = try expectCompletePackage(try onlyPackage(in: root.appending(path: "out")), in: ws)
        #expect(pendingMarkers(ws).isEmpty)
    }

    @Test func aCommandRunWhileAnExtractRunsLeavesThatExtractAlone() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try ExtractLargeSourceTests.source().write(to: root.appending(path: "large.csv"))
        let out = root.appending(path: "out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let running = try Self.start(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../large.csv", "--out", out.path,
             "--format", "csv,xml"], in: ws)
        let id = Self.hiddenTransfer(in: out, while: running)
        if id == nil {
            let ended = try running.finish()
            Issue.record("the extract finished before it could be watched: exit \(ended.status), \(ended.stderr)")
            return
        }
        let other = try consign(["contractor", "list"], in: ws)
        let stillRunning = running.isRunning
        #expect(other.status == 0, "\(other.stderr)")
        if stillRunning {
            #expect(entries(out) == [".consign-\(id!).partial"], "the other command removed a running extract's folder")
            #expect(pendingMarkers(ws) == [id!])
        }
        let ended = try running.finish()
        #expect(ended.status == 0, "\(ended.stderr)")
        let manifest = try expectCompletePackage(try onlyPackage(in: out), in: ws)
        #expect(manifest.transfer == id && manifest.rows == 20_000)
        #expect(pendingMarkers(ws).isEmpty)
    }

    /// Two extracts at once into the same directory: two transfers, two complete packages.
    @Test func twoExtractsAtOnceGiveTwoCompletePackages() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try ExtractLargeSourceTests.source().write(to: root.appending(path: "large.csv"))
        let events = try registerRows(ws)
        let arguments = [
            "extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../large.csv", "--out", "../out",
        ]
        let first = try Self.start(arguments, in: ws)
        let second = try Self.start(arguments + ["--format", "xml"], in: ws)
        let firstEnded = try first.finish()
        let secondEnded = try second.finish()
        #expect(firstEnded.status == 0, "\(firstEnded.stderr)")
        #expect(secondEnded.status == 0, "\(secondEnded.stderr)")
        let names = entries(root.appending(path: "out"))
        #expect(names.count == 2 && names.allSatisfy { !$0.hasPrefix(".") }, "\(names)")
        for name in names { _ = try expectCompletePackage(root.appending(path: "out/\(name)"), in: ws) }
        // Each transfer with its package's signature.
        #expect(try registerRows(ws).count == events.count + 4)
        #expect(pendingMarkers(ws).isEmpty)
    }

    /// A failure after the transfer is recorded (here: the package cannot be renamed into place, because a
    /// folder of that name appeared in --out meanwhile) must not lose the recorded package: the register says
    /// these files were made, so they stay, with their marker, for the next command to finish once the
    /// obstacle is gone. (Refusing before the commit, with no transfer recorded, would be as good.)
    @Test func aFailureAfterTheCommitKeepsThePackageForTheNextCommand() async throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try ExtractLargeSourceTests.source().write(to: root.appending(path: "large.csv"))
        let out = root.appending(path: "out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let transfersBefore = try transferRows(ws)
        let running = try Self.start(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../large.csv", "--out", out.path],
            in: ws)
        guard let id = Self.hiddenTransfer(in: out, while: running) else {
            let ended = try running.finish()
            Issue.record("the extract finished before it could be watched: exit \(ended.status), \(ended.stderr)")
            return
        }
        // A folder with the package's name, not empty, appears where the package is to go.
        try FileManager.default.createDirectory(at: out.appending(path: id), withIntermediateDirectories: false)
        try Data("squatter".utf8).write(to: out.appending(path: "\(id)/note.txt"))
        try #require(running.isRunning, "the extract finished before the obstacle was in place")
        let ended = try running.finish()

        let transfers = try transferRows(ws)
        if transfers.count == transfersBefore.count {
            // Refused before the commit: nothing of it is left.
            #expect(ended.status == 2, "\(ended.stderr)")
            #expect(entries(out) == [id])
            #expect(pendingMarkers(ws).isEmpty)
        } else {
            // Recorded: its files must survive until they are in place.
            let recorded = try #require(try await recordedTransfers(ws).last)
            #expect(recorded.value.id == id)
            try FileManager.default.removeItem(at: out.appending(path: id))
            let next = try consign(["subject", "stopped"], in: ws)
            #expect(next.status == 0, "\(next.stderr)")
            #expect(
                entries(out) == [id],
                "transfer \(id) is recorded as event \(recorded.sequence), but its package is gone: \(entries(out))")
            if entries(out) == [id] {
                let manifest = try expectCompletePackage(out.appending(path: id), in: ws)
                #expect(manifest.ledgerEvent == recorded.sequence)
            }
        }
    }

    /// A failed extract removes the `--out` it created, but only as it made it: when another extract has
    /// put its package there meanwhile, that package (recorded in the register) stays.
    @Test func aFailedExtractDoesNotRemoveAnotherExtractsPackageFromTheOutItCreated() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // Several megabytes with a bad last record: the failure comes at the end of the scan.
        var bad = ExtractLargeSourceTests.source()
        bad.append(Data("C99999999,only,three fields\r\n".utf8))
        try bad.write(to: root.appending(path: "bad.csv"))
        let out = root.appending(path: "shared")
        let failing = try Self.start(
            ["extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "../bad.csv", "--out", out.path],
            in: ws)
        try #require(Self.hiddenTransfer(in: out, while: failing) != nil, "the failing extract ended before it could be watched")
        let other = try extract("prize-shipping", "hayate-transport", source: extractFixtures.appending(path: "customers-tricky.csv").path, out: out.path, in: ws)
        #expect(other.status == 0, "\(other.stderr)")
        try #require(failing.isRunning, "the failing extract ended before the other one was done")
        let failed = try failing.finish()
        #expect(failed.status == 2, "\(failed.stderr)")
        let transfer = try #require(try transferRows(ws).last)
        let packages = entries(out)
        #expect(packages.count == 1, "the package of event \(transfer.sequence) was removed with --out: \(packages)")
        if packages.count == 1 {
            let manifest = try expectCompletePackage(out.appending(path: packages[0]), in: ws)
            #expect(manifest.ledgerEvent == transfer.sequence)
        }
    }
}
