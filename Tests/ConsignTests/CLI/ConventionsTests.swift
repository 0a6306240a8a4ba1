import Foundation
import Testing

/// The conventions the README writes once (Conventions), checked over every command's help, and the
/// workspace found from any folder inside it.
@Suite struct ConventionsTests {
    /// One command of the tree argument-parser describes (`--experimental-dump-help`).
    struct Command {
        var path: [String]
        var options: [(names: [String], valueName: String?, abstract: String)]
        var subcommands: [Command]

        init(_ json: [String: Any], path: [String]) {
            self.path = path
            options = ((json["arguments"] as? [[String: Any]]) ?? []).compactMap { argument in
                guard let names = argument["names"] as? [[String: Any]] else { return nil }
                let long = names.filter { $0["kind"] as? String == "long" }.compactMap { $0["name"] as? String }
                return (long, argument["valueName"] as? String, argument["abstract"] as? String ?? "")
            }
            subcommands = ((json["subcommands"] as? [[String: Any]]) ?? []).map {
                Command($0, path: path + [$0["commandName"] as! String])
            }
        }

        var all: [Command] { [self] + subcommands.flatMap(\.all) }
        var isLeaf: Bool { subcommands.isEmpty }
        func option(_ name: String) -> (names: [String], valueName: String?, abstract: String)? {
            options.first { $0.names.contains(name) }
        }
    }

    static func commands() throws -> Command {
        let dump = try consign(["--experimental-dump-help"], in: try temporaryDirectory())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        return Command(try #require(json["command"] as? [String: Any]), path: [])
    }

    @Test func everyCommandFollowsTheConventions() throws {
        let root = try Self.commands()
        let commands = root.all.filter { !$0.path.isEmpty && $0.path != ["help"] }
        #expect(commands.count > 30)
        for command in commands {
            let name = command.path.joined(separator: " ")
            // --help works and shows the command's own options.
            let help = try consign(command.path + ["--help"], in: try temporaryDirectory())
            #expect(help.status == 0 && help.stdout.contains("USAGE: consign \(name)"), "\(name)")
            for option in command.options where !["help", "version"].contains(option.names.first) {
                #expect(help.stdout.contains("--\(option.names[0])"), "\(name) --help lacks --\(option.names[0])")
            }
            for option in command.options {
                // A date is --on (--as-of is only an alias), a period --from and --to, a request's receipt --received,
                // and says which forms it takes.
                if option.valueName == "date" {
                    #expect(["on", "from", "to", "received"].contains(option.names.first), "\(name): a date option is --\(option.names)")
                    #expect(option.abstract.contains("YYYY-MM-DD") && option.abstract.contains("today+N"), "\(name)")
                }
                if option.names.contains("as-of") { #expect(option.names.first == "on", "\(name)") }
                // --out names a file, except the folders an extract, a statistics or anonymised release and a receive write (the
                // documented exceptions), and the prefix of the two files keygen writes.
                if option.names.contains("out") {
                    let expected = ["extract": "dir", "stats": "dir", "anonymise": "dir", "receive": "dir", "keygen": "prefix"][name] ?? "file"
                    #expect(option.valueName == expected, "\(name) --out is <\(option.valueName ?? "")>")
                }
                if option.names.contains("workspace") { #expect(option.valueName == "dir", "\(name)") }
                // Output style is --format, never another name.
                for other in ["output", "style", "json", "as-json", "lang"] {
                    #expect(!option.names.contains(other), "\(name) has --\(other)")
                }
            }
            // (The import profiles are built into consign: they depend on no date and no workspace.)
            let builtIn = command.path.first == "import-profile"
            if command.isLeaf && command.path.last.map({ ["list", "show", "stopped"].contains($0) }) == true {
                #expect(command.option("format") != nil, "\(name) has no --format")
                #expect(builtIn || command.option("on") != nil, "\(name) has no --on")
            }
            // (audit coverage takes the options of consign audit, the parent it reads them from.)
            // (db setup and db grant work on a database, not a workspace; keygen and receive are the contractor's.)
            let noWorkspace = ["demo", "init", "sample customers", "audit coverage", "db setup", "db grant", "keygen", "receive"]
                + (builtIn ? [name] : [])
            if command.isLeaf && !noWorkspace.contains(name) {
                #expect(command.option("workspace") != nil, "\(name) has no --workspace")
            }
        }
        // `consign audit` is the audit itself: its options show at its own level.
        let audit = try #require(commands.first { $0.path == ["audit"] })
        for option in ["on", "format", "out", "workspace"] { #expect(audit.option(option) != nil, "audit --\(option)") }
        let auditHelp = try consign(["audit", "--help"], in: try temporaryDirectory()).stdout
        #expect(auditHelp.contains("--on, --as-of <date>") && auditHelp.contains("--format <format>"), "\(auditHelp)")
    }

    @Test func versionNamesTheReleaseAndTheCommit() throws {
        let version = try consign(["--version"], in: try temporaryDirectory())
        #expect(version.status == 0)
        let line = version.stdout.trimmingCharacters(in: .newlines)
        #expect(line.wholeMatch(of: /consign \d+\.\d+\.\d+ \(commit ([0-9a-f]{40}|unknown)\)/) != nil, "\(line)")
        // Built from this checkout: the commit is HEAD's (unless the tree was copied without .git).
        let head = try? run(URL(fileURLWithPath: "/usr/bin/git"), ["-C", repositoryRoot.path, "rev-parse", "HEAD"])
        if let head, head.status == 0 { #expect(line.contains(head.stdout.trimmingCharacters(in: .newlines)), "\(line)") }
    }

    @Test func anUnknownIdExitsWith2InEveryCommand() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("certificate".utf8).write(to: ws.appending(path: "certificate.pdf"))
        let commands: [[String]] = [
            ["contractor", "show", "nobody"], ["contractor", "suspend", "nobody"], ["contractor", "reinstate", "nobody"],
            ["contractor", "terminate", "nobody"],
            ["contractor", "evaluate", "nobody", "--kind", "periodic", "--result", "pass", "--note", "x"],
            ["agreement", "show", "AG-0000-000"], ["transfer", "show", "T-00000000-00000000"],
            ["transfer", "confirm-deletion", "T-00000000-00000000", "--certificate", "certificate.pdf"],
            ["transfer", "record", "--contractor", "nobody", "--task", "prize-shipping", "--on", "today", "--fields",
             "person.name", "--rows", "1", "--note", "x"],
            ["transfer", "record", "--contractor", "hayate-transport", "--task", "lottery", "--on", "today", "--fields",
             "person.name", "--rows", "1", "--note", "x"],
            ["plan", "--task", "lottery", "--contractor", "hayate-transport"],
            ["plan", "--task", "prize-shipping", "--contractor", "nobody"],
            ["extract", "--task", "prize-shipping", "--contractor", "nobody", "--source", "data/customers.csv", "--out", "x"],
            ["contractor", "report", "nobody", "--evidence", "certificate.pdf"],
            ["agreement", "verify-document", "AG-0000-000", "certificate.pdf"],
            ["incident", "record", "--contractor", "nobody", "--kind", "loss", "--discovered", "2026-11-01T09:00",
             "--notified-by-contractor", "2026-11-01T10:00", "--note", "x"],
            ["incident", "report", "INC-00000000-00000000", "--stage", "final"], ["incident", "show", "INC-00000000-00000000"],
        ]
        let head = try consign(["ledger", "head"], in: ws).stdout
        for command in commands {
            let run = try consign(command, in: ws)
            #expect(run.status == 2, "\(command): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("unknown "), "\(command): \(run.stderr)")
        }
        #expect(try consign(["ledger", "head"], in: ws).stdout == head)
    }

    @Test func theWorkspaceIsFoundFromAnyFolderInsideIt() throws {
        let root = try temporaryDirectory()
        #expect(try consign(["init", "w"], in: root).status == 0)
        let templates = root.appending(path: "w/templates")
        let check = try consign(["check"], in: templates)
        #expect(check.status == 0 && check.stdout.contains("checked 4 documents"), "\(check.stdout)\(check.stderr)")
        let deep = templates.appending(path: "drafts/2026")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        #expect(try consign(["contractor", "list"], in: deep).status == 0)
        // CONSIGN_WORKSPACE and --workspace name one from anywhere; --workspace wins.
        let elsewhere = try temporaryDirectory()
        let named = try consign(["ledger", "head"], in: elsewhere, environment: ["CONSIGN_WORKSPACE": root.appending(path: "w").path])
        #expect(named.status == 0, "\(named.stderr)")
        let both = try consign(
            ["ledger", "head", "--workspace", elsewhere.path], in: templates, environment: ["CONSIGN_WORKSPACE": root.appending(path: "w").path])
        #expect(both.status == 2 && both.stderr.contains("no .consign/ in \(elsewhere.standardizedFileURL.path)"), "\(both.stderr)")
    }

    @Test func outsideAWorkspaceEveryCommandSaysTheSameAndWhatToRun() throws {
        let outside = try temporaryDirectory()
        var messages = Set<String>()
        for command in [
            ["check"], ["plan", "--task", "t", "--contractor", "c"], ["contractor", "list"], ["agreement", "show", "a"],
            ["audit"], ["audit", "coverage"], ["subject", "stopped"], ["ledger", "verify"], ["ledger", "head"],
            ["transfer", "list"], ["report", "recipients"],
            ["extract", "--task", "t", "--contractor", "c", "--source", "s.csv", "--out", "x"],
        ] {
            let run = try consign(command, in: outside)
            #expect(run.status == 2, "\(command): \(run.status)")
            messages.insert(run.stderr)
        }
        #expect(messages.count == 1, "\(messages)")
        let message = try #require(messages.first)
        #expect(message.contains("not in a consign workspace: no .consign/ in \(outside.standardizedFileURL.path) or any folder above it"), "\(message)")
        #expect(message.contains("consign init DIR") && message.contains("--workspace DIR or CONSIGN_WORKSPACE"))
    }

    @Test func datesCanBeRelativeToToday() throws {
        let (root, ws) = try demoWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        // The demo's clock is the test's (SOURCE_DATE_EPOCH 1795000000, 2026-11-18 in Tokyo).
        let suspended = try consign(["contractor", "suspend", "sakura-mailing", "--on", "today+7", "--note", "x"], in: ws)
        #expect(suspended.stdout.contains("suspended sakura-mailing on 2026-11-25"), "\(suspended.stdout)\(suspended.stderr)")
        let list = try consign(["contractor", "list", "--on", "today+8"], in: ws).stdout
        #expect(list.contains("sakura-mailing    suspended"), "\(list)")
        #expect(try consign(["contractor", "list"], in: ws).stdout.contains("sakura-mailing    active"))
        for bad in ["tomorrow", "today+", "today+x", "2026-13-01", "today*2"] {
            let run = try consign(["contractor", "list", "--on", bad], in: ws)
            #expect(run.status == 2, "\(bad)")
        }
        let audit = try consign(["audit", "--as-of", "today"], in: ws)
        #expect(audit.stdout == (try consign(["audit", "--on", "2026-11-18"], in: ws)).stdout)
    }

    @Test func sampleCustomersNeedNoWorkspace() throws {
        let outside = try temporaryDirectory()
        let run = try consign(["sample", "customers", "--rows", "3", "--out", "c.csv"], in: outside)
        #expect(run.status == 0 && run.stdout.contains("the example catalog's columns"), "\(run.stderr)")
        let text = try String(contentsOf: outside.appending(path: "c.csv"), encoding: .utf8)
        #expect(text.hasPrefix("customer_id,") && text.split(separator: "\r\n").count == 4)
    }
}
