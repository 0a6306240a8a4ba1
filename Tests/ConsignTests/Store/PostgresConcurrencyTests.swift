import Foundation
import Testing

/// Many writers on one shared register (issue 22): 8 staff members' processes each run 10 extracts while
/// procurement records evaluations and the privacy office stop-use requests, all at once, each as their own
/// database login over verified TLS. Every append waits its turn on the chain lock: no command fails for
/// another's sake, the 80 transfers are all recorded, and the register is one linear chain that verifies.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CI"] == "true" || (try? TestPostgres.shared()) != nil))
struct PostgresConcurrencyTests {
    static let writers = 8
    static let extractsEach = 10

    @Test func eightStaffProcessesExtractingAtOnceKeepOneLinearChain() throws {
        let server = try #require(try TestPostgres.shared())
        let root = try temporaryDirectory("consign-concurrent")
        #expect(try consign(["demo", "ws"], in: root).status == 0)
        let workspace = root.appending(path: "ws")
        let database = try server.createDatabase()
        #expect(try consign(["db", "setup", server.url(database: database)], in: root).status == 0)
        let imported = try consign(["db", "import", server.url(database: database), "--workspace", workspace.path], in: root)
        #expect(imported.status == 0, "\(imported)")
        let before = try Self.transfers(in: workspace, root: root, environment: [:])

        // Each writer a login of its own, holding only its role.
        func login(_ name: String, _ role: String) throws -> [String: String] {
            try server.createUser(name)
            _ = try server.psql("GRANT consign_\(role) TO \(name)")
            let url = server.url(database: database, user: name, sslmode: "verify-full", rootCert: server.caFile)
            return ["CONSIGN_DATABASE": url, "PGPASSWORD": server.password(for: name)]
        }
        var loops: [(name: String, script: String, environment: [String: String])] = []
        for writer in 1...Self.writers {
            loops.append(
                (
                    "staff \(writer)",
                    """
                    for i in $(seq 1 \(Self.extractsEach)); do
                      "$CONSIGN" extract --task seminar-invitation-mailing --contractor sakura-mailing \
                        --source data/customers.csv --out "extracts/w\(writer)-$i" || exit 1
                    done
                    """,
                    try login("consign_test_concurrent_staff_\(writer)", "staff")
                ))
        }
        loops.append(
            (
                "procurement",
                """
                for i in $(seq 1 10); do
                  "$CONSIGN" contractor evaluate nordstat --kind periodic --result pass --note "review $i" || exit 1
                done
                """,
                try login("consign_test_concurrent_procurement", "procurement")
            ))
        loops.append(
            (
                "privacy",
                """
                for i in $(seq 10 19); do
                  "$CONSIGN" subject stop-use "Z00000$i" --reason "asked by letter" || exit 1
                done
                """,
                try login("consign_test_concurrent_privacy", "privacy")
            ))

        // All at once.
        let processes = try loops.map { loop in
            var environment = consignEnvironment(loop.environment)
            environment["CONSIGN"] = consignExecutable.path
            environment["CONSIGN_WORKSPACE"] = workspace.path
            let child = try ChildProcess(
                URL(fileURLWithPath: "/bin/bash"), ["-c", loop.script], in: workspace, environment: environment,
                keepingOutput: false)
            return (loop.name, child)
        }
        for (name, child) in processes {
            let ended = try child.finish()
            #expect(ended.status == 0, "\(name): \(ended.stderr)")
        }

        // Every transfer recorded, by the login that made it; one linear chain that verifies.
        let auditor = try login("consign_test_concurrent_auditor", "auditor")
        let after = try Self.transfers(in: workspace, root: root, environment: auditor)
        #expect(after.count == before.count + Self.writers * Self.extractsEach)
        let operators = Dictionary(grouping: after.dropFirst(before.count), by: { $0["recorded_by"] as? String ?? "" })
        #expect(operators.count == Self.writers && operators.values.allSatisfy { $0.count == Self.extractsEach }, "\(operators.keys)")
        let events = Int(try server.psql("SELECT count(*) FROM consign.event", database: database))!
        #expect(try server.psql("SELECT max(sequence) FROM consign.event", database: database) == String(events))
        let verify = try consign(["ledger", "verify", "--workspace", workspace.path], in: root, environment: auditor)
        #expect(verify.status == 0 && verify.stdout.hasPrefix("intact: \(events) events"), "\(verify)")
        let audit = try consign(["audit", "--workspace", workspace.path, "--format", "json"], in: root, environment: auditor)
        let report = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any]
        let scope = report?["scope"] as? [String: Any]
        #expect(report?["errors"] as? Int == 0, "\(audit.stdout.prefix(2000))")
        #expect(scope?["transfers"] as? Int == after.count && scope?["events"] as? Int == events, "\(scope ?? [:])")
    }

    /// The register's transfers, as `transfer list --format json` lists them.
    static func transfers(in workspace: URL, root: URL, environment: [String: String]) throws -> [[String: Any]] {
        let run = try consign(["transfer", "list", "--format", "json", "--workspace", workspace.path], in: root, environment: environment)
        #expect(run.status == 0, "\(run)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]] ?? []
    }
}
