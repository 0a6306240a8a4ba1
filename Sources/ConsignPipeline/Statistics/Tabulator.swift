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
        var largest: [[Double]]
    }

    /// Reads every record of `source` into the table. A value that is not valid UTF-8, a dimension value its form
    /// cannot take, or a summed value that is not a whole number at least zero is an input error naming the line.
    package func run(_ source: any RecordSource) throws(InputError) -> (table: StatisticalTable, counts: ScopeCounts) {
        var counts = ScopeCounts()
        // Per dimension, each raw value's category (the form computed once per distinct value).
        var categoryOf = [[[UInt8]: String]](repeating: [:], count: dimensions.count)
        var cells: [[String]: Accumulator] = [:]
        do throws(InputError) {
            while try source.next() {
                guard try scope.admits(source, counting: &counts) else { continue }
                var cell: [String] = []
                cell.reserveCapacity(dimensions.count)
                for (d, dimension) in dimensions.enumerated() {
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
                    categoryOf[d][bytes] = category
                    cell.append(category)
                }
                var values: [Double] = []
                for position in summed {
                    let raw = source.value(position)
                    let text = String(decoding: raw, as: UTF8.self)
                    guard let value = Int(text), value >= 0 else {
                        throw InputError(InputText.notAWholeNumber(text).text(), file: source.file, line: source.recordLine)
                    }
                    values.append(Double(value))
                }
                var accumulator =
                    cells.removeValue(forKey: cell)
                    ?? Accumulator(
                        sums: [Double](repeating: 0, count: summed.count),
                        largest: [[Double]](repeating: [], count: summed.count))
                accumulator.count += 1
                for (f, value) in values.enumerated() {
                    accumulator.sums[f] += value
                    if largest > 0, accumulator.largest[f].count < largest || value > accumulator.largest[f].last! {
                        let at = accumulator.largest[f].firstIndex { $0 < value } ?? accumulator.largest[f].count
                        accumulator.largest[f].insert(value, at: at)
                        if accumulator.largest[f].count > largest { accumulator.largest[f].removeLast() }
                    }
                }
                cells[cell] = accumulator
            }
        } catch {
            if let change = source.change { throw source.changedWhileRead(change) }
            throw error
        }
        if let change = source.change { throw source.changedWhileRead(change) }

        let categories = dimensions.indices.map { d in Set(cells.keys.map { $0[d] }).sorted(by: Tabulator.categoryOrder) }
        let index = categories.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) }
        let interior = categories.reduce(1) { $0 * $1.count }
        var table = StatisticalTable(
            categories: categories, counts: [Double](repeating: 0, count: interior),
            sums: [[Double]](repeating: [Double](repeating: 0, count: interior), count: summed.count),
            largest: [[[Double]]](repeating: [[Double]](repeating: [], count: interior), count: summed.count))
        for (key, accumulator) in cells {
            let cell = zip(key, index).reduce(0) { $0 * $1.1.count + $1.1[$1.0]! }
            table.counts[cell] = accumulator.count
            for f in summed.indices {
                table.sums[f][cell] = accumulator.sums[f]
                table.largest[f][cell] = accumulator.largest[f]
            }
        }
        return (table, counts)
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
