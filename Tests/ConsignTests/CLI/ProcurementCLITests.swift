import ConsignKeys
import ConsignStore
import Foundation
import GRDB
import Testing

/// Procurement's job through the CLI, as a user runs it: exit statuses, stdout, stderr and the register.
@Suite struct ProcurementCLITests {
    /// A copy of the example workspace, initialized, with every profile and agreement registered.
    func registeredWorkspace() throws -> URL {
        let root = try copyOfExampleWorkspace()
        let initialized = try consign(["init"], in: root)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        for folder in ["agreements/contractors", "agreements"] {
            let files = try FileManager.default.contentsOfDirectory(atPath: root.appending(path: folder).path)
            for file in files.sorted() where file.hasSuffix(".xml") {
                let run = try consign([folder == "agreements" ? "agreement" : "contractor", "add", "\(folder)/\(file)"], in: root)
                #expect(run.status == 0, "\(file): \(run.stderr)")
            }
        }
        return root
    }

    func eventCount(_ root: URL) throws -> Int {
        try DatabaseQueue(path: root.appending(path: ".consign/register.sqlite").path).read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event") ?? -1
        }
    }

    @Test func checkOnTheExampleWorkspacePassesWithTheClauseWarning() throws {
        let root = try copyOfExampleWorkspace()
        let run = try consign(["check"], in: root)
        #expect(run.status == 0)
        #expect(run.stderr.contains("agreements/AG-2025-002-v1.xml:2: warning: agreement 'AG-2025-002' version 1 lacks clause e)"))
        #expect(!run.stderr.contains("error:"))
        #expect(run.stdout.contains("checked 34 documents: 0 errors, 1 warning"))
    }

    @Test func checkNamesTheFileLineAndBadIdOfAnUnknownReference() throws {
        let root = try copyOfExampleWorkspace()
        let file = root.appending(path: "agreements/AG-2024-007-v1.xml")
        let text = try readText(file)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains(#"<field ref="person.gender"/>"#) }! + 1
        try edit(file, replacing: #"<field ref="person.gender"/>"#, with: #"<field ref="person.genre"/>"#)
        let run = try consign(["check"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("agreements/AG-2024-007-v1.xml:\(line): error: field 'person.genre' is not in the catalog"))
    }

    @Test func checkListsEveryProblemNotJustTheFirst() throws {
        let root = try copyOfExampleWorkspace()
        try edit(root.appending(path: "agreements/AG-2024-007-v1.xml"), replacing: "person.gender", with: "person.genre")
        try edit(root.appending(path: "templates/prize-shipping.xml"), replacing: "<purpose>surveys-prizes", with: "<purpose>lottery")
        try edit(root.appending(path: "agreements/AG-2025-010-v1.xml"), replacing: "<relationship>entrustment", with: "<relationship>friendship")
        let run = try consign(["check"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("person.genre"))
        #expect(run.stderr.contains("templates/prize-shipping.xml:4: error: purpose 'lottery'"))
        #expect(run.stderr.contains("agreements/AG-2025-010-v1.xml:4"))
    }

    @Test func registeringAllAgreementsReproducesEachFilesSHA256() throws {
        let root = try registeredWorkspace()
        let list = try consign(["agreement", "list", "--format", "json"], in: root)
        #expect(list.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 11)
        for entry in entries {
            let file = try #require(entry["file"] as? String)
            let bytes = try #require(FileManager.default.contents(atPath: root.appending(path: file).path))
            #expect(entry["sha256"] as? String == sha256Hex([UInt8](bytes)), "\(file)")
            for key in ["id", "version", "contractor", "effective_from", "effective_to", "purposes", "standing", "clauses", "registered_at"] {
                #expect(entry[key] != nil, "\(key) missing")
            }
        }
        let show = try consign(["agreement", "show", "AG-2024-011"], in: root)
        #expect(show.status == 0)
        let v2 = try #require(FileManager.default.contents(atPath: root.appending(path: "agreements/AG-2024-011-v2.xml").path))
        #expect(show.stdout.contains("sha256            \(sha256Hex([UInt8](v2)))"))
        #expect(show.stdout.contains("AG-2024-011 version 1") && show.stdout.contains("standing          superseded on"))
        #expect(show.stdout.contains("kita-delivery (JP) for surveys-prizes on 2024-03-20"))
        let check = try consign(["check"], in: root)
        #expect(check.status == 0)
        #expect(check.stdout.contains("every contractor profile and agreement file is registered"))
    }

    @Test func changingOneByteOfARegisteredFileMakesCheckFail() throws {
        let root = try registeredWorkspace()
        try edit(root.appending(path: "agreements/AG-2025-006-v1.xml"), replacing: "2031-06-30", with: "2031-06-29")
        let run = try consign(["check"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("agreements/AG-2025-006-v1.xml:2: error: agreement 'AG-2025-006' version 1 differs from its registered bytes"))
        let again = try consign(["agreement", "add", "agreements/AG-2025-006-v1.xml"], in: root)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already registered with different bytes"))
    }

    @Test func registeringTheSameBytesTwiceAppendsNothing() throws {
        let root = try registeredWorkspace()
        let before = try eventCount(root)
        let run = try consign(["contractor", "add", "agreements/contractors/nordstat.xml"], in: root)
        #expect(run.status == 0 && run.stdout.contains("already registered"))
        #expect(try eventCount(root) == before)
    }

    @Test(arguments: [
        ("DOCTYPE", #"<!DOCTYPE agreement [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#, "DOCTYPE is not allowed"),
        ("billion laughs", #"<!DOCTYPE agreement [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>"#, "DOCTYPE is not allowed"),
        ("XSD-invalid", "", "relationship"),
    ])
    func anUnsafeOrInvalidAgreementIsRefusedAndNothingIsRegistered(name: String, prolog: String, message: String) throws {
        let root = try registeredWorkspace()
        let file = root.appending(path: "agreements/new.xml")
        var text = try readText(root.appending(path: "agreements/AG-2025-006-v1.xml"))
            .replacingOccurrences(of: #"version="1""#, with: #"version="2""#)
        if prolog.isEmpty {
            text = text.replacingOccurrences(of: "<relationship>entrustment", with: "<relationship>friendship")
        } else {
            text = text.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\(prolog)\n")
        }
        try Data(text.utf8).write(to: file)
        let before = try eventCount(root)
        let run = try consign(["agreement", "add", "agreements/new.xml"], in: root)
        #expect(run.status == 2, "\(name)")
        #expect(run.stderr.contains("agreements/new.xml:") && run.stderr.contains(message), "\(run.stderr)")
        #expect(!run.stderr.contains("root:"))
        #expect(try eventCount(root) == before)
        let check = try consign(["check"], in: root)
        #expect(check.status == 2)
    }

    @Test func anAgreementThatWouldOverlapAnotherIsRefused() throws {
        let root = try registeredWorkspace()
        let text = try readText(root.appending(path: "agreements/AG-2025-006-v1.xml"))
            .replacingOccurrences(of: #"id="AG-2025-006""#, with: #"id="AG-2026-050""#)
        try Data(text.utf8).write(to: root.appending(path: "agreements/AG-2026-050-v1.xml"))
        let before = try eventCount(root)
        let run = try consign(["agreement", "add", "agreements/AG-2026-050-v1.xml"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("both cover purpose"))
        #expect(try eventCount(root) == before)
    }

    @Test func anAgreementOfAnUnregisteredContractorIsRefused() throws {
        let root = try copyOfExampleWorkspace()
        _ = try consign(["init"], in: root)
        let run = try consign(["agreement", "add", "agreements/AG-2025-006-v1.xml"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("contractor 'hikari-mail' is not registered"))
        #expect(try eventCount(root) == 0)
    }

    @Test func suspensionReinstatementAndTerminationAreDatedAndTerminationIsFinal() throws {
        let root = try registeredWorkspace()
        #expect(try consign(["contractor", "suspend", "sakura-mailing", "--on", "2026-11-01", "--note", "missed report"], in: root).status == 0)
        var show = try consign(["contractor", "show", "sakura-mailing"], in: root)
        #expect(show.stdout.contains("status            suspended"))
        #expect(show.stdout.contains("2026-11-01  suspended  missed report"))
        #expect(try consign(["contractor", "suspend", "sakura-mailing"], in: root).status == 1)
        #expect(try consign(["contractor", "reinstate", "sakura-mailing", "--on", "2026-11-10"], in: root).status == 0)
        show = try consign(["contractor", "show", "sakura-mailing", "--format", "json"], in: root)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "active")
        let history = try #require(json["status_history"] as? [[String: Any]])
        #expect(history.map { $0["status"] as? String } == ["suspended", "active"])
        #expect(history.map { $0["on"] as? String } == ["2026-11-01", "2026-11-10"])
        #expect(try consign(["contractor", "terminate", "sakura-mailing", "--on", "2026-11-15"], in: root).status == 0)
        let reinstate = try consign(["contractor", "reinstate", "sakura-mailing"], in: root)
        #expect(reinstate.status == 1)
        #expect(reinstate.stderr.contains("was terminated on 2026-11-15; termination is final"))
        #expect(try consign(["contractor", "suspend", "sakura-mailing"], in: root).status == 1)
    }

    @Test func procurementSpeaksJapaneseWhenAsked() throws {
        let root = try registeredWorkspace()
        let ja = ["SOURCE_DATE_EPOCH": "1795000000", "CONSIGN_LANG": "ja"]
        let suspend = try consign(["contractor", "suspend", "sakura-mailing", "--on", "2026-11-01"], in: root, environment: ja)
        #expect(suspend.stdout.contains("委託先 sakura-mailing を 2026-11-01 から取引停止にしました（イベント "), "\(suspend.stdout)")
        let again = try consign(["contractor", "suspend", "sakura-mailing"], in: root, environment: ja)
        #expect(again.status == 1 && again.stderr.contains("委託先 'sakura-mailing' はすでに取引停止中です"), "\(again.stderr)")
        let show = try consign(["contractor", "show", "sakura-mailing"], in: root, environment: ja)
        #expect(show.stdout.contains("  取引状況          取引停止中\n"), "\(show.stdout)")
        #expect(show.stdout.contains("  取引状況の履歴\n    2026-11-01  取引停止中"), "\(show.stdout)")
        let list = try consign(["agreement", "list"], in: root, environment: ja)
        #expect(list.stdout.hasPrefix("契約"), "\(list.stdout)")
        let agreement = try consign(["agreement", "show", "AG-2025-002"], in: root, environment: ja)
        #expect(agreement.stdout.contains("  条項（JIS Q 15001 A.3.4.3.4）"), "\(agreement.stdout)")
        let help = try consign(["contractor", "--help"], in: root, environment: ja)
        #expect(help.stdout.contains("委託先を登録し、取引状況を変更し、評価を記録します。"), "\(help.stdout)")
    }

    @Test func evaluationsAreListedWithDatesResultsAndEvidenceHashes() throws {
        let root = try registeredWorkspace()
        let evidence = root.appending(path: "selection-checklist.pdf")
        try Data("checklist signed by procurement".utf8).write(to: evidence)
        let run = try consign(
            ["contractor", "evaluate", "aozora-research", "--on", "2024-05-20", "--kind", "selection", "--result", "pass",
             "--evidence", "selection-checklist.pdf", "--note", "site visit"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let fail = try consign(
            ["contractor", "evaluate", "aozora-research", "--on", "2025-05-20", "--kind", "periodic", "--result", "fail",
             "--note", "late reports"], in: root)
        #expect(fail.status == 0)
        let show = try consign(["contractor", "show", "aozora-research", "--format", "json"], in: root)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let evaluations = try #require(json["evaluations"] as? [[String: Any]])
        #expect(evaluations.count == 2)
        #expect(evaluations[0]["on"] as? String == "2024-05-20")
        #expect(evaluations[0]["result"] as? String == "pass")
        #expect(evaluations[0]["evidence_sha256"] as? String == sha256Hex(Array("checklist signed by procurement".utf8)))
        #expect(evaluations[1]["kind"] as? String == "periodic" && evaluations[1]["result"] as? String == "fail")
        let missing = try consign(
            ["contractor", "evaluate", "aozora-research", "--kind", "selection", "--result", "pass", "--evidence", "nope.pdf",
             "--note", "x"], in: root)
        #expect(missing.status == 2 && missing.stderr.contains("nope.pdf: error: no such file"))
    }

    @Test func usageErrorsAndUnknownIdsExitWithStatus2() throws {
        let root = try registeredWorkspace()
        for arguments in [
            ["contractor", "evaluate", "nordstat", "--kind", "yearly", "--result", "pass", "--note", "x"],
            ["contractor", "suspend", "nordstat", "--on", "2026-02-30"],
            ["agreement", "show", "AG-0000-000"],
            ["contractor", "show", "nobody"],
            ["no-such-command"],
        ] {
            let run = try consign(arguments, in: root)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(!run.stderr.isEmpty)
        }
        let suspend = try consign(["contractor", "suspend", "nobody"], in: root)
        #expect(suspend.status == 2 && suspend.stderr.contains("unknown contractor 'nobody'"), "\(suspend.stderr)")
    }

    @Test func aKeyReadableByOthersIsRefused() throws {
        let root = try registeredWorkspace()
        chmod(root.appending(path: ".consign/master.key").path, 0o644)
        let run = try consign(["contractor", "list"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("readable by others (mode 644); run: chmod 600"))
    }
}
