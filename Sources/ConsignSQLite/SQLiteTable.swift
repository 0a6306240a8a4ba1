import ConsignCore
import ConsignPipeline
import Foundation
import GRDB
import GRDBSQLite

/// A table in a SQLite file as an extract source, the embedded case: `sqlite:PATH?table=NAME`. The file is
/// opened read-only; one read transaction checks that the table and the needed columns are there, then
/// steps one parameterised SELECT of those columns only, with the row scope SQL can say as its WHERE
/// clause and the subject key's order (`TableQuery`). Each column is selected as text (`CAST(col AS TEXT)`, NULL as empty), what a CSV
/// export of the table holds.
package struct SQLiteTable: TableSource {
    package let name: String
    /// The file, as given after `sqlite:`.
    let path: String
    let table: String

    package init(url text: String) throws {
        guard text.hasPrefix("sqlite:") else { throw InputError(DatabaseText.notADatabaseURL(url: text).text()) }
        let rest = text.dropFirst("sqlite:".count)
        let query = rest.firstIndex(of: "?")
        var components = URLComponents()
        components.percentEncodedQuery = query.map { String(rest[rest.index(after: $0)...]) }
        let items = components.queryItems ?? []
        guard items.count == 1, items[0].name == "table", let table = items[0].value, !table.isEmpty else {
            throw InputError(ExtractText.noTableInSource(text).text())
        }
        path = String(rest[..<(query ?? rest.endIndex)])
        self.table = table
        name = text
    }

    package func read(_ query: TableQuery, _ each: (TableRow) throws(InputError) -> Void) async throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError(InputText.noSuchFile.text(), file: path) }
        var configuration = Configuration()
        configuration.readonly = true
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw InputError(ExtractText.cannotOpenDatabase(reason: "\(error)").text(), file: path)
        }
        defer { try? database.close() }
        do {
            try rows(of: database, query, each)
        } catch let error as DatabaseError {
            throw InputError(ExtractText.cannotOpenDatabase(reason: error.message ?? "\(error.resultCode)").text(), file: path)
        }
        return "sqlite:\(URL(fileURLWithPath: path).standardizedFileURL.path)?table=\(table)"
    }

    /// The rows, in one read transaction on this thread (GRDB's synchronous read: the rows are handed over
    /// as SQLite steps to them, so none is kept).
    private func rows(of database: DatabaseQueue, _ query: TableQuery, _ each: (TableRow) throws(InputError) -> Void) throws {
        try database.read { db in
            let columns = try String.fetchSet(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])
            guard !columns.isEmpty else { throw InputError(ExtractText.noSuchTable(table).text(), file: name) }
            if let missing = query.missing(found: columns, table: name) { throw missing }
            let (sql, arguments) = select(query)
            let statement = try db.makeStatement(sql: sql)
            try statement.setArguments(arguments)
            let row = TableRow(table: name)
            let step = statement.sqliteStatement
            defer { sqlite3_reset(step) }
            while true {
                switch sqlite3_step(step) {
                case SQLITE_ROW:
                    row.begin()
                    for column in 0..<Int32(query.columns.count) {
                        row.append(
                            UnsafeRawBufferPointer(start: sqlite3_column_text(step, column), count: Int(sqlite3_column_bytes(step, column))))
                    }
                    try each(row)
                case SQLITE_DONE:
                    return
                case let code:
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
        }
    }

    /// The SELECT of `query` and its arguments.
    private func select(_ query: TableQuery) -> (String, StatementArguments) {
        let values = query.columns.map { "coalesce(CAST(\($0.quotedDatabaseIdentifier) AS TEXT), '')" }
        var arguments: [any DatabaseValueConvertible] = []
        func parameters(_ values: [String]) -> String {
            arguments += values
            return Array(repeating: "?", count: values.count).joined(separator: ", ")
        }
        let tests = query.scope.map { test in
            switch test {
            case .consent(let i): "lower(\(values[i])) IN (\(parameters(TableQuery.consentWords)))"
            case .consentOnOrBefore(let i, let date): "length(\(values[i])) = 10 AND \(values[i]) <= \(parameters([date]))"
            case .equals(let i, let value): "\(values[i]) = \(parameters([value]))"
            case .notEquals(let i, let value): "\(values[i]) <> \(parameters([value]))"
            case .oneOf(let i, let choices): choices.isEmpty ? "0" : "\(values[i]) IN (\(parameters(choices)))"
            case .notEmpty(let i): "\(values[i]) <> ''"
            }
        }
        var sql = "SELECT \(values.joined(separator: ", ")) FROM \(table.quotedDatabaseIdentifier)"
        if !tests.isEmpty { sql += " WHERE " + tests.joined(separator: " AND ") }
        sql += " ORDER BY \(query.columns[0].quotedDatabaseIdentifier)"
        return (sql, StatementArguments(arguments))
    }
}
