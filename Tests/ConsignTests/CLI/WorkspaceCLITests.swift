import Foundation
import Testing

/// `init` and `demo`, as a new user runs them.
@Suite struct WorkspaceCLITests {
    @Test func initCreatesSchemasAStarterCatalogAndAnOwnerOnlyKey() throws {
        let root = try temporaryDirectory()
        let run = try consign(["init", "ws"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let ws = root.appending(path: "ws")
        for path in ["templates/catalog.xsd", "templates/task.xsd", "templates/catalog.xml", "agreements/agreement.xsd",
                     "agreements/contractors/contractor.xsd", ".consign/register.sqlite", ".gitignore"] {
            #expect(FileManager.default.fileExists(atPath: ws.appending(path: path).path), "\(path)")
        }
        let key = try FileManager.default.attributesOfItem(atPath: ws.appending(path: ".consign/master.key").path)
        #expect(key[.posixPermissions] as? Int == 0o600)
        // The schema copies are byte-for-byte the repository's; the catalog is a neutral starter, not the example's.
        #expect(FileManager.default.contents(atPath: ws.appending(path: "templates/catalog.xml").path)
            != FileManager.default.contents(atPath: repositoryRoot.appending(path: "templates/catalog.xml").path))
        for path in ["templates/catalog.xsd", "agreements/agreement.xsd"] {
            #expect(FileManager.default.contents(atPath: ws.appending(path: path).path)
                == FileManager.default.contents(atPath: repositoryRoot.appending(path: path).path))
        }
        let check = try consign(["check"], in: ws)
        #expect(check.status == 0, "\(check.stderr)")
        let again = try consign(["init", "ws"], in: root)
        #expect(again.status == 2 && again.stderr.contains("already a consign workspace"))
    }

    /// A newcomer's first hour: the steps `init` prints, run as printed, lead to a first plan and extract and a
    /// clean audit, with nothing edited.
    @Test func followingTheStepsInitPrintsLeadsToAFirstPlanAndExtract() throws {
        let root = try temporaryDirectory()
        let initialized = try consign(["init", "w"], in: root)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        let steps = initialized.stdout.components(separatedBy: "next steps:\n").last ?? ""
        let commands = steps.split(separator: "\n").filter { $0.hasPrefix("       ") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(commands.first == "cd w" && commands.contains { $0.hasPrefix("consign extract ") }, "\(initialized.stdout)")
        var directory = root
        let path = consignExecutable.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for command in commands {
            if command.hasPrefix("cd ") {
                directory = directory.appending(path: String(command.dropFirst(3)))
                continue
            }
            let step = try run(
                URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: directory,
                environment: consignEnvironment(["PATH": path, "SOURCE_DATE_EPOCH": "1795000000"]))
            #expect(step.status == 0, "\(command): \(step.stdout)\(step.stderr)")
            #expect(!step.stderr.contains("error"), "\(command): \(step.stderr)")
        }
        let transfers = try consign(["transfer", "list", "--format", "json"], in: directory)
        #expect((try JSONSerialization.jsonObject(with: Data(transfers.stdout.utf8)) as? [Any])?.count == 1)
    }

    /// In Japanese, init writes the starter documents with Japanese comments and texts that still validate,
    /// prints the steps in Japanese with the same commands, and check sums up and finds problems in Japanese.
    @Test func initAndCheckSpeakJapanese() throws {
        let root = try temporaryDirectory()
        let ja = ["SOURCE_DATE_EPOCH": "1795000000", "CONSIGN_LANG": "ja"]
        let initialized = try consign(["init", "w"], in: root, environment: ja)
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.contains("次の手順：\n  1. ワークスペースに移動します"), "\(initialized.stdout)")
        #expect(initialized.stdout.contains("       consign contractor add agreements/contractors/example-courier.xml"))
        let ws = root.appending(path: "w")
        let catalog = String(decoding: FileManager.default.contents(atPath: ws.appending(path: "templates/catalog.xml").path)!, as: UTF8.self)
        #expect(catalog.contains("<purpose id=\"deliveries\">お客様が注文した商品をお届けするため。</purpose>"))
        let check = try consign(["check"], in: ws, environment: ja)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("4 件の文書を検査しました：エラー 0 件、警告 0 件"), "\(check.stdout)")
        #expect(check.stdout.contains("agreements/AG-EXAMPLE-001-v1.xml  契約 AG-EXAMPLE-001 第 1 版"), "\(check.stdout)")
        try edit(
            ws.appending(path: "agreements/AG-EXAMPLE-001-v1.xml"), replacing: "<purposes>deliveries</purposes>",
            with: "<purposes>deliveries campaigns</purposes>")
        let broken = try consign(["check"], in: ws, environment: ja)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("agreements/AG-EXAMPLE-001-v1.xml:15: error: 利用目的 'campaigns' はカタログにありません"), "\(broken.stderr)")
        // The English starter documents are not the Japanese ones; both validate.
        let english = try consign(["init", "e"], in: root)
        #expect(english.stdout.contains("next steps:"))
        #expect(FileManager.default.contents(atPath: root.appending(path: "e/templates/catalog.xml").path)
            != FileManager.default.contents(atPath: ws.appending(path: "templates/catalog.xml").path))
    }

    @Test func initExampleLaysOutTheReadmesWorkspaceWithNothingRegistered() throws {
        let root = try temporaryDirectory()
        let run = try consign(["init", "--example", "w"], in: root)
        #expect(run.status == 0 && run.stdout.contains("created agreements/AG-2024-011-v2.xml"), "\(run.stderr)")
        let ws = root.appending(path: "w")
        #expect(FileManager.default.contents(atPath: ws.appending(path: "templates/catalog.xml").path)
            == FileManager.default.contents(atPath: repositoryRoot.appending(path: "templates/catalog.xml").path))
        #expect(try consign(["ledger", "head"], in: ws).stdout.hasPrefix("0:"))
        let check = try consign(["check"], in: ws)
        #expect(check.status == 0 && check.stdout.contains("agreements/contractors/hayate-transport.xml"), "\(check.stdout)")
    }

    @Test func checkWarnsWhenAWorkspaceSchemaDiffersFromTheBuiltInOne() throws {
        let root = try copyOfExampleWorkspace()
        try edit(root.appending(path: "templates/task.xsd"), replacing: "<xs:enumeration value=\"one-of\"/>", with: "")
        let run = try consign(["check"], in: root)
        #expect(run.status == 0)
        #expect(run.stderr.contains("templates/task.xsd: warning: differs from the schema built into consign"))
    }

    @Test func theDemoRegistersTheExampleWorkspaceAndLeavesItReady() throws {
        let root = try temporaryDirectory()
        let run = try consign(["demo", "here"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("registered agreement AG-2026-001 v1"))
        #expect(run.stdout.contains("evaluated nordstat: foreign-basis pass on 2026-11-18"))
        #expect(run.stdout.contains("evaluated tsubame-print: selection pass on 2021-03-18; terminated on 2025-03-31"))
        #expect(run.stdout.contains("AG-2024-011  1  hayate-transport  2024-04-01..2031-03-31  superseded"))
        #expect(run.stdout.contains("sends 7 of 22 catalog fields, cost 30 (the agreement would allow 8)"))
        #expect(run.stdout.contains("purpose advertising; agreement AG-2025-015 v2 (provision"))
        #expect(run.stdout.contains("REFUSED: task prize-shipping (Shipping of prizes to competition winners by courier) for contractor hoshizora-toys"))
        #expect(run.stdout.contains("ad-audience-matching → linkad-network: ") && run.stdout.contains("sponsor-prize-shipping → hoshizora-toys: "))
        #expect(run.stdout.contains("== A disclosure under law, recorded by hand: consign transfer record --basis law"))
        let ws = root.appending(path: "here")
        let check = try consign(["check"], in: ws)
        #expect(check.status == 0)
        #expect(check.stdout.contains("every contractor profile and agreement file is registered"))
        let list = try consign(["contractor", "list"], in: ws)
        #expect(list.stdout.contains("tsubame-print     terminated"))
        // A second demo into the same, now non-empty, directory is refused and changes nothing.
        let again = try consign(["demo", "here"], in: root)
        #expect(again.status == 2 && again.stderr.contains("not empty"))
    }

    @Test func helpTextDescribesTheCommands() throws {
        let root = try temporaryDirectory()
        let run = try consign(["--help"], in: root)
        #expect(run.status == 0)
        for command in ["demo", "init", "check", "contractor", "agreement"] { #expect(run.stdout.contains(command)) }
        let evaluate = try consign(["contractor", "evaluate", "--help"], in: root)
        #expect(evaluate.stdout.contains("--kind") && evaluate.stdout.contains("selection, periodic or foreign-basis"))
    }
}
