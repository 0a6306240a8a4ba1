import ConsignKeys
import GRDB
import ConsignPostgres
import ConsignSQLite
import ConsignStore
import Foundation
import Testing

/// `consign db import`: a workspace's SQLite register copied into an empty PostgreSQL one unchanged —
/// every event's bytes and chain hash, its subject chunks, the documents — by the schema's owner only, never
/// into a register that holds events, never from one that does not verify, and all or nothing.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CI"] == "true" || (try? TestPostgres.shared()) != nil))
struct DatabaseImportTests {
    /// The demo's workspace (a register of every kind of event) and an empty database set up for it.
    struct Copy {
        let server: TestPostgres
        let root: URL
        let workspace: URL
        let database: String

        init() throws {
            server = try #require(try TestPostgres.shared())
            root = try temporaryDirectory("consign-import")
            #expect(try consign(["demo", "ws"], in: root).status == 0)
            workspace = root.appending(path: "ws")
            database = try server.createDatabase()
            #expect(try consign(["db", "setup", server.url(database: database)], in: root).status == 0)
        }

        func importing(as user: String = "postgres") throws -> Run {
            try consign(
                ["db", "import", server.url(database: database, user: user, sslmode: "verify-full", rootCert: server.caFile),
                 "--workspace", workspace.path],
                in: root, environment: user == "postgres" ? [:] : ["PGPASSWORD": server.password(for: user)])
        }
    }

    @Test func theCopyHasTheSameEventsChunksDocumentsAndHead() async throws {
        let copy = try Copy()
        let run = try copy.importing()
        let head = try consign(["ledger", "head", "--workspace", copy.workspace.path], in: copy.root).stdout
        #expect(run.status == 0 && run.stdout.contains("the copy verifies, head \(head.trimmingCharacters(in: .newlines))"), "\(run)")
        let chain = try LedgerChain(keys: WorkspaceKeys.load(in: copy.workspace.appending(path: ".consign")))
        let source = try SQLiteRegisterStore(url: copy.workspace.appending(path: ".consign/register.sqlite"), chain: chain)
        let target = try await PostgresRegisterStore.open(
            PostgresLocation(url: copy.server.url(database: copy.database, sslmode: "disable")), chain: chain)
        #expect(try await RegisterStoreContractTests.snapshot(target) == RegisterStoreContractTests.snapshot(source))
        // Original times and operators kept: the demo's operator, not the database login that copied it.
        #expect(try await target.events().allSatisfy { $0.event.recordedBy != "postgres" })
        // The workspace then works on the copy.
        let audit = try consign(
            ["audit", "--workspace", copy.workspace.path, "--database", copy.server.url(database: copy.database, sslmode: "disable")],
            in: copy.root)
        let embedded = try consign(["audit", "--workspace", copy.workspace.path], in: copy.root)
        #expect(audit.stdout == embedded.stdout)
    }

    @Test func aSecondCopyAStaffMemberOrABrokenRegisterIsRefusedAndCopiesNothing() async throws {
        let copy = try Copy()
        // Not the schema's owner.
        let staff = "consign_test_import_staff"
        try copy.server.createUser(staff)
        _ = try copy.server.psql("GRANT consign_staff TO \(staff)")
        let byStaff = try copy.importing(as: staff)
        #expect(byStaff.status == 2 && byStaff.stderr.contains("refused database user '\(staff)'"), "\(byStaff)")
        #expect(try copy.server.psql("SELECT count(*) FROM consign.event", database: copy.database) == "0")
        // A register that does not verify.
        let tamperer = SQLiteTamperer(workspace: copy.workspace)
        var original = ""
        try tamperer.withoutGuards { db in
            original = try String.fetchOne(db, sql: "SELECT chain_hash FROM event WHERE sequence = 3")!
            try db.execute(sql: "UPDATE event SET chain_hash = 'ff' WHERE sequence = 3")
        }
        let broken = try copy.importing()
        #expect(broken.status == 2 && broken.stderr.contains("does not verify"), "\(broken)")
        #expect(try copy.server.psql("SELECT count(*) FROM consign.event", database: copy.database) == "0")
        try tamperer.withoutGuards { db in
            try db.execute(sql: "UPDATE event SET chain_hash = ? WHERE sequence = 3", arguments: [original])
        }
        // Into a register that holds events.
        #expect(try copy.importing().status == 0)
        let again = try copy.importing()
        #expect(again.status == 2 && again.stderr.contains("already holds"), "\(again)")
    }
}
