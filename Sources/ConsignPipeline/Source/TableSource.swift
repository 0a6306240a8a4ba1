import ConsignCore

/// A database table as an extract source (DESIGN: Pushdown): the backend reads only the columns and rows a
/// `TableQuery` names, in one streaming, read-only statement, and hands the rows over one at a time, so the
/// columns the plan withholds never leave the database and memory does not grow with the table. Each
/// backend (PostgreSQL, SQLite) implements it in its own target; the extract names none of them.
package protocol TableSource: Sendable {
    /// The table as messages name it before it is read (the source as given).
    var name: String { get }

    /// Reads the rows `query` asks for, filling one `TableRow` with each and calling `each` with it, and
    /// returns the table as the transfer records it (the database and the table's qualified name). A table
    /// or a column that is not there is an input error naming it, raised before any row is handed over.
    func read(_ query: TableQuery, _ each: (TableRow) throws(InputError) -> Void) async throws -> String
}

/// What an extract reads from a table: the column of each field it needs (the subject key's first, then the
/// row scope's and the plan's), in the order the extract serves them, and the row scope in the words SQL
/// can say exactly as `RowFilter` does. The rows are read in the order of the first column, the subject
/// key's: a table has no order of its own, and the same rows should make the same extract (a CSV written in
/// key order, as the sample data is, makes the same bytes).
package struct TableQuery: Sendable {
    /// A test of the row scope on one of `fields`' columns (by index), over the column's value as text, a
    /// NULL read as empty: what a CSV of the table would hold.
    package enum Test: Sendable, Equatable {
        /// `true`, `1` or `yes`, in any case.
        case consent(Int)
        case equals(Int, String)
        case notEquals(Int, String)
        case oneOf(Int, [String])
        case notEmpty(Int)
    }

    package var fields: [Field]
    /// The scope's tests SQL says as `RowFilter` does. `at-least` and `at-most` are left out: they read a
    /// number as Swift's `Double` does, which no SQL cast matches, so only the extract's filter applies them.
    package var scope: [Test]

    package init(fields: [Field], scope: RowScope) {
        self.fields = fields
        let index = { (id: String) in fields.firstIndex { $0.id == id }! }
        var tests = scope.consents.map { Test.consent(index($0.value)) }
        for condition in scope.conditions.map(\.value) {
            let column = index(condition.field)
            let value = condition.value ?? ""
            switch condition.op {
            case .equals: tests.append(.equals(column, value))
            case .notEquals: tests.append(.notEquals(column, value))
            case .oneOf: tests.append(.oneOf(column, value.split(separator: " ").map(String.init)))
            case .notEmpty: tests.append(.notEmpty(column))
            case .atLeast, .atMost: break
            }
        }
        self.scope = tests
    }

    /// The columns to select, one per field.
    package var columns: [String] { fields.map(\.column) }

    /// The words a consent flag is given with, lowercased (`RowFilter.isYes`).
    package static let consentWords = ["true", "1", "yes"]

    /// The error for the needed columns a table does not have (`found` are those it has), naming each with
    /// its field; nil when it has them all.
    package func missing(found: Set<String>, table name: String) -> InputError? {
        let problems = fields.filter { !found.contains($0.column) }.map { field in
            Diagnostic.error(InputText.tableColumnMissing(field.column, field: field.id).text(), file: name)
        }
        return problems.isEmpty ? nil : InputError(problems)
    }
}

/// One row of a table as the extract reads it: its cells' bytes copied into one buffer that the next row
/// reuses, so that a row costs no allocation once the buffer has grown to the widest row.
package final class TableRow: SourceRecord {
    package let file: String
    package private(set) var recordLine = 0
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0
    /// Where each cell ends in `storage`.
    private var ends: [Int] = []

    /// `table` names the table in messages.
    package init(table: String) {
        file = table
        capacity = 4_096
        storage = .allocate(byteCount: capacity, alignment: 1)
    }

    deinit { storage.deallocate() }

    /// Starts the next row.
    package func begin() {
        recordLine += 1
        used = 0
        ends.removeAll(keepingCapacity: true)
    }

    /// Appends the row's next cell (NULL: empty).
    package func append(_ cell: UnsafeRawBufferPointer) {
        if used + cell.count > capacity {
            capacity = max(2 * capacity, used + cell.count)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
            grown.copyMemory(from: storage, byteCount: used)
            storage.deallocate()
            storage = grown
        }
        if let base = cell.baseAddress { (storage + used).copyMemory(from: base, byteCount: cell.count) }
        used += cell.count
        ends.append(used)
    }

    package func value(_ index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeRawBufferPointer(start: storage + start, count: ends[index] - start)
    }
}
