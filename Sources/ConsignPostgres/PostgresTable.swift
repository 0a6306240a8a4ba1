import ConsignCore
import ConsignPipeline
import Foundation
import NIOCore
import NIOSSL
import PostgresNIO

/// A table on a PostgreSQL server as an extract source:
/// `postgresql://USER@HOST[:PORT]/DATABASE?table=[SCHEMA.]NAME`, the rest of the URL read as the register's
/// (`PostgresLocation`: TLS settings, libpq's environment, never a password).
///
/// One read-only, repeatable-read transaction looks the table and the needed columns up in the catalog,
/// then streams one parameterised SELECT of those columns only, with the row scope SQL can say as its WHERE
/// clause and the subject key's order (`TableQuery`), its rows taken from the connection as they arrive
/// (`DataRowTap`). PostgresNIO has no COPY TO, and COPY takes no bind parameters. Each column is selected as
/// the text a CSV export of it holds, so a table gives the extract a CSV of it would: `col::text` (booleans
/// `true`/`false`, numbers exactly as stored, dates `YYYY-MM-DD` under the transaction's DateStyle), a
/// `timestamptz` as `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` in UTC (the sample data's form), NULL as empty. A role
/// granted SELECT on just those columns can run it.
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
        return try await PostgresConnections.withChannel(location) { connection, channel in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                // The text the casts print, whatever the server's or the role's settings.
                try await connection.query("SET LOCAL TimeZone = 'UTC'", logger: logger)
                try await connection.query("SET LOCAL DateStyle = 'ISO, YMD'", logger: logger)
                let (qualified, select) = try await statement(for: query, on: connection)
                let tap = DataRowTap(row: TableRow(table: name), table: table, name: name)
                try await withoutActuallyEscaping(each) { each in
                    tap.each = each
                    defer { tap.each = nil }
                    try await tap.insert(into: channel)
                    do {
                        // Every row is the tap's: PostgresNIO sees the statement end with none.
                        for try await _ in try await connection.query(select, logger: logger) {}
                    } catch {
                        try? await channel.pipeline.removeHandler(tap).get()
                        throw tap.refused ?? error
                    }
                    try await channel.pipeline.removeHandler(tap).get()
                    if let refused = tap.refused { throw refused }
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

/// The rows of the table's SELECT, taken from the connection's byte stream as they arrive, before PostgresNIO
/// decodes them: the handler frames the server's messages, hands each DataRow's array to the extract on the
/// event loop, and passes every other message on to PostgresNIO unchanged, which sees the statement end
/// with no rows. PostgresNIO's decoding, state machines and row objects for each row had cost about as much
/// of the client's CPU as the extract's own work (Benchmarks/table-extract.sh, 1M rows: client CPU 0.58 ->
/// 0.43 s, wall time 0.96 -> 0.85 s). The event loop reads no more of the socket until the rows read are
/// taken, so memory does not grow with the table.
/// After a row is refused, the rest are skipped as they come and the statement ends as usual.
/// Unchecked `Sendable`: only the event loop uses it while it is in the pipeline, the task before and after.
package final class DataRowTap: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    package typealias InboundIn = NIOCore.ByteBuffer
    package typealias InboundOut = NIOCore.ByteBuffer

    private let row: TableRow
    private let table: String
    private let name: String
    /// The extract's work on each row, set while the statement runs.
    package var each: ((TableRow) throws(InputError) -> Void)?
    /// Why a row was refused.
    package private(set) var refused: InputError?
    /// The start of a message the last read did not hold whole.
    private var unfinished: NIOCore.ByteBuffer?
    /// Bytes that are not PostgreSQL's messages came: all is passed on to PostgresNIO, which refuses them.
    private var malformed = false

    package init(row: TableRow, table: String, name: String) {
        self.row = row
        self.table = table
        self.name = name
    }

    /// Puts the handler in front of PostgresNIO's, after TLS when the connection has it.
    func insert(into channel: any Channel) async throws {
        try await channel.eventLoop.submit { [self] in
            let pipeline = channel.pipeline.syncOperations
            if let tls = try? pipeline.context(handlerType: NIOSSLClientHandler.self) {
                try pipeline.addHandler(self, position: .after(tls.handler))
            } else {
                try pipeline.addHandler(self, position: .first)
            }
        }.get()
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !malformed else { return context.fireChannelRead(data) }
        var buffer = unwrapInboundIn(data)
        var passed: NIOCore.ByteBuffer?
        if var message = unfinished {
            // The message the last read cut short, completed from the front of this one.
            unfinished = nil
            var head = buffer.readSlice(length: min(max(5 - message.readableBytes, 0), buffer.readableBytes))!
            message.writeBuffer(&head)
            if let length = Self.length(of: message) {
                var rest = buffer.readSlice(length: min(1 + length - message.readableBytes, buffer.readableBytes))!
                message.writeBuffer(&rest)
            }
            guard take(&message, passing: &passed) else {
                if malformed, var rest = buffer.readSlice(length: buffer.readableBytes) { passed!.writeBuffer(&rest) }
                if message.readableBytes > 0 { unfinished = message }
                if let passed { context.fireChannelRead(wrapInboundOut(passed)) }
                return
            }
        }
        while take(&buffer, passing: &passed) {}
        if buffer.readableBytes > 0 {
            // Copied, so as not to hold the whole read's storage.
            let whole = Self.length(of: buffer).map { 1 + $0 } ?? 5
            var start = context.channel.allocator.buffer(capacity: max(buffer.readableBytes, whole))
            start.writeBuffer(&buffer)
            unfinished = start
        }
        if let passed { context.fireChannelRead(wrapInboundOut(passed)) }
    }

    /// What the last read left unfinished goes on to PostgresNIO with the handler.
    package func removeHandler(context: ChannelHandlerContext, removalToken: ChannelHandlerContext.RemovalToken) {
        if let unfinished {
            self.unfinished = nil
            context.fireChannelRead(wrapInboundOut(unfinished))
        }
        context.leavePipeline(removalToken: removalToken)
    }

    /// A message's length after its type byte (the length counts itself), once the buffer holds both; nil
    /// before, or when the length cannot be one (PostgresNIO then gets the bytes as they are, and refuses them).
    private static func length(of buffer: NIOCore.ByteBuffer) -> Int? {
        guard let length = buffer.getInteger(at: buffer.readerIndex + 1, as: Int32.self), length >= 4 else {
            return nil
        }
        return Int(length)
    }

    /// Takes the message at the front of `buffer` when the buffer holds it whole: a DataRow's array goes to
    /// the extract, any other message onto `passed`. False when the buffer holds no whole message.
    private func take(_ buffer: inout NIOCore.ByteBuffer, passing passed: inout NIOCore.ByteBuffer?) -> Bool {
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return false }
        guard let length = Self.length(of: buffer) else {
            if buffer.readableBytes < 5 { return false }
            // Not a message PostgreSQL sends: this and all that follows passed on as it is.
            malformed = true
            var rest = buffer.readSlice(length: buffer.readableBytes)!
            if passed == nil { passed = rest } else { passed!.writeBuffer(&rest) }
            return false
        }
        guard buffer.readableBytes >= 1 + length else { return false }
        if type == UInt8(ascii: "D") {
            if refused == nil {
                buffer.withUnsafeReadableBytes { take(dataRow: UnsafeRawBufferPointer(rebasing: $0[5..<(1 + length)])) }
            }
            buffer.moveReaderIndex(forwardBy: 1 + length)
        } else {
            var message = buffer.readSlice(length: 1 + length)!
            if passed == nil { passed = message } else { passed!.writeBuffer(&message) }
        }
        return true
    }

    /// A DataRow's fields: their count (2 bytes), then each one's length (4 bytes, -1 for NULL) and bytes.
    /// The SELECT's one field is the row's array of texts.
    private func take(dataRow fields: UnsafeRawBufferPointer) {
        row.begin()
        guard fields.count >= 6, UInt16(bigEndian: fields.loadUnaligned(as: UInt16.self)) == 1,
            Int(Int32(bigEndian: fields.loadUnaligned(fromByteOffset: 2, as: Int32.self))) == fields.count - 6,
            PostgresTable.fill(row, fromTextArray: UnsafeRawBufferPointer(rebasing: fields[6...]))
        else {
            refused = InputError(ExtractText.tableRowNotAnArray(table).text(), file: name)
            return
        }
        do { try each!(row) } catch { refused = error }
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
