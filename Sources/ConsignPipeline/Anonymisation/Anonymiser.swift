import ConsignCore

/// The pass of `consign anonymise` over a source (PPC Rule 34's standards 4 and 5 on the columns the task keeps):
/// each column's value in the step of its ladder, numbers top- and bottom-coded, values fewer rows hold than a
/// column's `merge-below` published as `(other)`; then every combination of the quasi-identifiers' ladder steps is
/// tried, and the one with the fewest steps up (then the fewest rows suppressed) whose classes under `k` rows, or
/// with fewer than `l` distinct values of a sensitive column, hold at most `maxSuppressedPercent` of the rows is
/// taken; those rows are suppressed. The rows come out in a random order, each with a random id if asked: neither
/// the order nor an id leads back to a record.
public struct Anonymiser: Sendable {
    /// One column: the position its field is served under, what it is to the check, the forms of its ladder, and
    /// its codes and merge threshold.
    public struct Column: Sendable {
        public var position: Int
        public var role: AnonymisedData.Role
        public var ladder: [FieldTransform]
        public var topCode: Int?
        public var bottomCode: Int?
        public var mergeBelow: Int?

        public init(
            position: Int, role: AnonymisedData.Role, ladder: [FieldTransform], topCode: Int?, bottomCode: Int?, mergeBelow: Int?
        ) {
            self.position = position
            self.role = role
            self.ladder = ladder
            self.topCode = topCode
            self.bottomCode = bottomCode
            self.mergeBelow = mergeBelow
        }
    }

    /// The published records and what was done to reach them.
    public struct Output: Sendable {
        /// Per column, the step of its ladder published (0 for a column that is not a quasi-identifier).
        public var steps: [Int]
        /// The rows, each a value per column (after the random id, when asked), in a random order.
        public var rows: [[String]]
        public var counts: ScopeCounts
        /// Rows in scope suppressed, in classes too small or not diverse enough.
        public var suppressed: Int
        /// The smallest class published, and the fewest distinct values of a sensitive column in a class (0 without
        /// sensitive columns).
        public var achievedK: Int
        public var achievedL: Int
    }

    /// Why no combination of steps will do.
    public struct Unreachable: Error, Sendable {
        public var leastSuppressed: Int
        public var rows: Int
    }

    public var columns: [Column]
    public var k: Int
    public var l: Int?
    public var maxSuppressedPercent: Int
    public var randomIDs: Bool
    /// The records used.
    public var scope: RowScopeGate

    /// A value fewer rows hold than a column's `merge-below`, as published.
    public static let other = "(other)"

    public init(
        columns: [Column], k: Int, l: Int?, maxSuppressedPercent: Int, randomIDs: Bool, scope: RowScopeGate
    ) {
        self.columns = columns
        self.k = k
        self.l = l
        self.maxSuppressedPercent = maxSuppressedPercent
        self.randomIDs = randomIDs
        self.scope = scope
    }

    /// Per column, each step's published values: `values[step][id]`, and per distinct held value (in the order
    /// met) its id in each step.
    private struct Coded {
        var values: [[String]]
        var idOf: [[Int32]]
    }

    /// Reads the source and publishes its rows in scope. A value that is not valid UTF-8, or that its form or code
    /// cannot take, is an input error naming the line; no combination of steps reaching the protection throws
    /// `Unreachable`.
    package func run(_ source: any RecordSource) throws -> Output {
        var reading = Reading(self)
        // One pass: the distinct values of a column held in many rows are most of the reading, and blocks would
        // each meet them again (read in blocks, the 1,000,000 customers took 5% longer).
        try source.forEachRecord { (record) throws(InputError) in try reading.take(record) }
        return try output(reading)
    }

    /// Reads the rows `query` asks of a database table (its row scope applied again here, as to a file's records)
    /// and publishes those in scope; the same errors, naming the row.
    package func run(_ table: any TableSource, _ query: TableQuery) async throws -> Output {
        var reading = Reading(self)
        _ = try await table.read(query) { (row: TableRow) throws(InputError) in try reading.take(row) }
        return try output(reading)
    }

    /// The values read: per column, each distinct held value's id, each step's published values, and each row's
    /// held value.
    private struct Reading {
        let anonymiser: Anonymiser
        var counts = ScopeCounts()
        var distinct: [[[UInt8]: Int32]]
        var coded: [Coded]
        var stepValueID: [[[String: Int32]]]
        var held: [[Int32]]

        init(_ anonymiser: Anonymiser) {
            self.anonymiser = anonymiser
            let columns = anonymiser.columns
            distinct = [[[UInt8]: Int32]](repeating: [:], count: columns.count)
            coded = columns.map {
                Coded(values: Array(repeating: [], count: $0.ladder.count), idOf: Array(repeating: [], count: $0.ladder.count))
            }
            stepValueID = columns.map { Array(repeating: [:], count: $0.ladder.count) }
            held = [[Int32]](repeating: [], count: columns.count)
        }

        mutating func take(_ source: any SourceRecord) throws(InputError) {
            guard try anonymiser.scope.admits(source, counting: &counts) else { return }
            for (c, column) in anonymiser.columns.enumerated() {
                let raw = source.value(column.position)
                let bytes = [UInt8](raw)
                if let id = distinct[c][bytes] {
                    held[c].append(id)
                    continue
                }
                guard isValidUTF8(raw) else { throw notUTF8(raw, file: source.file, line: source.recordLine) }
                let id = Int32(distinct[c].count)
                distinct[c][bytes] = id
                held[c].append(id)
                let text = String(decoding: raw, as: UTF8.self)
                for (s, transform) in column.ladder.enumerated() {
                    let value = try Anonymiser.publish(
                        text, column: column, transform: transform, file: source.file, line: source.recordLine)
                    let valueID: Int32
                    if let known = stepValueID[c][s][value] {
                        valueID = known
                    } else {
                        valueID = Int32(coded[c].values[s].count)
                        coded[c].values[s].append(value)
                        stepValueID[c][s][value] = valueID
                    }
                    coded[c].idOf[s].append(valueID)
                }
            }
        }
    }

    /// The rows read, generalised and suppressed by the least generalised combination of steps that protects them.
    private func output(_ reading: Reading) throws -> Output {
        let counts = reading.counts
        let held = reading.held
        var coded = reading.coded

        // Rare values merged: per column and step, the values fewer rows hold than merge-below become `(other)`.
        for (c, column) in columns.enumerated() {
            guard let below = column.mergeBelow else { continue }
            for s in column.ladder.indices {
                var rowsOf = [Int](repeating: 0, count: coded[c].values[s].count)
                for id in held[c] { rowsOf[Int(coded[c].idOf[s][Int(id)])] += 1 }
                let rare = rowsOf.indices.filter { rowsOf[$0] < below }
                guard !rare.isEmpty else { continue }
                let otherID = Int32(coded[c].values[s].firstIndex(of: Self.other) ?? coded[c].values[s].count)
                if otherID == coded[c].values[s].count { coded[c].values[s].append(Self.other) }
                let isRare = Set(rare.map(Int32.init))
                coded[c].idOf[s] = coded[c].idOf[s].map { isRare.contains($0) ? otherID : $0 }
            }
        }

        // Every combination of the quasi-identifiers' steps, the least generalised that protects within the limit.
        let quasi = columns.indices.filter { columns[$0].role == .quasiIdentifier }
        let sensitive = columns.indices.filter { columns[$0].role == .sensitive }
        let allowed = counts.rows * maxSuppressedPercent / 100
        var best: (steps: [Int], cost: Int, classes: Classes)?
        var leastSuppressed = Int.max
        let combinations = quasi.reduce(1) { $0 * columns[$1].ladder.count }
        for combination in 0..<combinations {
            var steps = [Int](repeating: 0, count: columns.count)
            var rest = combination
            for c in quasi {
                steps[c] = rest % columns[c].ladder.count
                rest /= columns[c].ladder.count
            }
            let cost = steps.reduce(0, +)
            if let best, cost > best.cost || (cost == best.cost && best.classes.suppressed == 0) { continue }
            let classes = classify(steps: steps, quasi: quasi, sensitive: sensitive, held: held, coded: coded, rows: counts.rows)
            leastSuppressed = min(leastSuppressed, classes.suppressed)
            guard classes.suppressed <= allowed, classes.suppressed < counts.rows else { continue }
            if let best, cost == best.cost, classes.suppressed >= best.classes.suppressed { continue }
            best = (steps, cost, classes)
        }
        guard let best else { throw Unreachable(leastSuppressed: leastSuppressed, rows: counts.rows) }

        var rows: [[String]] = []
        rows.reserveCapacity(counts.rows - best.classes.suppressed)
        for row in 0..<counts.rows where best.classes.kept[row] {
            rows.append(
                columns.indices.map { c in coded[c].values[best.steps[c]][Int(coded[c].idOf[best.steps[c]][Int(held[c][row])])] })
        }
        var random = SystemRandomNumberGenerator()
        rows.shuffle(using: &random)
        if randomIDs {
            var issued = Set<UInt64>()
            for r in rows.indices {
                var id = random.next() as UInt64
                while !issued.insert(id).inserted { id = random.next() }
                rows[r].insert(String(id, radix: 16).leftPadded(to: 16), at: 0)
            }
        }
        return Output(
            steps: best.steps, rows: rows, counts: counts, suppressed: best.classes.suppressed, achievedK: best.classes.smallest, achievedL: best.classes.leastDiverse)
    }

    /// The classes of one combination of steps: which rows are kept, how many are suppressed, and what the kept
    /// classes reach.
    private struct Classes {
        var kept: [Bool]
        var suppressed: Int
        var smallest: Int
        var leastDiverse: Int
    }

    private func classify(
        steps: [Int], quasi: [Int], sensitive: [Int], held: [[Int32]], coded: [Coded], rows: Int
    ) -> Classes {
        // Each row's class: the quasi-identifiers' values combined one column at a time into dense ids.
        var classOf = [Int](repeating: 0, count: rows)
        var classCount = 1
        for c in quasi {
            let ids = coded[c].idOf[steps[c]]
            let width = coded[c].values[steps[c]].count
            var dense: [Int: Int] = [:]
            for row in 0..<rows {
                let key = classOf[row] * width + Int(ids[Int(held[c][row])])
                if let id = dense[key] {
                    classOf[row] = id
                } else {
                    classOf[row] = dense.count
                    dense[key] = dense.count
                }
            }
            classCount = dense.count
        }
        var size = [Int](repeating: 0, count: classCount)
        for row in 0..<rows { size[classOf[row]] += 1 }
        var diverse = [Int](repeating: Int.max, count: classCount)
        for c in sensitive {
            let ids = coded[c].idOf[0]
            var seen = Set<Int>()
            var distinctIn = [Int](repeating: 0, count: classCount)
            let width = coded[c].values[0].count
            for row in 0..<rows where seen.insert(classOf[row] * width + Int(ids[Int(held[c][row])])).inserted {
                distinctIn[classOf[row]] += 1
            }
            for cls in 0..<classCount { diverse[cls] = min(diverse[cls], distinctIn[cls]) }
        }
        let safe = (0..<classCount).map { cls in size[cls] >= k && (l.map { diverse[cls] >= $0 } ?? true) }
        var kept = [Bool](repeating: false, count: rows)
        var suppressed = 0
        for row in 0..<rows {
            kept[row] = safe[classOf[row]]
            if !kept[row] { suppressed += 1 }
        }
        let keptClasses = (0..<classCount).filter { safe[$0] }
        return Classes(
            kept: kept, suppressed: suppressed, smallest: keptClasses.map { size[$0] }.min() ?? 0,
            leastDiverse: sensitive.isEmpty ? 0 : keptClasses.map { diverse[$0] }.min() ?? 0)
    }

    /// A held value as published in one form: a number at or beyond a code as the code, else the form's value.
    private static func publish(
        _ text: String, column: Column, transform: FieldTransform, file: String, line: Int
    ) throws(InputError) -> String {
        if !text.isEmpty, column.topCode != nil || column.bottomCode != nil {
            guard let number = Int(text) else {
                throw InputError(InputText.notAWholeNumber(text).text(), file: file, line: line)
            }
            if let top = column.topCode, number >= top { return ">=\(top)" }
            if let bottom = column.bottomCode, number <= bottom { return "<=\(bottom)" }
        }
        do {
            return try transform.apply(text)
        } catch {
            throw InputError("\(error)", file: file, line: line)
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
