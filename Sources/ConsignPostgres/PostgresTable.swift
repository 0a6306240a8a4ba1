import ConsignCore
import ConsignPipeline
import Foundation
import PostgresNIO

/// A table on a PostgreSQL server as an extract source:
/// `postgresql://USER@HOST[:PORT]/DATABASE?table=[SCHEMA.]NAME`, the rest of the URL read as the register's
/// (`PostgresLocation`: TLS settings, libpq's environment, never a password).
///
/// One read-only, repeatable-read transaction looks the table and the needed columns up in the catalog,
/// then streams one parameterised SELECT of those columns only, with the row scope SQL can say as its WHERE
/// clause and the subject key's order (`TableQuery`), rows read with PostgresNIO's back-pressure. PostgresNIO has no COPY TO, and COPY
/// takes no bind parameters. Each column is selected as the text a CSV export of it holds, so a table
/// gives the extract a CSV of it would: `col::text` (booleans `true`/`false`, numbers exactly as stored,
/// dates `YYYY-MM-DD` under the transaction's DateStyle), a `timestamptz` as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`
/// in UTC (the sample data's form), NULL as empty. A role granted SELECT on just those columns can run it.
package struct PostgresTable: TableSource {
    package let name: String
    let location: PostgresLocation
    /// The table as the URL names it (`to_regclass` reads it: unquoted names fold to lower case).
    let table: String

    /// Reads a source URL: its `table` parameter, and the rest as a database URL.
    package init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard PostgresLocation.isPostgres(text), var components = URLComponents(string: text) else {
            throw InputError(DatabaseText.notADatabaseURL(url: text).text())
        }
        let items = components.queryItems ?? []
        let tables = items.filter { $0.name == "table" }.compactMap(\.value)
        guard tables.count == 1, let table = tables.first, !table.isEmpty else {
            throw InputError(ExtractText.noTableInSource(text).text())
        }
        let rest = items.filter { $0.name != "table" }
        components.queryItems = rest.isEmpty ? nil : rest
        location = try PostgresLocation(url: components.string ?? text, environment: environment)
        self.table = table
        name = text
    }

    package func read(_ query: TableQuery, _ each: (TableRow) throws(InputError) -> Void) async throws -> String {
        let logger = PostgresConnections.logger
        let connections = try PostgresConnections(location)
        return try await connections.with { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                // The text the casts print, whatever the server's or the role's settings.
                try await connection.query("SET LOCAL TimeZone = 'UTC'", logger: logger)
                try await connection.query("SET LOCAL DateStyle = 'ISO, YMD'", logger: logger)
                let (qualified, select) = try await statement(for: query, on: connection)
                let rows = RowHandler(row: TableRow(table: name), table: table, name: name)
                try await withoutActuallyEscaping(each) { each in
                    rows.each = each
                    defer { rows.each = nil }
                    do {
                        _ = try await connection.query(select, logger: logger) { cells in try rows.take(cells) }.get()
                    } catch {
                        throw rows.refused ?? error
                    }
                }
                try await connection.query("COMMIT", logger: logger)
                return recorded(qualified)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw explained(error)
            }
        }
    }

    /// The table's qualified name and the SELECT of `query`, after checking in the catalog that the table
    /// and every needed column are there (the catalog is asked for the needed columns only).
    private func statement(for query: TableQuery, on connection: PostgresConnection) async throws
        -> (qualified: (schema: String, table: String), select: PostgresQuery)
    {
        var binds = PostgresBindings()
        binds.append(table)
        binds.append(query.columns)
        let lookup = PostgresQuery(
            unsafeSQL: """
                SELECT n.nspname, c.relname, a.attname, a.atttypid = 'pg_catalog.timestamptz'::pg_catalog.regtype
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_catalog.pg_attribute a
                  ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY($2)
                WHERE c.oid = pg_catalog.to_regclass($1)
                """, binds: binds)
        var qualified: (schema: String, table: String)?
        var found: [String: Bool] = [:]
        let rows = try await connection.query(lookup, logger: PostgresConnections.logger)
        for try await (schema, relation, column, isTimestamp) in rows.decode((String, String, String?, Bool?).self) {
            qualified = (schema, relation)
            if let column { found[column] = isTimestamp ?? false }
        }
        guard let qualified else { throw InputError(ExtractText.noSuchTable(table).text(), file: name) }
        if let missing = query.missing(found: Set(found.keys), table: name) { throw missing }

        let quote = PostgresAdministration.quotedIdentifier
        let values = query.columns.map { column in
            let text = found[column]! ? "replace(replace(\(quote(column))::text, ' ', 'T'), '+00', 'Z')" : "\(quote(column))::text"
            // Compared as bytes (C collation), as the extract's filter compares them.
            return "coalesce(\(text), '') COLLATE \"C\""
        }
        var select = PostgresBindings()
        func parameter(_ value: some PostgresNonThrowingEncodable) -> String {
            select.append(value)
            return "$\(select.count)"
        }
        let tests = query.scope.map { test in
            switch test {
            case .consent(let i): "lower(\(values[i])) = ANY(\(parameter(TableQuery.consentWords)))"
            case .consentOnOrBefore(let i, let date): "length(\(values[i])) = 10 AND \(values[i]) <= \(parameter(date))"
            case .equals(let i, let value): "\(values[i]) = \(parameter(value))"
            case .notEquals(let i, let value): "\(values[i]) <> \(parameter(value))"
            case .oneOf(let i, let choices): "\(values[i]) = ANY(\(parameter(choices)))"
            case .notEmpty(let i): "\(values[i]) <> ''"
            }
        }
        // Each row as one cell, the array of its columns' texts: PostgresNIO hands each cell over as a buffer
        // of its own, and a cell a row rather than one a column took 16% off the extract's time and 27% off the
        // client's CPU on a large table, for a little more of the server's (Benchmarks/table-extract.sh).
        var sql = "SELECT ARRAY[\(values.joined(separator: ", "))] FROM \(quote(qualified.schema)).\(quote(qualified.table))"
        if !tests.isEmpty { sql += " WHERE " + tests.joined(separator: " AND ") }
        // The column itself, in its own collation, so that the table's index on the key can give the order.
        sql += " ORDER BY \(quote(query.columns[0]))"
        return (qualified, PostgresQuery(unsafeSQL: sql, binds: select))
    }

    /// Fills `row` with the elements of a one-dimensional array of texts in PostgreSQL's binary form
    /// (array_send): the number of dimensions, a has-NULLs flag and the element type, each dimension's length
    /// and lower bound, then each element's length (-1: NULL) and bytes, every integer 4 bytes big-endian.
    /// False when the bytes are not such an array.
    package static func fill(_ row: TableRow, fromTextArray bytes: UnsafeRawBufferPointer) -> Bool {
        // A cursor over the bytes kept in a struct, not a local closure capturing `at`: a captured variable is
        // checked for exclusive access at run time on every read, four times a cell.
        var array = BigEndianReader(bytes)
        guard let dimensions = array.integer(), (0...1).contains(dimensions), array.integer() != nil, array.integer() != nil
        else { return false }
        // An empty array has no dimension.
        var count = 0
        if dimensions == 1 {
            guard let length = array.integer(), length >= 0, array.integer() != nil else { return false }
            count = length
        }
        for _ in 0..<count {
            guard let length = array.integer() else { return false }
            if length < 0 {
                row.append(UnsafeRawBufferPointer(start: nil, count: 0))
                continue
            }
            guard let cell = array.bytes(length) else { return false }
            row.append(cell)
        }
        return array.atEnd
    }

    /// The table as the transfer records it: its server, database and qualified name (no user: the operator
    /// is recorded apart).
    private func recorded(_ qualified: (schema: String, table: String)) -> String {
        var components = URLComponents()
        components.scheme = "postgresql"
        components.host = location.host.contains(":") ? "[\(location.host)]" : location.host
        components.port = location.port == 5432 ? nil : location.port
        components.path = "/" + location.database
        components.queryItems = [URLQueryItem(name: "table", value: "\(qualified.schema).\(qualified.table)")]
        return components.string ?? "\(location.database).\(qualified.schema).\(qualified.table)"
    }

    /// A column the role may not read is the source's problem, not the register's.
    private func explained(_ error: any Error) -> any Error {
        if let error = error as? PSQLError, let server = error.serverInfo, server[.sqlState] == "42501" {
            let message = server[.message] ?? "\(error.code)"
            return InputError(ExtractText.tableRefused(user: location.user, message: message).text(), file: name)
        }
        return error
    }
}

/// The row loop, run by PostgresNIO on its event loop as each row is decoded (the callback of
/// `query(_:logger:_:)`): no task switch and no async sequence between the socket and the extract, which took
/// about a sixth off the client's CPU on a large table (Benchmarks/table-extract.sh). PostgresNIO reads more
/// of the socket only once the rows decoded so far are taken, so memory does not grow with the table.
/// Unchecked `Sendable`: one thread uses it at a time, the event loop while the query runs, then the task.
private final class RowHandler: @unchecked Sendable {
    let row: TableRow
    let table: String
    let name: String
    /// The extract's work on each row, set while the query runs.
    var each: ((TableRow) throws(InputError) -> Void)?
    /// Why a row was refused: PostgresNIO may fail the query with its own cancellation instead.
    var refused: InputError?

    init(row: TableRow, table: String, name: String) {
        self.row = row
        self.table = table
        self.name = name
    }

    func take(_ cells: PostgresRow) throws(InputError) {
        do throws(InputError) {
            row.begin()
            guard let packed = cells.first?.bytes, packed.withUnsafeReadableBytes({ PostgresTable.fill(row, fromTextArray: $0) })
            else { throw InputError(ExtractText.tableRowNotAnArray(table).text(), file: name) }
            try each!(row)
        } catch {
            refused = error
            throw error
        }
    }
}

/// Reads 4-byte big-endian integers and runs of bytes from the front of a buffer.
private struct BigEndianReader {
    let bytes: UnsafeRawBufferPointer
    var at = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { at == bytes.count }

    mutating func integer() -> Int? {
        guard at + 4 <= bytes.count else { return nil }
        defer { at += 4 }
        return Int(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int32.self)))
    }

    mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard at + count <= bytes.count else { return nil }
        defer { at += count }
        return UnsafeRawBufferPointer(rebasing: bytes[at..<(at + count)])
    }
}
