import ConsignCore
import ConsignPipeline
import ConsignPostgres
import Foundation
import GRDB
import Testing

// `consign extract --source` on a database table: the sample customers loaded into PostgreSQL with real
// column types (and into SQLite) extract byte for byte as their CSV does; only the columns the plan needs
// are read (the server's statement log, and a role granted SELECT on those columns alone); a missing table
// or column and a bad URL are input errors that leave no package; the transfer names the table and the
// rows read.

/// The extracts compared: every task of the example workspace with a contractor it plans for (the task
/// templates between them send text, dates, times and numbers, pseudonyms and derived forms, under row
/// scopes of consent flags and of consents to a provision, dated, read from a `date` column).
private let extractsCompared = [
    ("ad-audience-matching", "linkad-network"), ("sponsor-prize-shipping", "hoshizora-toys"),
    ("inquiry-call-centre", "kizuna-contact"), ("newsletter-email", "hikari-mail"), ("prize-shipping", "hayate-transport"),
    ("seminar-invitation-mailing", "sakura-mailing"), ("statistics-abroad", "nordstat"),
    ("survey-processing", "aozora-research"),
]

/// The sample customers' columns with the types a CRM would give them (`lifetime` for `lifetime_value`).
private func customersTable(lifetime: String = "integer") -> String {
    """
    CREATE TABLE customers (
      customer_id text PRIMARY KEY, full_name text, full_name_kana text, email text, phone text, postal_code text,
      prefecture text, city text, street_address text, birth_date date, gender text, occupation text, company text,
      consent_newsletter boolean, consent_prize boolean, consent_survey boolean, consent_provision_linkad date,
      consent_provision_prize_sponsors date, registered_at timestamptz,
      last_login_at timestamptz, lifetime_value \(lifetime), notes text)
    """
}

/// A demo workspace and the sample customers as a CSV file beside it (`root/customers.csv`).
private func workspaceWithSample(rows: Int = 400) throws -> (root: URL, ws: URL, csv: URL) {
    let (root, ws) = try demoWorkspace()
    let csv = root.appending(path: "customers.csv")
    let sample = try consign(["sample", "customers", "--rows", String(rows), "--seed", "11", "--out", csv.path], in: ws)
    #expect(sample.status == 0, "\(sample.stderr)")
    return (root, ws, csv)
}

/// `extracted R of N records (S out of scope, T on the stop-use list)` read back as numbers.
private func summaryCounts(_ stdout: String) -> (rows: Int, records: Int, outOfScope: Int, stopped: Int)? {
    guard let match = stdout.firstMatch(of: /extracted ([\d,]+) of ([\d,]+) records \(([\d,]+) out of scope, ([\d,]+) on/) else {
        return nil
    }
    let n = { (s: Substring) in Int(s.replacingOccurrences(of: ",", with: ""))! }
    return (n(match.1), n(match.2), n(match.3), n(match.4))
}

/// Extracts `task` for `contractor` from the CSV and from `table` (a source URL) into `root/from-csv` and
/// `root/from-table`, and expects the same files byte for byte; returns the two runs.
@discardableResult
private func expectSameExtract(
    _ task: String, _ contractor: String, csv: URL, table: String, root: URL, ws: URL, environment: [String: String] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> (csv: Run, table: Run) {
    let outCSV = root.appending(path: "from-csv/\(task)")
    let outTable = root.appending(path: "from-table/\(task)")
    for parent in ["from-csv", "from-table"] {
        try FileManager.default.createDirectory(at: root.appending(path: parent), withIntermediateDirectories: true)
    }
    let fromCSV = try extract(task, contractor, source: csv.path, out: outCSV.path, format: "csv,xml", in: ws)
    try #require(fromCSV.status == 0, "\(task) from the CSV: \(fromCSV.stdout)\(fromCSV.stderr)", sourceLocation: sourceLocation)
    let fromTable = try extract(task, contractor, source: table, out: outTable.path, format: "csv,xml", in: ws, environment: environment)
    try #require(fromTable.status == 0, "\(task) from the table: \(fromTable.stdout)\(fromTable.stderr)", sourceLocation: sourceLocation)
    let a = try onlyPackage(in: outCSV, sourceLocation: sourceLocation)
    let b = try onlyPackage(in: outTable, sourceLocation: sourceLocation)
    for file in ["extract.csv", "extract.xml", "extract.xsd"] {
        let expected = try Data(contentsOf: a.appending(path: file))
        let actual = try Data(contentsOf: b.appending(path: file))
        let lines = (String(decoding: expected, as: UTF8.self).split(separator: "\n"), String(decoding: actual, as: UTF8.self).split(separator: "\n"))
        let first = zip(lines.0, lines.1).first { $0 != $1 }.map { "\n  CSV's:   \($0)\n  table's: \($1)" } ?? ""
        #expect(actual == expected, "\(task): \(file) from the table differs from the CSV's\(first)", sourceLocation: sourceLocation)
    }
    #expect(try csvDataRows(a.appending(path: "extract.csv")) > 0, "\(task) sends rows", sourceLocation: sourceLocation)
    return (fromCSV, fromTable)
}

/// `consign stats` and `consign anonymise` from `table` (a source URL) and from the CSV it was loaded from: the same
/// table byte for byte, and the same anonymised rows (shuffled, each with its own random id, so compared without the
/// id and in order).
private func expectSameReleases(
    csv: URL, table: String, root: URL, ws: URL, environment: [String: String] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    for (command, task, file) in [("stats", "usage-statistics", "table.csv"), ("anonymise", "anonymised-customers", "data.csv")] {
        var published: [[String]] = []
        for (name, source) in [("csv", csv.path), ("table", table)] {
            let out = root.appending(path: "\(command)-from-\(name)")
            let run = try consign(
                [command, "--task", task, "--source", source, "--out", out.path], in: ws,
                environment: ["SOURCE_DATE_EPOCH": "1795000000"].merging(environment) { $1 })
            try #require(run.status == 0, "\(command) from the \(name): \(run.stdout)\(run.stderr)", sourceLocation: sourceLocation)
            let folders = entries(out)
            try #require(folders.count == 1, "\(folders)", sourceLocation: sourceLocation)
            let lines = try String(contentsOf: out.appending(path: folders[0]).appending(path: file), encoding: .utf8)
                .split(whereSeparator: \.isNewline).map(String.init)
            published.append(
                command == "stats" ? lines : [lines[0]] + lines.dropFirst().map { String($0.split(separator: ",", maxSplits: 1)[1]) }.sorted())
        }
        #expect(published[0].count > 2, "\(command) publishes rows", sourceLocation: sourceLocation)
        let first = zip(published[0], published[1]).first { $0 != $1 }.map { "\n  CSV's:   \($0)\n  table's: \($1)" } ?? ""
        #expect(
            published[1] == published[0],
            "\(command): what the table made differs from the CSV's (\(published[1].count) lines, \(published[0].count))\(first)",
            sourceLocation: sourceLocation)
    }
}

@Suite(
    .enabled(
        if: try TestPostgres.shared() != nil,
        "no PostgreSQL server: install Debian's postgresql package (.ci/test does), or set CONSIGN_TEST_POSTGRES_*"))
struct ExtractPostgresTableTests {
    let postgres: TestPostgres

    init() throws {
        postgres = try #require(try TestPostgres.shared())
    }

    /// A new database holding the sample customers in `customers`, loaded from the CSV by COPY.
    private func loadedDatabase(from csv: URL, lifetime: String = "integer") throws -> String {
        let database = try postgres.createDatabase(prefix: "crm")
        try postgres.psql(customersTable(lifetime: lifetime), database: database)
        try postgres.psql("\\copy customers FROM '\(csv.path)' WITH (FORMAT csv, HEADER)", database: database)
        return database
    }

    private func source(_ database: String, user: String = "postgres", table: String = "customers") -> String {
        postgres.url(database: database, user: user, sslmode: "verify-full", rootCert: postgres.caFile) + "&table=\(table)"
    }

    private func environment(_ user: String) -> [String: String] { ["PGPASSWORD": postgres.password(for: user)] }

    @Test(arguments: ["integer", "numeric"])
    func aTypedTableExtractsByteForByteAsItsCSVDoes(lifetime: String) throws {
        let (root, ws, csv) = try workspaceWithSample()
        defer { try? FileManager.default.removeItem(at: root) }
        let database = try loadedDatabase(from: csv, lifetime: lifetime)
        #expect(
            try postgres.psql(
                "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'customers'::regclass "
                    + "AND attname IN ('birth_date', 'consent_prize', 'registered_at', 'lifetime_value') ORDER BY attname",
                database: database) == "date\nboolean\n\(lifetime)\ntimestamp with time zone")
        for (task, contractor) in extractsCompared {
            try expectSameExtract(task, contractor, csv: csv, table: source(database), root: root, ws: ws)
        }
    }

    @Test func aTableReleasesTheStatisticsAndAnonymisedRowsItsCSVDoes() throws {
        let (root, ws, csv) = try workspaceWithSample(rows: 2_000)
        defer { try? FileManager.default.removeItem(at: root) }
        try expectSameReleases(csv: csv, table: source(try loadedDatabase(from: csv)), root: root, ws: ws)
    }

    /// No task sends every column as it is (times go as their year), so every column is read here as the
    /// extract reads it, and compared with the CSV the table was loaded from.
    @Test func everyColumnReadsAsTheCSVHoldsIt() async throws {
        let (root, _, csv) = try workspaceWithSample()
        defer { try? FileManager.default.removeItem(at: root) }
        let database = try loadedDatabase(from: csv, lifetime: "numeric")
        let rows = try pythonRows(csv: csv)
        let fields = rows[0].map { sourceField($0) }
        var read: [[String]] = []
        let table = try PostgresTable(url: source(database), environment: [:])
        let name = try await table.read(TableQuery(fields: fields, scope: RowScope())) { (row: TableRow) throws(InputError) in
            read.append(fields.indices.map { String(decoding: row.value($0), as: UTF8.self) })
        }
        #expect(name == "postgresql://127.0.0.1:\(postgres.port)/\(database)?table=public.customers")
        #expect(read.count == rows.count - 1)
        #expect(read.sorted { $0[0] < $1[0] } == rows.dropFirst().sorted { $0[0] < $1[0] })
        #expect(read.contains { $0[rows[0].firstIndex(of: "company")!].isEmpty }, "NULL reads as empty")
    }

    @Test func theStatementLogNamesOnlyTheColumnsThePlanNeeds() throws {
        let (root, ws, csv) = try workspaceWithSample()
        defer { try? FileManager.default.removeItem(at: root) }
        let database = try loadedDatabase(from: csv)
        let before = try postgres.statements(database: database).count
        try expectSameExtract("prize-shipping", "hayate-transport", csv: csv, table: source(database), root: root, ws: ws)

        var logged: [String] = []
        for _ in 0..<50 {
            logged = Array(try postgres.statements(database: database).dropFirst(before))
            if logged.contains(where: { $0.contains("FROM \"public\".\"customers\"") }) { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let select = try #require(logged.first { $0.contains("FROM \"public\".\"customers\"") }, "\(logged)")
        // The subject key, the row scope's consent flag, and the columns the plan sends.
        let needed = ["customer_id", "consent_prize", "full_name", "postal_code", "prefecture", "city", "street_address", "email"]
        for column in needed { #expect(select.contains("\"\(column)\""), "\(column) in \(select)") }
        #expect(select.contains("WHERE"), "the row scope is the WHERE clause: \(select)")
        #expect(!select.contains("true") && !select.contains("'yes'"), "the consent words are bind parameters: \(select)")
        let withheld = TrickyCustomers.header.filter { !needed.contains($0) && $0 != "internal_flag" }
        for statement in logged {
            #expect(!statement.contains("*"), "\(statement)")
            for column in withheld {
                #expect(statement.firstMatch(of: try Regex("\\b\(column)\\b")) == nil, "\(column) in \(statement)")
            }
        }
        #expect(logged.first?.hasPrefix("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") == true, "\(logged)")
        #expect(logged.last == "COMMIT", "\(logged)")
    }

    @Test func aRoleGrantedSelectOnOnlyTheNeededColumnsRunsTheExtract() throws {
        let (root, ws, csv) = try workspaceWithSample()
        defer { try? FileManager.default.removeItem(at: root) }
        let database = try loadedDatabase(from: csv)
        let reader = "consign_prize_reader"
        try postgres.createUser(reader)
        try postgres.psql(
            "GRANT SELECT (customer_id, consent_prize, full_name, postal_code, prefecture, city, street_address, email) "
                + "ON customers TO \(reader)", database: database)
        // The grant is what it says: a wider SELECT is refused.
        let refused = #expect(throws: TestPostgres.Failure.self) {
            try postgres.psql("SELECT * FROM customers", database: database, user: reader)
        }
        #expect(refused?.description.contains("permission denied") == true, "\(String(describing: refused))")

        try expectSameExtract(
            "prize-shipping", "hayate-transport", csv: csv, table: source(database, user: reader), root: root, ws: ws,
            environment: environment(reader))

        // A task that needs a column the role may not read is refused by the database, and nothing is written.
        let out = root.appending(path: "refused")
        let wider = try extract(
            "newsletter-email", "hikari-mail", source: source(database, user: reader), out: out.path, in: ws,
            environment: environment(reader))
        #expect(wider.status == 2, "\(wider.stdout)\(wider.stderr)")
        #expect(wider.stderr.contains("refused database user '\(reader)' the columns the plan needs"), "\(wider.stderr)")
        #expect(entries(out).isEmpty)
    }

    @Test func theTransferNamesTheTableAndTheRowsItRead() async throws {
        let (root, ws, csv) = try workspaceWithSample()
        defer { try? FileManager.default.removeItem(at: root) }
        let database = try loadedDatabase(from: csv)
        let runs = try expectSameExtract("prize-shipping", "hayate-transport", csv: csv, table: source(database), root: root, ws: ws)
        let fromCSV = try #require(summaryCounts(runs.csv.stdout), "\(runs.csv.stdout)")
        let fromTable = try #require(summaryCounts(runs.table.stdout), "\(runs.table.stdout)")
        // The consent flag is the WHERE clause: the rows out of scope are never read.
        #expect(fromTable.records == fromCSV.records - fromCSV.outOfScope && fromTable.outOfScope == 0)
        #expect(fromTable.rows == fromCSV.rows && fromTable.stopped == fromCSV.stopped)

        let table = "postgresql://127.0.0.1:\(postgres.port)/\(database)?table=public.customers"
        let package = try onlyPackage(in: root.appending(path: "from-table/prize-shipping"))
        _ = try expectCompletePackage(package, in: ws)
        let manifestSource = try #require(try parseXML(package.appending(path: "manifest.xml"))?.child("source"))
        #expect(manifestSource["table"] == table && manifestSource["records"] == String(fromTable.records))

        let transfers = try await recordedTransfers(ws)
        let recorded = try #require(transfers.first { $0.value.id == package.lastPathComponent })
        #expect(recorded.value.source == Transfer.Source(table: table, records: fromTable.records))
        #expect(transfers.first { $0.value.id != package.lastPathComponent }?.value.source == nil, "a CSV extract names no table")

        let show = try consign(["transfer", "show", package.lastPathComponent], in: ws)
        #expect(show.stdout.contains("read \(fromTable.records) rows from table \(table)"), "\(show.stdout)")
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)
    }

    @Test func aMissingTableOrColumnIsAnInputErrorThatWritesNothing() throws {
        let (root, ws, csv) = try workspaceWithSample(rows: 20)
        defer { try? FileManager.default.removeItem(at: root) }
        let database = try loadedDatabase(from: csv)
        try postgres.psql("CREATE TABLE short AS SELECT customer_id, consent_prize, full_name FROM customers", database: database)
        let out = root.appending(path: "out")
        let transfers = try transferRows(ws).count
        let cases = [
            (source(database, table: "nosuch"), "the database has no table 'nosuch'"),
            (source(database, table: "other.customers"), "the database has no table 'other.customers'"),
            (source(database, table: "short"), "the table has no column 'postal_code' (field address.postal_code)"),
            (postgres.url(database: database), "names a database but no table: add ?table=NAME"),
            ("postgresql://postgres:secret@127.0.0.1/\(database)?table=customers", "the database URL holds a password"),
            (source(database) + "&bogus=1", "parameter 'bogus' is not one consign reads"),
            ("postgresql://postgres@127.0.0.1:1/\(database)?table=customers&sslmode=disable",
             "cannot connect to the database server at 127.0.0.1:1"),
        ]
        for (url, message) in cases {
            let run = try extract("prize-shipping", "hayate-transport", source: url, out: out.path, in: ws)
            #expect(run.status == 2, "\(url): \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains(message), "\(url): \(run.stderr)")
            #expect(entries(out).isEmpty, "\(url) left \(entries(out))")
        }
        let missingColumns = try extract(
            "prize-shipping", "hayate-transport", source: source(database, table: "short"), out: out.path, in: ws)
        for column in ["postal_code", "prefecture", "city", "street_address", "email"] {
            #expect(missingColumns.stderr.contains("no column '\(column)'"), "\(missingColumns.stderr)")
        }
        #expect(try transferRows(ws).count == transfers)
        #expect(pendingMarkers(ws).isEmpty)
    }

    /// A row refused after hundreds were taken (a subject key with a zero-width space, sorted into the middle
    /// of 5,000 rows) stops the read there: exit 2 with the row's own error naming the table and the row, no
    /// package, no transfer. The rows come through a view that makes each name 1,000 times longer, so that
    /// megabytes of rows are still on their way when the refused one is taken (they are skipped as they come;
    /// a query stopped by PostgresNIO instead failed as cancelled, and the row's error was lost).
    @Test func aRowRefusedMidTableStopsTheExtractAndWritesNothing() throws {
        let (root, ws, csv) = try workspaceWithSample(rows: 5_000)
        defer { try? FileManager.default.removeItem(at: root) }
        let database = try loadedDatabase(from: csv)
        try postgres.psql(
            "UPDATE customers SET customer_id = 'C00002' || U&'\\200B' || '500', consent_prize = true "
                + "WHERE customer_id = 'C00002500'", database: database)
        try postgres.psql(
            "CREATE VIEW held_back AS SELECT customer_id, consent_prize, repeat(full_name, 1000) AS full_name, postal_code, "
                + "prefecture, city, street_address, email FROM customers", database: database)
        let out = root.appending(path: "out")
        let transfers = try transferRows(ws).count
        let run = try extract(
            "prize-shipping", "hayate-transport", source: source(database, table: "held_back"), out: out.path, in: ws)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("table=held_back"), "\(run.stderr)")
        #expect(run.stderr.contains("'C00002<U+200B>500' holds U+200B ZERO WIDTH SPACE"), "\(run.stderr)")
        // Its place among the rows read (those in scope, in the key's order): after every C00002xxx.
        let line = try #require(run.stderr.firstMatch(of: /:(\d+): error/).map { Int($0.1)! }, "\(run.stderr)")
        #expect(line > 500 && line < 1_500, "\(run.stderr)")
        #expect(entries(out).isEmpty, "left \(entries(out))")
        #expect(try transferRows(ws).count == transfers)
        #expect(pendingMarkers(ws).isEmpty)
    }
}

@Suite struct ExtractSQLiteTableTests {
    /// The sample customers in a SQLite file's `customers` table, as Python's csv module reads the CSV.
    private func loadedFile(from csv: URL, at path: URL) throws {
        let rows = try pythonRows(csv: csv)
        let header = try #require(rows.first)
        let database = try DatabaseQueue(path: path.path)
        defer { try? database.close() }
        try database.write { db in
            let types = header.map { $0 == "lifetime_value" ? "INTEGER" : $0.hasPrefix("consent_") ? "BOOLEAN" : "TEXT" }
            try db.execute(
                sql: "CREATE TABLE customers (\(zip(header, types).map { "\($0.quotedDatabaseIdentifier) \($1)" }.joined(separator: ", ")))")
            let insert = try db.makeStatement(
                sql: "INSERT INTO customers VALUES (\(Array(repeating: "?", count: header.count).joined(separator: ", ")))")
            for row in rows.dropFirst() {
                try insert.execute(arguments: StatementArguments(row.map { (value) -> (any DatabaseValueConvertible)? in value.isEmpty ? nil : value }))
            }
        }
    }

    @Test func aSQLiteTableExtractsByteForByteAsItsCSVDoes() throws {
        let (root, ws, csv) = try workspaceWithSample()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appending(path: "crm.sqlite")
        try loadedFile(from: csv, at: file)
        for (task, contractor) in extractsCompared {
            let runs = try expectSameExtract(task, contractor, csv: csv, table: "sqlite:\(file.path)?table=customers", root: root, ws: ws)
            let fromCSV = try #require(summaryCounts(runs.csv.stdout))
            let fromTable = try #require(summaryCounts(runs.table.stdout))
            #expect(fromTable.rows == fromCSV.rows && fromTable.stopped == fromCSV.stopped)
        }
    }

    @Test func aSQLiteTableReleasesTheStatisticsAndAnonymisedRowsItsCSVDoes() throws {
        let (root, ws, csv) = try workspaceWithSample(rows: 2_000)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appending(path: "crm.sqlite")
        try loadedFile(from: csv, at: file)
        try expectSameReleases(csv: csv, table: "sqlite:\(file.path)?table=customers", root: root, ws: ws)
        // A missing table is an input error naming it, and nothing is written.
        let missing = try consign(
            ["stats", "--task", "usage-statistics", "--source", "sqlite:\(file.path)?table=nosuch", "--out", "missing"], in: ws)
        #expect(missing.status == 2 && missing.stderr.contains("the database has no table 'nosuch'"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws.appending(path: "missing").path))
    }

    @Test func aMissingSQLiteTableColumnOrFileIsAnInputErrorThatWritesNothing() throws {
        let (root, ws, csv) = try workspaceWithSample(rows: 20)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appending(path: "crm.sqlite")
        try loadedFile(from: csv, at: file)
        let database = try DatabaseQueue(path: file.path)
        try database.write { try $0.execute(sql: "CREATE TABLE short AS SELECT customer_id, consent_prize FROM customers") }
        try database.close()
        let out = root.appending(path: "out")
        let transfers = try transferRows(ws).count
        let cases = [
            ("sqlite:\(file.path)?table=nosuch", "the database has no table 'nosuch'"),
            ("sqlite:\(file.path)?table=short", "the table has no column 'full_name' (field person.name)"),
            ("sqlite:\(file.path)", "names a database but no table"),
            ("sqlite:\(root.path)/missing.sqlite?table=customers", "missing.sqlite: error:"),
        ]
        for (url, message) in cases {
            let run = try extract("prize-shipping", "hayate-transport", source: url, out: out.path, in: ws)
            #expect(run.status == 2, "\(url): \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains(message), "\(url): \(run.stderr)")
            #expect(entries(out).isEmpty, "\(url) left \(entries(out))")
        }
        #expect(try transferRows(ws).count == transfers)
    }
}
