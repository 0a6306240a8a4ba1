import Foundation
import Synchronization

/// The PostgreSQL server the PostgreSQL backend's tests share: the cluster .ci/test started (named by its
/// `CONSIGN_TEST_POSTGRES_*` variables), or else one this process starts with .ci/postgres and stops when it
/// ends. On 127.0.0.1 with TLS (a CA of its own signed the certificate for `localhost` and `127.0.0.1`),
/// the superuser `postgres` without a password, other users with theirs, and every statement logged.
final class TestPostgres: Sendable {
    let port: Int
    /// The CA that signed the server's certificate.
    let caFile: String
    /// A CA that signed nothing here: verify-full against it refuses the server.
    let otherCAFile: String
    /// The cluster's directory (.ci/postgres's DIR; its log is `server.log` there).
    let directory: String
    private let databasesCreated = Mutex(0)
    /// Users this process has created: PostgreSQL refuses one of two sessions changing the same role at once
    /// ("tuple concurrently updated"), so each is created once, one at a time.
    private let usersCreated = Mutex<Set<String>>([])

    init(port: Int, caFile: String, otherCAFile: String, directory: String) {
        self.port = port
        self.caFile = caFile
        self.otherCAFile = otherCAFile
        self.directory = directory
    }

    /// Something the server or its client refused, with what they said.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The server, started on first use: nil when there is none and this is not CI (the PostgreSQL tests
    /// are then skipped), an error when it is, since CI runs every test.
    static func shared() throws -> TestPostgres? { try server.get() }

    private static let server = Result<TestPostgres?, any Error> {
        let environment = ProcessInfo.processInfo.environment
        let names = ["PORT", "DIR", "CA", "OTHER_CA"].map { "CONSIGN_TEST_POSTGRES_\($0)" }
        let values = names.compactMap { environment[$0] }
        if !values.isEmpty {
            guard values.count == names.count, let port = Int(values[0]) else {
                throw Failure(description: "set all of \(names.joined(separator: ", ")) (as .ci/postgres start prints them), or none")
            }
            return TestPostgres(port: port, caFile: values[2], otherCAFile: values[3], directory: values[1])
        }
        do {
            return try startCluster()
        } catch {
            if environment["CI"] == "true" { throw error }
            FileHandle.standardError.write(Data("PostgreSQL tests skipped: \(error)\n".utf8))
            return nil
        }
    }

    /// Starts a cluster of this process's own, stopped at its exit however it ends.
    private static func startCluster() throws -> TestPostgres {
        let script = repositoryRoot.appending(path: ".ci/postgres")
        let directory = try temporaryDirectory("consign-postgres")
        let start = try run(URL(fileURLWithPath: "/bin/bash"), [script.path, "start", directory.path])
        guard start.status == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw Failure(description: "bash .ci/postgres start \(directory.path) failed:\n\(start.stderr)")
        }
        var printed: [String: String] = [:]
        for line in start.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { printed[String(parts[0])] = String(parts[1]) }
        }
        guard let port = printed["CONSIGN_TEST_POSTGRES_PORT"].flatMap({ Int($0) }) else {
            throw Failure(description: "bash .ci/postgres start printed no port:\n\(start.stdout)")
        }
        // .ci/postgres's layout: the data directory is DIR/data.
        let pid = try String(contentsOf: directory.appending(path: "data/postmaster.pid"), encoding: .utf8)
        ownPostmaster = pid_t(pid.prefix { $0 != "\n" }) ?? 0
        // A normal exit stops the server at once (SIGINT is PostgreSQL's fast shutdown; nothing to spawn at
        // exit). A crash or an interrupt skips atexit, so a watchdog that outlives this process stops the
        // server when the process is gone, and removes its directory.
        atexit {
            if ownPostmaster > 0 { kill(ownPostmaster, SIGINT) }
        }
        // A watchdog that outlives this process, started in the background of a shell that ends at once, so
        // that this process has no long-lived child of its own (run() waits for its child's end), and its
        // output goes nowhere (a pipe of this process held by it would never reach its end).
        let watch = try run(
            URL(fileURLWithPath: "/bin/bash"),
            ["-c", "setsid bash \"$0\" watch \"$1\" \"$2\" </dev/null >/dev/null 2>&1 &", script.path, directory.path, String(getpid())])
        guard watch.status == 0 else { throw Failure(description: "the cluster's watchdog did not start: \(watch.stderr)") }
        return TestPostgres(
            port: port, caFile: directory.appending(path: "ca.crt").path,
            otherCAFile: directory.appending(path: "other-ca.crt").path, directory: directory.path)
    }

    /// The password `createUser` gives a user.
    func password(for user: String) -> String { "pw-\(user)" }

    /// Runs `sql` with psql over TCP and returns what it printed (unaligned, tuples only: one row a line,
    /// columns separated by `|`), without the last newline. Users other than `postgres` log in with their
    /// password. `environment` adds libpq variables (`PGSSLMODE`, `PGSSLROOTCERT`); this process's own `PG*`
    /// variables are left out, so that a developer's `PGHOST` or `PGSSLMODE` cannot change a test.
    @discardableResult
    func psql(
        _ sql: String, database: String = "postgres", user: String = "postgres", host: String = "127.0.0.1",
        environment: [String: String] = [:]
    ) throws -> String {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        let bin = env["CONSIGN_POSTGRES_BIN"] ?? "/usr/lib/postgresql/15/bin"
        env["PATH"] = "\(bin):\(env["PATH"] ?? "/usr/bin:/bin")"
        // English messages, whatever the machine's locale, for tests that read them.
        env["LC_ALL"] = "C.UTF-8"
        env["PGCONNECT_TIMEOUT"] = "10"
        if user != "postgres" { env["PGPASSWORD"] = password(for: user) }
        env.merge(environment) { $1 }
        let arguments = ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", String(port), "-U", user, "-d", database]
        let result = try run(URL(fileURLWithPath: "/usr/bin/env"), ["psql"] + arguments + ["-c", sql], environment: env)
        guard result.status == 0 else {
            throw Failure(description: "psql as \(user) on \(database) at \(host):\(port) (status \(result.status)): \(result.stderr)\n  for: \(sql)")
        }
        return result.stdout.hasSuffix("\n") ? String(result.stdout.dropLast()) : result.stdout
    }

    /// A new database, named `prefix_<pid>_<n>`, created by the superuser. PostgreSQL 15 lets only a
    /// database's owner create tables in its `public` schema, so a test that connects as another user makes
    /// that user the `owner`.
    func createDatabase(prefix: String = "consign", owner: String? = nil) throws -> String {
        let name = "\(prefix)_\(getpid())_\(databasesCreated.withLock { $0 += 1; return $0 })"
        try psql("CREATE DATABASE \(Self.identifier(name))" + (owner.map { " OWNER \(Self.identifier($0))" } ?? ""))
        return name
    }

    /// A user who logs in with `password(for:)`; creating one that exists again is not an error.
    func createUser(_ name: String) throws {
        try usersCreated.withLock { created in
            guard !created.contains(name) else { return }
            // A user left by an earlier run of the tests on the same cluster is given its password again.
            try psql(
                """
                DO $$ BEGIN CREATE ROLE \(Self.identifier(name)); EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                ALTER ROLE \(Self.identifier(name)) LOGIN PASSWORD '\(password(for: name).replacingOccurrences(of: "'", with: "''"))'
                """)
            created.insert(name)
        }
    }

    /// A connection URL without the password, e.g.
    /// `postgresql://consign@127.0.0.1:5433/consign_1_1?sslmode=verify-full&sslrootcert=/tmp/…/ca.crt`.
    func url(database: String, user: String = "postgres", sslmode: String? = nil, rootCert: String? = nil) -> String {
        var components = URLComponents()
        components.scheme = "postgresql"
        components.user = user
        components.host = "127.0.0.1"
        components.port = port
        components.path = "/\(database)"
        let query = [("sslmode", sslmode), ("sslrootcert", rootCert)].compactMap { name, value in
            value.map { URLQueryItem(name: name, value: $0) }
        }
        if !query.isEmpty { components.queryItems = query }
        return components.string!
    }

    /// The server's log: every statement of every test so far, each line prefixed
    /// `<time> [<pid>] <user>@<database> `.
    func statementLog() throws -> String {
        try String(contentsOfFile: "\(directory)/server.log", encoding: .utf8)
    }

    /// The statements run in `database` so far, in order, each whole (a statement of several lines is logged
    /// over several lines); simple queries and the extended protocol's executions alike.
    func statements(database: String) throws -> [String] {
        let prefixed = #/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \S+ \[\d+\] \S*@(\S*) ([A-Z0-9]+):  (.*)/#
        let log = try statementLog()
        var entries: [(database: Substring, level: Substring, message: String)] = []
        for line in log.split(separator: "\n", omittingEmptySubsequences: false).dropLast(log.hasSuffix("\n") ? 1 : 0) {
            if let match = line.wholeMatch(of: prefixed) {
                entries.append((match.1, match.2, String(match.3)))
            } else if !entries.isEmpty {
                // The server writes a message's further lines each after a tab.
                entries[entries.count - 1].message += "\n" + (line.first == "\t" ? line.dropFirst() : line)
            }
        }
        let statement = #/(?:statement|execute [^:]+): (?s)(.*)/#
        return entries.compactMap { entry in
            guard entry.database == database, entry.level == "LOG" else { return nil }
            return entry.message.wholeMatch(of: statement).map { String($0.1) }
        }
    }

    private static func identifier(_ name: String) -> String { "\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"" }
}

// Written once, by `TestPostgres.server`'s initialiser: the postmaster for the atexit handler, which cannot
// capture anything.
nonisolated(unsafe) private var ownPostmaster: pid_t = 0
