import ConsignCore

/// The pass of `consign stats` over a source: each record in the task's scope and not on the stop-use list adds
/// to the cell of its dimensions' values (each in its form, as an extract would send it) one row, and to each
/// summed field its value. Categories are the values met, so a cell exists only where some category of every
/// dimension does; a cell no row reaches is a zero.
public struct Tabulator: Sendable {
    /// Per dimension: the position its field is served under, and its form.
    public var dimensions: [(position: Int, transform: FieldTransform)]
    /// The positions of the summed fields (whole numbers, not negative).
    public var summed: [Int]
    /// How many of each cell's largest contributions to keep (the dominance rule's).
    public var largest: Int
    /// The records counted.
    public var scope: RowScopeGate

    public init(dimensions: [(position: Int, transform: FieldTransform)], summed: [Int], largest: Int, scope: RowScopeGate) {
        self.dimensions = dimensions
        self.summed = summed
        self.largest = largest
        self.scope = scope
    }

    /// One cell's running totals.
    private struct Accumulator {
        var count = 0.0
        var sums: [Double]
        /// Per summed field, its `largest` largest values, largest first.
        var largest: [[Double]]

        init(fields: Int) {
            sums = [Double](repeating: 0, count: fields)
            largest = [[Double]](repeating: [], count: fields)
        }

        /// Adds a row's values, keeping the `largest` largest of each field.
        mutating func add(_ values: [Double], keeping largest: Int) {
            count += 1
            for (f, value) in values.enumerated() {
                sums[f] += value
                if largest > 0, self.largest[f].count < largest || value > self.largest[f].last! {
                    let at = self.largest[f].firstIndex { $0 < value } ?? self.largest[f].count
                    self.largest[f].insert(value, at: at)
                    if self.largest[f].count > largest { self.largest[f].removeLast() }
                }
            }
        }

        /// Adds the totals of the same cell from another part of the source.
        mutating func add(_ other: Accumulator, keeping largest: Int) {
            count += other.count
            for f in sums.indices {
                sums[f] += other.sums[f]
                self.largest[f] = Array((self.largest[f] + other.largest[f]).sorted(by: >).prefix(largest))
            }
        }
    }

    /// Reads every record of `source` into the table (`RecordSource.read`: a mapped CSV file in blocks on every core,
    /// of `blockSize` bytes, nil for the default). A value that is not valid UTF-8, a dimension value its form cannot
    /// take, or a summed value that is not a whole number at least zero is an input error naming the line.
    package func run(_ source: any RecordSource, blockSize: Int? = nil) throws(InputError) -> (
        table: StatisticalTable, counts: ScopeCounts
    ) {
        var pass = Pass(self)
        try source.read(into: &pass, blockSize: blockSize) { Pass(self) }
        return pass.table()
    }

    /// Reads the rows `query` asks of a database table into the table (its row scope applied again here, as to a
    /// file's records); the same input errors, naming the row.
    package func run(_ table: any TableSource, _ query: TableQuery) async throws -> (table: StatisticalTable, counts: ScopeCounts) {
        var pass = Pass(self)
        _ = try await table.read(query) { (row: TableRow) throws(InputError) in try pass.take(row) }
        return pass.table()
    }

    /// One pass's running state: per dimension, each raw value's category (the form computed once per distinct
    /// value), and each cell met.
    private struct Pass: RecordAccumulator {
        let tabulator: Tabulator
        var counts = ScopeCounts()
        var categoryOf: [[[UInt8]: String]]
        var cells: [[String]: Accumulator] = [:]

        init(_ tabulator: Tabulator) {
            self.tabulator = tabulator
            categoryOf = [[[UInt8]: String]](repeating: [:], count: tabulator.dimensions.count)
        }

        mutating func take(_ source: any SourceRecord) throws(InputError) {
            guard try tabulator.scope.admits(source, counting: &counts) else { return }
            var cell: [String] = []
            cell.reserveCapacity(tabulator.dimensions.count)
            for (d, dimension) in tabulator.dimensions.enumerated() {
                let raw = source.value(dimension.position)
                let bytes = [UInt8](raw)
                if let category = categoryOf[d][bytes] {
                    cell.append(category)
                    continue
                }
                guard isValidUTF8(raw) else { throw notUTF8(raw, file: source.file, line: source.recordLine) }
                let category: String
                do {
                    category = try dimension.transform.apply(String(decoding: raw, as: UTF8.self))
                } catch {
                    throw InputError("\(error)", file: source.file, line: source.recordLine)
                }
                guard category != StatisticsTable.totalLabel else {
                    throw InputError(StatisticsText.categoryIsTotalLabel(category).text(), file: source.file, line: source.recordLine)
                }
                categoryOf[d][bytes] = category
                cell.append(category)
            }
            var values: [Double] = []
            for position in tabulator.summed {
                let raw = source.value(position)
                let text = String(decoding: raw, as: UTF8.self)
                guard let value = Int(text) else {
                    throw InputError(InputText.notAWholeNumber(text).text(), file: source.file, line: source.recordLine)
                }
                guard value >= 0 else {
                    throw InputError(InputText.belowZero(text).text(), file: source.file, line: source.recordLine)
                }
                values.append(Double(value))
            }
            var accumulator = cells.removeValue(forKey: cell) ?? Accumulator(fields: tabulator.summed.count)
            accumulator.add(values, keeping: tabulator.largest)
            cells[cell] = accumulator
        }

        mutating func add(_ next: Pass) {
            counts.add(next.counts)
            for (key, theirs) in next.cells {
                var accumulator = cells.removeValue(forKey: key) ?? Accumulator(fields: tabulator.summed.count)
                accumulator.add(theirs, keeping: tabulator.largest)
                cells[key] = accumulator
            }
        }

        /// The table of the cells met, with the counts of the records read.
        func table() -> (table: StatisticalTable, counts: ScopeCounts) {
            let dimensions = tabulator.dimensions.indices
            let summed = tabulator.summed.indices
            let categories = dimensions.map { d in Set(cells.keys.map { $0[d] }).sorted(by: Tabulator.categoryOrder) }
            let index = categories.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) }
            let interior = categories.reduce(1) { $0 * $1.count }
            var table = StatisticalTable(
                categories: categories, counts: [Double](repeating: 0, count: interior),
                sums: [[Double]](repeating: [Double](repeating: 0, count: interior), count: summed.count),
                largest: [[[Double]]](repeating: [[Double]](repeating: [], count: interior), count: summed.count))
            for (key, accumulator) in cells {
                let cell = zip(key, index).reduce(0) { $0 * $1.1.count + $1.1[$1.0]! }
                table.counts[cell] = accumulator.count
                for f in summed {
                    table.sums[f][cell] = accumulator.sums[f]
                    table.largest[f][cell] = accumulator.largest[f]
                }
            }
            return (table, counts)
        }
    }

    /// Categories in the order a reader expects: by the number they start with where both start with one (age
    /// bands, buckets, years: `5-9` before `10-19`), else as text; an empty value (no value held) last.
    static func categoryOrder(_ a: String, _ b: String) -> Bool {
        if a.isEmpty != b.isEmpty { return b.isEmpty }
        func leading(_ s: String) -> Int? {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            let negative = s.first == "-" && s.dropFirst().first?.isNumber == true
            if negative { return Int(s.dropFirst().prefix { $0.isASCII && $0.isNumber }).map { -$0 } }
            return digits.isEmpty ? nil : Int(digits)
        }
        if let x = leading(a), let y = leading(b), x != y { return x < y }
        return a < b
    }
}
