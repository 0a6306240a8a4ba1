import Foundation
import Testing

/// The test cluster is what the PostgreSQL backend's tests take it to be: TLS that verify-full accepts with
/// the cluster's CA and refuses with another, passwords required of ordinary users, databases of their own,
/// and a log of every statement by database.
@Suite(
    .enabled(
        if: try TestPostgres.shared() != nil,
        "no PostgreSQL server: install Debian's postgresql package (.ci/test does), or set CONSIGN_TEST_POSTGRES_*"))
struct TestPostgresTests {
    let postgres: TestPostgres
    let tls: [String: String]

    init() throws {
        postgres = try #require(try TestPostgres.shared())
        tls = ["PGSSLMODE": "verify-full", "PGSSLROOTCERT": postgres.caFile]
        try postgres.createUser("consign_tester")
    }

    @Test func anOrdinaryUserLogsInOverTLSVerifiedAgainstTheClustersCAByName() throws {
        try postgres.createUser("consign_tester")
        let database = try postgres.createDatabase()
        let session = try postgres.psql(
            "SELECT current_user, current_database(), ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            database: database, user: "consign_tester", host: "localhost", environment: tls)
        #expect(session == "consign_tester|\(database)|t")
    }

    @Test func verifyFullRefusesTheServerWhenGivenAnotherCA() throws {
        let refused = #expect(throws: TestPostgres.Failure.self) {
            try postgres.psql(
                "SELECT 1", user: "consign_tester", host: "localhost",
                environment: ["PGSSLMODE": "verify-full", "PGSSLROOTCERT": postgres.otherCAFile])
        }
        #expect(refused?.description.contains("certificate verify failed") == true, "\(String(describing: refused))")
    }

    @Test func anOrdinaryUserNeedsItsPasswordWithTLSOrWithout() throws {
        #expect(try postgres.psql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", user: "consign_tester", environment: ["PGSSLMODE": "disable"]) == "f")
        for sslmode in ["disable", "require"] {
            let refused = #expect(throws: TestPostgres.Failure.self) {
                try postgres.psql("SELECT 1", user: "consign_tester", environment: ["PGSSLMODE": sslmode, "PGPASSWORD": "wrong"])
            }
            #expect(refused?.description.contains("password authentication failed") == true, "\(String(describing: refused))")
        }
    }

    @Test func theOwnerOfANewDatabaseCreatesTablesInIt() throws {
        let database = try postgres.createDatabase(owner: "consign_tester")
        #expect(database.hasPrefix("consign_\(getpid())_"))
        #expect(try postgres.createDatabase() != database)
        try postgres.psql("CREATE TABLE event (sequence bigint PRIMARY KEY)", database: database, user: "consign_tester", environment: tls)
        #expect(try postgres.psql("SELECT tableowner FROM pg_tables WHERE tablename = 'event'", database: database) == "consign_tester")
    }

    @Test func everyStatementIsLoggedWholeUnderItsDatabase() throws {
        let database = try postgres.createDatabase(owner: "consign_tester")
        let other = try postgres.createDatabase()
        let statement = "SELECT 'logged' AS marker,\n       2 AS second_line"
        try postgres.psql(statement, database: database, user: "consign_tester", environment: tls)
        try postgres.psql("SELECT 'elsewhere'", database: other)
        let logged = try postgres.statements(database: database)
        #expect(logged == [statement])
        #expect(try postgres.statementLog().contains("consign_tester@\(database) LOG:  statement: SELECT 'logged' AS marker,"))
    }

    @Test func theURLNamesUserAddressDatabaseAndTLSButNoPassword() {
        #expect(
            postgres.url(database: "d", user: "u", sslmode: "verify-full", rootCert: "/tmp/a b/ca.crt")
                == "postgresql://u@127.0.0.1:\(postgres.port)/d?sslmode=verify-full&sslrootcert=/tmp/a%20b/ca.crt")
        #expect(postgres.url(database: "d") == "postgresql://postgres@127.0.0.1:\(postgres.port)/d")
    }
}
