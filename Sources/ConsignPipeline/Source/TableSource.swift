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
        /// Ten bytes no later than the date's (`RowFilter` then checks that they are a date).
        case consentOnOrBefore(Int, String)
        case equals(Int, String)
        case notEquals(Int, String)
        case oneOf(Int, [String])
        case notEmpty(Int)
    }

    package var fields: [Field]
    /// The scope's tests SQL says as `RowFilter` does. `at-least` and `at-most` are left out: they read a
    /// number as Swift's `Double` does, which no SQL cast matches, so only the extract's filter applies them.
    package var scope: [Test]

    /// A consent to a provision (`dated`) is read as of `on`.
    package init(fields: [Field], scope: RowScope, dated: Set<String> = [], on: CalendarDate? = nil) {
        self.fields = fields
        let index = { (id: String) in fields.firstIndex { $0.id == id }! }
        var tests = scope.consents.map { consent in
            dated.contains(consent.value)
                ? Test.consentOnOrBefore(index(consent.value), on!.description) : Test.consent(index(consent.value))
        }
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
///
/// The buffers sit behind one pointer rather than in stored `var`s: a class's mutable stored property is
/// checked for exclusive access at run time on every use, and with an append per cell and a read per cell
/// used those checks cost about a tenth of the client's time on a large table (Benchmarks/table-extract.sh).
package final class TableRow: SourceRecord {
    package let file: String
    package var recordLine: Int { cells.pointee.row }
    /// The number of cells the row holds.
    package var count: Int { cells.pointee.count }
    private let cells: UnsafeMutablePointer<Cells>

    /// The row's bytes and where each of its cells ends.
    private struct Cells {
        var row = 0
        var bytes: UnsafeMutableRawPointer
        var capacity: Int
        var used = 0
        var ends: UnsafeMutablePointer<Int>
        var endsCapacity: Int
        var count = 0
    }

    /// `table` names the table in messages.
    package init(table: String) {
        file = table
        cells = .allocate(capacity: 1)
        cells.initialize(
            to: Cells(bytes: .allocate(byteCount: 4_096, alignment: 1), capacity: 4_096, ends: .allocate(capacity: 64), endsCapacity: 64))
    }

    deinit {
        cells.pointee.bytes.deallocate()
        cells.pointee.ends.deallocate()
        cells.deinitialize(count: 1)
        cells.deallocate()
    }

    /// Starts the next row.
    package func begin() {
        cells.pointee.row += 1
        cells.pointee.used = 0
        cells.pointee.count = 0
    }

    /// Appends the row's next cell (NULL: empty).
    package func append(_ cell: UnsafeRawBufferPointer) {
        let used = cells.pointee.used
        if used + cell.count > cells.pointee.capacity {
            let capacity = max(2 * cells.pointee.capacity, used + cell.count)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
            grown.copyMemory(from: cells.pointee.bytes, byteCount: used)
            cells.pointee.bytes.deallocate()
            cells.pointee.bytes = grown
            cells.pointee.capacity = capacity
        }
        let count = cells.pointee.count
        if count == cells.pointee.endsCapacity {
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: 2 * count)
            grown.update(from: cells.pointee.ends, count: count)
            cells.pointee.ends.deallocate()
            cells.pointee.ends = grown
            cells.pointee.endsCapacity = 2 * count
        }
        if let base = cell.baseAddress { (cells.pointee.bytes + used).copyMemory(from: base, byteCount: cell.count) }
        cells.pointee.used = used + cell.count
        cells.pointee.ends[count] = used + cell.count
        cells.pointee.count = count + 1
    }

    package func value(_ index: Int) -> UnsafeRawBufferPointer {
        precondition(index >= 0 && index < cells.pointee.count, "cell \(index) of a row of \(cells.pointee.count)")
        let start = index == 0 ? 0 : cells.pointee.ends[index - 1]
        return UnsafeRawBufferPointer(start: cells.pointee.bytes + start, count: cells.pointee.ends[index] - start)
    }
}
