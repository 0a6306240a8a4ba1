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
        // The workspace copies are byte-for-byte the repository's.
        for path in ["templates/catalog.xsd", "agreements/agreement.xsd", "templates/catalog.xml"] {
            #expect(FileManager.default.contents(atPath: ws.appending(path: path).path)
                == FileManager.default.contents(atPath: repositoryRoot.appending(path: path).path))
        }
        let check = try consign(["check"], in: ws)
        #expect(check.status == 0, "\(check.stderr)")
        let again = try consign(["init", "ws"], in: root)
        #expect(again.status == 2 && again.stderr.contains("already a consign workspace"))
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
        #expect(run.stdout.contains("sends 7 of 20 catalog fields, cost 30 (the agreement would allow 8)"))
        #expect(run.stdout.contains("REFUSED: task ad-audience-matching"))
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
