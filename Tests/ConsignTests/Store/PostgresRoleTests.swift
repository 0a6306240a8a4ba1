import ConsignCore
import ConsignKeys
import ConsignPostgres
import ConsignStore
import Foundation
import PostgresNIO
import Testing

/// The shared register on PostgreSQL holds each user to their part (issue 22): `consign db setup` and
/// `consign db grant` through the CLI, then each role's user logs in and is refused what their role may not
/// do — by consign's message, and by the database itself when they go past consign with SQL — and the
/// append function checks the body's operator, time and kind against the caller. The connection is TLS,
/// verified against the test server's CA.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CI"] == "true" || (try? TestPostgres.shared()) != nil))
struct PostgresRoleTests {
    /// A set-up database with one user per role, and the example workspace pointed at it.
    struct SharedRegister {
        let server: TestPostgres
        let database: String
        let workspace: URL
        /// Each role's user, named after this register's database: tests running at once never grant the
        /// same user a role at the same moment (PostgreSQL refuses one of two such grants).
        var users: [(Role, String)] { Role.allCases.map { ($0, user($0)) } }

        init() throws {
            server = try #require(try TestPostgres.shared())
            database = try server.createDatabase()
            workspace = try temporaryDirectory("consign-roles")
            let owner = server.url(database: database)
            let setup = try ConsignTests.consign(["db", "setup", owner], in: workspace)
            #expect(setup.status == 0 && setup.stdout.contains("v1-shared-register"), "\(setup)")
            for (role, user) in users {
                try server.createUser(user)
                let grant = try ConsignTests.consign(["db", "grant", role.rawValue, user, "--database", owner], in: workspace)
                #expect(grant.status == 0, "\(grant)")
            }
            let initialized = try ConsignTests.consign(["init", "--example", "--database", owner, workspace.path], in: workspace)
            #expect(initialized.status == 0, "\(initialized)")
        }

        func user(_ role: Role) -> String { "\(database)_\(role.rawValue)" }

        /// Runs consign in the workspace as the role's user (over TLS, verified), at the real time.
        func consign(as role: Role, _ arguments: [String]) throws -> Run {
            let url = server.url(database: database, user: user(role), sslmode: "verify-full", rootCert: server.caFile)
            return try ConsignTests.consign(
                arguments + ["--workspace", workspace.path], in: workspace,
                environment: ["CONSIGN_DATABASE": url, "PGPASSWORD": server.password(for: user(role))])
        }

        /// The register as the superuser reads it.
        func events() async throws -> [RecordedEvent] {
            let store = try await PostgresRegisterStore.open(
                PostgresLocation(url: server.url(database: database, sslmode: "disable")),
                chain: LedgerChain(keys: WorkspaceKeys.load(in: workspace.appending(path: ".consign"))))
            return try await store.events()
        }
    }

    @Test func eachRoleRecordsItsOwnKindsAndIsRefusedTheOthers() async throws {
        let shared = try SharedRegister()
        let profile = "agreements/contractors/hayate-transport.xml"
        // Staff and the auditor may not register a contractor; procurement may.
        let byStaff = try shared.consign(as: .staff, ["contractor", "add", profile])
        #expect(byStaff.status == 1 && byStaff.stderr.contains("may not record contractor-registered events"), "\(byStaff)")
        let byAuditor = try shared.consign(as: .auditor, ["contractor", "add", profile])
        #expect(byAuditor.status == 1 && byAuditor.stderr.contains("its role only reads"), "\(byAuditor)")
        #expect(try shared.consign(as: .procurement, ["contractor", "add", profile, "--operator", "mallory"]).status == 0)
        // A staff member registering an agreement is refused; procurement registers it.
        let agreement = "agreements/AG-2024-011-v1.xml"
        let agreementByStaff = try shared.consign(as: .staff, ["agreement", "add", agreement])
        #expect(agreementByStaff.status == 1 && agreementByStaff.stderr.contains("agreement-registered"), "\(agreementByStaff)")
        // Stop-use requests (the request, the stop and its answer) are the privacy office's.
        let stop = ["subject", "stop-use", "C00000002", "--reason", "asked by phone"]
        let stopByStaff = try shared.consign(as: .staff, stop)
        #expect(stopByStaff.status == 1 && stopByStaff.stderr.contains("may not record subject-request events"), "\(stopByStaff)")
        #expect(try shared.consign(as: .privacy, stop).status == 0)
        // The auditor reads and verifies.
        let verify = try shared.consign(as: .auditor, ["ledger", "verify"])
        #expect(verify.status == 0 && verify.stdout.contains("intact: 4 events"), "\(verify)")
        // Each event names the database login that appended it, whatever --operator said, and the server's time.
        let events = try await shared.events()
        #expect(events.map(\.event.recordedBy) == [shared.user(.procurement)] + Array(repeating: shared.user(.privacy), count: 3))
        #expect(events.allSatisfy { $0.event.clock == .system })
    }

    /// Incidents and their reports to the PPC are the privacy office's; the reports contractors send,
    /// procurement's (the second migration).
    @Test func incidentsAreThePrivacyOfficesAndContractorReportsProcurements() async throws {
        let shared = try SharedRegister()
        #expect(try shared.consign(as: .procurement, ["contractor", "add", "agreements/contractors/hayate-transport.xml"]).status == 0)
        try Data("quarterly report".utf8).write(to: shared.workspace.appending(path: "report.pdf"))
        let report = ["contractor", "report", "hayate-transport", "--evidence", "report.pdf", "--on", "2026-11-10"]
        for role in [Role.staff, .privacy] {
            let refused = try shared.consign(as: role, report)
            #expect(refused.status == 1 && refused.stderr.contains("may not record contractor-report events"), "\(refused)")
        }
        #expect(try shared.consign(as: .procurement, report).status == 0)
        let incident = [
            "incident", "record", "--contractor", "hayate-transport", "--kind", "loss", "--discovered", "2026-11-01T09:00",
            "--notified-by-contractor", "2026-11-02T09:00", "--note", "a parcel list was lost",
        ]
        for role in [Role.staff, .procurement] {
            let refused = try shared.consign(as: role, incident)
            #expect(refused.status == 1 && refused.stderr.contains("may not record incident events"), "\(refused)")
        }
        let recorded = try shared.consign(as: .privacy, incident)
        let id = try #require(recorded.stdout.firstMatch(of: #/INC-20261101-[0-9a-f]{8}/#)?.0, "\(recorded)")
        let byProcurement = try shared.consign(as: .procurement, ["incident", "report", String(id), "--stage", "preliminary"])
        #expect(byProcurement.status == 1 && byProcurement.stderr.contains("incident-report"), "\(byProcurement)")
        #expect(try shared.consign(as: .privacy, ["incident", "report", String(id), "--stage", "preliminary"]).status == 0)
        let listed = try shared.consign(as: .auditor, ["incident", "show", String(id)])
        #expect(listed.status == 0 && listed.stdout.contains("preliminary report made on"), "\(listed)")
        #expect(try await shared.events().map(\.event.kind) == ["contractor-registered", "contractor-report", "incident", "incident-report"])
    }

    /// A disclosure under law and its provision record are the staff's, appended as the staff's login (the fourth
    /// migration); procurement and privacy are refused it.
    @Test func disclosuresAndTheirRecordsAreTheStaffs() async throws {
        let shared = try SharedRegister()
        try Data("C00000007\n".utf8).write(to: shared.workspace.appending(path: "subjects.txt"))
        let disclosure = [
            "transfer", "record", "--basis", "law", "--legal-reference", "Code of Criminal Procedure Art. 197(2)", "--contractor",
            "shibuya-police", "--recipient-name", "Shibuya Police Station", "--task", "legal-disclosure", "--on", "2026-11-18",
            "--fields", "person.name", "--rows", "1", "--subjects", "subjects.txt", "--note", "written inquiry",
        ]
        for role in [Role.procurement, .privacy] {
            let refused = try shared.consign(as: role, disclosure)
            #expect(refused.status != 0 && refused.stderr.contains("transfer"), "\(refused)")
        }
        let recorded = try shared.consign(as: .staff, disclosure)
        #expect(recorded.status == 0, "\(recorded)")
        let events = try await shared.events()
        #expect(events.map(\.event.kind) == ["transfer", "provision-record"])
        #expect(events.allSatisfy { $0.event.recordedBy == shared.user(.staff) })
        let report = try shared.consign(as: .auditor, ["report", "provisions", "--format", "json"])
        #expect(report.status == 0 && report.stdout.contains("Shibuya Police Station"), "\(report)")
    }

    /// People's requests, their answers and the notices to recipients are the privacy office's (the fourth migration).
    @Test func requestsAreThePrivacyOffices() async throws {
        let shared = try SharedRegister()
        try Data("proof".utf8).write(to: shared.workspace.appending(path: "proof.pdf"))
        let request = ["subject", "request", "C00000001", "--kind", "disclose", "--identity-evidence", "proof.pdf", "--format", "json"]
        for role in [Role.staff, .procurement] {
            let refused = try shared.consign(as: role, request)
            #expect(refused.status != 0 && refused.stderr.contains("subject"), "\(refused)")
        }
        let recorded = try shared.consign(as: .privacy, request)
        #expect(recorded.status == 0, "\(recorded)")
        let id = try #require(recorded.stdout.firstMatch(of: #/R-\d{8}-[0-9a-f]{8}/#)?.0)
        let byStaff = try shared.consign(as: .staff, ["subject", "answer", String(id), "--note", "x"])
        #expect(byStaff.status != 0, "\(byStaff)")
        #expect(try shared.consign(as: .privacy, ["subject", "answer", String(id), "--note", "sent"]).status == 0)
        let listed = try shared.consign(as: .auditor, ["subject", "requests"])
        #expect(listed.status == 0 && listed.stdout.contains(String(id)), "\(listed)")
        #expect(try await shared.events().map(\.event.kind) == ["subject-request", "request-answer"])
    }

    /// Delivery keys are procurement's; rotating the pseudonym keys is the staff's (the third migration).
    @Test func deliveryKeysAreProcurementsAndRotationsTheStaffs() async throws {
        let shared = try SharedRegister()
        #expect(try shared.consign(as: .procurement, ["contractor", "add", "agreements/contractors/hayate-transport.xml"]).status == 0)
        let key = ["contractor", "key", "hayate-transport", "--age-recipient", "age1duvnrtz0me7xthzgt7rn0xm3pmc0utx53c0p92lgng8r7xs35c5ss7g5mv"]
        for role in [Role.staff, .privacy] {
            let refused = try shared.consign(as: role, key)
            #expect(refused.status == 1 && refused.stderr.contains("may not record contractor-key events"), "\(refused)")
        }
        #expect(try shared.consign(as: .procurement, key).status == 0)
        for role in [Role.procurement, .privacy] {
            let refused = try shared.consign(as: role, ["key", "rotate"])
            #expect(refused.status == 1 && refused.stderr.contains("may not record pseudonym-rotation events"), "\(refused)")
        }
        let rotated = try shared.consign(as: .staff, ["key", "rotate", "--note", "yearly"])
        #expect(rotated.status == 0, "\(rotated)")
        #expect(try await shared.events().map(\.event.kind) == ["contractor-registered", "contractor-key", "pseudonym-rotation"])
    }

    /// A statistical table's release is the staff's (the fifth migration): any other role's is refused by the
    /// database, and leaves no table behind.
    @Test func statisticsReleasesAreTheStaffs() async throws {
        let shared = try SharedRegister()
        let sample = try ConsignTests.consign(
            ["sample", "customers", "--rows", "300", "--out", "customers.csv", "--workspace", shared.workspace.path], in: shared.workspace)
        #expect(sample.status == 0, "\(sample)")
        let stats = ["stats", "--task", "usage-statistics", "--source", "customers.csv", "--out", "tables"]
        for role in [Role.procurement, .privacy] {
            let refused = try shared.consign(as: role, stats)
            #expect(refused.status != 0, "\(refused)")
            #expect(role == .procurement || refused.stderr.contains("may not record statistics-release events"), "\(refused)")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: shared.workspace.appending(path: "tables").path)) ?? []
            #expect(left.isEmpty, "\(left)")
        }
        let released = try shared.consign(as: .staff, stats)
        #expect(released.status == 0 && released.stdout.contains("released S-"), "\(released)")
        let events = try await shared.events()
        #expect(events.map(\.event.kind) == ["statistics-release"])
        #expect(events.allSatisfy { $0.event.recordedBy == shared.user(.staff) })
        let audit = try shared.consign(as: .auditor, ["ledger", "verify"])
        #expect(audit.status == 0, "\(audit)")
    }

    /// Anonymised records and their notices are the staff's (the sixth migration): any other role's append is refused
    /// by the database, and leaves no folder behind.
    @Test func anonymisedReleasesAreTheStaffs() async throws {
        let shared = try SharedRegister()
        let sample = try ConsignTests.consign(
            ["sample", "customers", "--rows", "300", "--out", "customers.csv", "--workspace", shared.workspace.path], in: shared.workspace)
        #expect(sample.status == 0, "\(sample)")
        let anonymise = ["anonymise", "--task", "anonymised-customers", "--source", "customers.csv", "--out", "anonymised"]
        for role in [Role.procurement, .privacy] {
            let refused = try shared.consign(as: role, anonymise)
            #expect(refused.status != 0, "\(refused)")
            #expect(role == .procurement || refused.stderr.contains("may not record anonymised-notice events"), "\(refused)")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: shared.workspace.appending(path: "anonymised").path)) ?? []
            #expect(left.isEmpty, "\(left)")
        }
        let released = try shared.consign(as: .staff, anonymise)
        #expect(released.status == 0 && released.stdout.contains("released A-"), "\(released)")
        let events = try await shared.events()
        #expect(events.map(\.event.kind) == ["anonymised-notice", "anonymised-release"])
        #expect(events.allSatisfy { $0.event.recordedBy == shared.user(.staff) })
        let audit = try shared.consign(as: .auditor, ["ledger", "verify"])
        #expect(audit.status == 0, "\(audit)")
    }

    @Test func nobodyChangesTheRegisterPastTheFunctions() throws {
        let shared = try SharedRegister()
        #expect(try shared.consign(as: .procurement, ["contractor", "add", "agreements/contractors/hayate-transport.xml"]).status == 0)
        let changes = [
            "UPDATE consign.event SET kind = 'x'", "DELETE FROM consign.event", "TRUNCATE consign.event",
            "INSERT INTO consign.event (sequence, kind, contractor, body, chain_hash, previous_hash) VALUES (2, 'x', '', '\\x00', 'a', 'b')",
            "UPDATE consign.document SET bytes = '\\x00'", "DELETE FROM consign.subject_index",
            "SELECT consign.insert_event(2, '', '\\x00', 'a', '{}', NULL, NULL, NULL, NULL, '{}')",
        ]
        for (_, user) in shared.users {
            for change in changes {
                #expect(throws: TestPostgres.Failure.self, "\(user): \(change)") {
                    try shared.server.psql(change, database: shared.database, user: user)
                }
            }
        }
        // Not even the superuser, while the triggers stand.
        for change in changes.prefix(3) {
            #expect(throws: TestPostgres.Failure.self, "\(change)") { try shared.server.psql(change, database: shared.database) }
        }
        #expect(try shared.server.psql("SELECT count(*) FROM consign.event", database: shared.database) == "1")
    }

    /// What the append function checks when a key holder goes past consign: the body's operator, time and
    /// kind, read from the body itself, against the caller's login, the time it handed out and its role.
    @Test func theAppendFunctionChecksTheBodyAgainstTheCaller() async throws {
        let shared = try SharedRegister()
        let user = shared.user(.staff)
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: shared.server.port, username: user, password: shared.server.password(for: user),
            database: shared.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger(label: "test"))
        do {
            try await checks(on: connection, user: user)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    private func checks(on connection: PostgresConnection, user: String) async throws {
        let logger = Logger(label: "test")
        // To the end of its rows: a statement's error comes with them.
        func execute(_ query: PostgresQuery) async throws {
            for try await _ in try await connection.query(query, logger: logger) {}
        }
        let stop = StopUse(subject: "00000000000000ff", on: CalendarDate("2026-11-18")!, reason: "x")
        let evaluation = Evaluation(contractor: "hayate-transport", kind: .periodic, result: .pass, on: CalendarDate("2026-11-18")!, note: "")
        let transfer = RegisterEvent.Payload.deletionConfirmed(
            DeletionConfirmation(
                transfer: "T-1", contractor: "hayate-transport", on: CalendarDate("2026-11-18")!,
                certificate: .init(file: "c.pdf", sha256: String(repeating: "3", count: 64)), note: ""))
        /// Begins an append, then offers one body made from what the server handed out; the server's error, if any.
        func offer(_ make: (_ operator: String, _ at: Timestamp) -> RegisterEvent) async throws -> String? {
            try await execute("BEGIN")
            var stamp: (String, Timestamp)?
            for try await (name, at) in try await connection.query("SELECT * FROM consign.begin_append()", logger: logger)
                .decode((String, String).self)
            {
                stamp = (name, Timestamp(at)!)
            }
            let event = make(stamp!.0, stamp!.1)
            let body = ByteBuffer(bytes: event.record.bytes)
            do {
                try await execute(
                    """
                    SELECT consign.append_event(1, \(event.contractor), \(body), \(String(repeating: "a", count: 64)),
                        '{}'::bytea[], NULL, NULL, \("T-1"), NULL, '{}'::bytea[])
                    """)
                try await execute("ROLLBACK")
                return nil
            } catch let error as PSQLError {
                try await execute("ROLLBACK")
                return error.serverInfo?[.message]
            }
        }
        // Another operator's name, another time, a kind of another role: each refused.
        let forgedName = try await offer { _, at in RegisterEvent(recordedAt: at, recordedBy: "mallory", payload: transfer) }
        #expect(forgedName?.contains("names mallory as its operator") == true, "\(forgedName ?? "accepted")")
        let forgedTime = try await offer { name, at in
            RegisterEvent(recordedAt: Timestamp(secondsSinceEpoch: at.secondsSinceEpoch - 3600), recordedBy: name, payload: transfer)
        }
        #expect(forgedTime?.contains("the server handed out") == true, "\(forgedTime ?? "accepted")")
        let otherKind = try await offer { name, at in RegisterEvent(recordedAt: at, recordedBy: name, payload: .evaluated(evaluation)) }
        #expect(otherKind?.contains("may not append contractor-evaluated events") == true, "\(otherKind ?? "accepted")")
        let privacyKind = try await offer { name, at in RegisterEvent(recordedAt: at, recordedBy: name, payload: .stopUse(stop)) }
        #expect(privacyKind?.contains("may not append subject-stop-use events") == true, "\(privacyKind ?? "accepted")")
        // Its own kinds, its own name, the time handed out: accepted (and rolled back) — the record of a provision
        // too (the fourth migration), which the function admits by kind (the register's rules tie it to its transfer).
        #expect(try await offer { name, at in RegisterEvent(recordedAt: at, recordedBy: name, payload: transfer) } == nil)
        let provision = ProvisionRecord(
            transfer: "T-1", contractor: "hayate-transport", basis: .exception(.law), legalReference: "x", recipientName: "x",
            recipientAddress: "", recipientRepresentative: "", recipientPurposes: "")
        #expect(
            try await offer { name, at in RegisterEvent(recordedAt: at, recordedBy: name, payload: .provisionRecorded(provision)) } == nil)
        // Without begin_append in the transaction there is no time to check against: refused.
        do {
            let event = RegisterEvent(recordedAt: Timestamp(secondsSinceEpoch: 0), recordedBy: user, payload: transfer)
            try await execute(
                """
                SELECT consign.append_event(1, '', \(ByteBuffer(bytes: event.record.bytes)), 'a', '{}'::bytea[], NULL, NULL,
                    NULL, NULL, '{}'::bytea[])
                """)
            Issue.record("an append without begin_append was accepted")
        } catch let error as PSQLError {
            #expect(error.serverInfo?[.message]?.contains("begins with consign.begin_append()") == true)
        }
    }

    /// TLS as libpq's sslmode says: verify-full checks the server's certificate against the CA given and the
    /// host name in it, and refuses a server whose CA it was not given; a user the server admits only over
    /// TLS logs in with it and is refused without it.
    @Test func theConnectionIsTLSVerifiedAgainstTheCAItIsGiven() throws {
        let shared = try SharedRegister()
        let server = shared.server
        // A login the server admits only over TLS.
        let tlsOnly = "consign_test_tls_only"
        try server.createUser(tlsOnly)
        _ = try server.psql("GRANT consign_auditor TO \(tlsOnly)")
        let hba = "\(server.directory)/data/pg_hba.conf"
        let rules = try String(contentsOfFile: hba, encoding: .utf8)
        let rule = "hostnossl all \(tlsOnly) 127.0.0.1/32 reject\n"
        if !rules.contains(rule) {
            try (rule + rules).write(toFile: hba, atomically: false, encoding: .utf8)
            _ = try server.psql("SELECT pg_reload_conf()")
            Thread.sleep(forTimeInterval: 0.5)
        }
        func list(host: String, _ query: String) throws -> Run {
            let url = "postgresql://\(tlsOnly)@\(host):\(server.port)/\(shared.database)?\(query)"
            return try consign(
                ["contractor", "list", "--workspace", shared.workspace.path], in: shared.workspace,
                environment: ["CONSIGN_DATABASE": url, "PGPASSWORD": server.password(for: tlsOnly)])
        }
        for host in ["localhost", "127.0.0.1"] {
            let verified = try list(host: host, "sslmode=verify-full&sslrootcert=\(server.caFile)")
            #expect(verified.status == 0, "\(host): \(verified)")
        }
        #expect(try list(host: "127.0.0.1", "sslmode=require").status == 0)
        let otherCA = try list(host: "localhost", "sslmode=verify-full&sslrootcert=\(server.otherCAFile)")
        #expect(otherCA.status == 2 && otherCA.stderr.contains("its TLS certificate does not verify"), "\(otherCA)")
        let plain = try list(host: "127.0.0.1", "sslmode=disable")
        #expect(plain.status == 2 && plain.stderr.contains("refused to log in"), "\(plain)")
        let missingCA = try list(host: "localhost", "sslmode=verify-full&sslrootcert=/nonexistent/ca.crt")
        #expect(missingCA.status == 2 && missingCA.stderr.contains("/nonexistent/ca.crt"), "\(missingCA)")
    }

    /// A URL never carries a password, and what is wrong with a URL is said before anything is done.
    @Test(arguments: [
        ("postgresql://u:secret@127.0.0.1/db", "holds a password"),
        ("postgresql://u@127.0.0.1/db?password=secret", "holds a password"),
        ("postgresql://u@127.0.0.1/db?sslmode=sometimes", "sslmode 'sometimes'"),
        ("postgresql://u@127.0.0.1/db?colour=blue", "parameter 'colour'"),
        ("mysql://u@127.0.0.1/db", "is not a database URL"),
    ])
    func aBadDatabaseURLIsAnInputError(url: String, saying: String) throws {
        let directory = try temporaryDirectory("consign-url")
        let run = try consign(["init", "--database", url, directory.path], in: directory)
        #expect(run.status == 2 && run.stderr.contains(saying), "\(run)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: ".consign").path))
    }
}
