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

    /// A register copied in is stored several events to a statement (`PostgresRegisterStore.eventsPerStatement`),
    /// and so is a privacy officer's list of requests: both longer than one statement, each event in its place.
    @Test func appendsLongerThanOneStatementKeepChainOrder() async throws {
        let copy = try Copy()
        let count = 2 * PostgresRegisterStore.eventsPerStatement + 7
        let listed = copy.root.appending(path: "requests.txt")
        try (0..<count).map { "L\($0)\n" }.joined().write(to: listed, atomically: true, encoding: .utf8)
        let embedded = try consign(["subject", "stop-use", "--file", listed.path, "--reason", "by letter", "--workspace", copy.workspace.path], in: copy.root)
        #expect(embedded.status == 0, "\(embedded)")
        let chain = try LedgerChain(keys: WorkspaceKeys.load(in: copy.workspace.appending(path: ".consign")))
        let source = try SQLiteRegisterStore(url: copy.workspace.appending(path: ".consign/register.sqlite"), chain: chain)
        let copied = try await source.ledgerHead().count
        #expect(copied > count)
        let run = try copy.importing()
        #expect(run.status == 0 && run.stdout.contains("copied \(copied) events"), "\(run)")
        let target = try await PostgresRegisterStore.open(
            PostgresLocation(url: copy.server.url(database: copy.database, sslmode: "disable")), chain: chain)
        #expect(try await RegisterStoreContractTests.snapshot(target) == RegisterStoreContractTests.snapshot(source))

        // A list appended on the server by a login of the privacy role (append_event, several to a statement).
        let privacy = "consign_test_import_privacy"
        try copy.server.createUser(privacy)
        _ = try copy.server.psql("GRANT consign_privacy TO \(privacy)")
        try (0..<count).map { "P\($0)\n" }.joined().write(to: listed, atomically: true, encoding: .utf8)
        let shared = try consign(
            ["subject", "stop-use", "--file", listed.path, "--reason", "by letter", "--workspace", copy.workspace.path,
             "--database", copy.server.url(database: copy.database, user: privacy, sslmode: "verify-full", rootCert: copy.server.caFile)],
            in: copy.root, environment: ["PGPASSWORD": copy.server.password(for: privacy)])
        #expect(shared.status == 0, "\(shared)")
        // Each subject's request, its stop and its answer.
        let appended = 3 * count
        let events = try await target.events()
        #expect(events.count == copied + appended && events.map(\.sequence) == Array(1...(copied + appended)))
        let subjects = events.suffix(appended).compactMap { event -> String? in
            guard case .stopUse(let stop) = event.event.payload else { return nil }
            return stop.subject
        }
        let hasher = try WorkspaceKeys.load(in: copy.workspace.appending(path: ".consign")).subjectHasher()
        #expect(subjects == (0..<count).map { hasher.hash("P\($0)") })
        let verify = try consign(
            ["ledger", "verify", "--workspace", copy.workspace.path, "--database", copy.server.url(database: copy.database, sslmode: "disable")],
            in: copy.root)
        #expect(verify.status == 0 && verify.stdout.hasPrefix("intact: \(copied + appended) events"), "\(verify)")
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
