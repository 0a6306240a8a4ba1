/// A tabulated table before it is released: its categories per dimension, and per interior cell (one category
/// of every dimension) the rows in it and, for each summed field, the sum and the largest contributions (as
/// many as the dominance rule reads). `protect` makes the cells to publish from it.
package struct StatisticalTable: Sendable {
    /// The categories of each dimension, sorted.
    package var categories: [[String]]
    /// Per interior cell, in row-major order of `categories`.
    package var counts: [Double]
    /// Per summed field, then per interior cell.
    package var sums: [[Double]]
    /// Per summed field, then per interior cell: its largest contributions, largest first.
    package var largest: [[[Double]]]

    package init(categories: [[String]], counts: [Double], sums: [[Double]], largest: [[[Double]]]) {
        self.categories = categories
        self.counts = counts
        self.sums = sums
        self.largest = largest
    }

    /// The table's cells as published: margins included when `margins`, each suppressed or not, with which rule
    /// suppressed it, and how the pattern was found.
    package struct Protected: Sendable {
        /// Per cell: the position of each dimension, a category index or nil for the dimension's total.
        package var positions: [[Int?]]
        package var counts: [Double]
        package var sums: [[Double]]
        package var suppressed: [Bool]
        package var primary: Int
        package var secondary: Int
        package var method: StatisticsRelease.Method
        /// The fewest cells any protecting pattern suppresses, as the search proved (`CellSuppression.Pattern.leastCells`).
        package var leastSuppressed: Int
    }

    /// Suppresses every cell the rules find sensitive — a count above zero and below `minimumFrequency`, a sum
    /// `dominance` finds dominated — and the fewest complementary cells (ties broken by their value) so that no
    /// sensitive cell can be recovered, or narrowed below its protection, from the published cells and totals
    /// (`CellSuppression`). Zero cells are published as zero.
    ///
    /// The attacker also knows what the table's labels show: every category is in it because someone is, so each
    /// category's total, and the grand total, holds at least one person. A table published without margins is
    /// protected as one with margins the attacker does not see (`CellSuppression.unpublished`), so that this
    /// knowledge binds there too: a category whose only published cells are zeros does not give its one suppressed
    /// cell away.
    ///
    /// A table whose rules withhold so many cells that the attacker's program over them would pass
    /// `CellSuppression.attackerBudget` is not protected: it throws `TooFine`.
    package func protect(
        margins: Bool, minimumFrequency: Int, dominance: TableProtection.Dominance?, nodeLimit: Int
    ) throws(TooFine) -> Protected {
        let shape = TableShape(categories: categories.map(\.count))
        // Interior cell i of the row-major order of `categories` is cell `interior[i]` of the shape (the same
        // category of every dimension); the published cells are every cell with margins, else the interior.
        let interior = (0..<shape.cellCount).filter { !shape.isMargin($0) }
        let published = margins ? Array(0..<shape.cellCount) : interior
        let unpublished = margins ? [] : Set(0..<shape.cellCount).subtracting(interior)
        func spread(_ values: [Double]) -> [Double] {
            var table = [Double](repeating: 0, count: shape.cellCount)
            for (i, cell) in interior.enumerated() { table[cell] = values[i] }
            return shape.withMargins(table)
        }
        let tableCounts = spread(counts)
        let tableSums = sums.map(spread)
        // The largest contributions of every cell, margins merged from the interior cells they add up.
        let tableLargest: [[[Double]]] = largest.map { perCell in
            var merged = [[Double]](repeating: [], count: shape.cellCount)
            let keep = dominance?.largest ?? 0
            for (i, cell) in interior.enumerated() {
                for target in shape.covering(cell) {
                    merged[target] = Array((merged[target] + perCell[i]).sorted(by: >).prefix(keep))
                }
            }
            return merged
        }

        var floors: [Int: Double] = [:]
        for cell in 0..<shape.cellCount where tableCounts[cell] > 0 && shape.isCategoryTotal(cell) { floors[cell] = 1 }
        // What those floors imply, which the attacker derives too: a total holds at least its cells' floors, and a
        // line of one category (a dimension with one category in scope) is a cell and its total, equal. Without
        // this, a cell no pattern can take below its implied floor would be asked to reach below it, which no
        // suppression can give.
        let equations = shape.equations
        var settled = false
        while !settled {
            settled = true
            func raise(_ cell: Int, to floor: Double) {
                guard floor > (floors[cell] ?? 0) else { return }
                floors[cell] = floor
                settled = false
            }
            for equation in equations {
                // Each equation is its total (coefficient −1) and the cells it adds up (+1).
                let total = equation.first { $0.coefficient < 0 }!.cell
                let parts = equation.filter { $0.coefficient > 0 }.map(\.cell)
                raise(total, to: parts.reduce(0) { $0 + (floors[$1] ?? 0) })
                if parts.count == 1 { raise(parts[0], to: floors[total] ?? 0) }
            }
        }
        var countLayer = CellSuppression.Layer(counts: tableCounts, minimum: Double(minimumFrequency), floors: floors)
        for cell in unpublished { countLayer.protection[cell] = nil }
        var layers = [countLayer]
        var sensitive = Set(countLayer.protection.keys)
        if let dominance {
            for (field, values) in tableSums.enumerated() {
                var protection: [Int: CellSuppression.Protection] = [:]
                for cell in published {
                    if let level = Self.dominanceProtection(total: values[cell], largest: tableLargest[field][cell], dominance) {
                        protection[cell] = CellSuppression.Protection(below: min(level, values[cell]), above: level)
                    }
                }
                sensitive.formUnion(protection.keys)
                layers.append(CellSuppression.Layer(values: values, protection: protection))
            }
        }
        let problem = CellSuppression(
            cellCount: shape.cellCount, equations: equations, layers: layers, unpublished: unpublished)
        let attackerBytes = problem.leastAttackerBytes
        guard attackerBytes <= CellSuppression.attackerBudget else {
            throw TooFine(cells: published.count, withheld: sensitive.count, bytes: attackerBytes)
        }
        let pattern = problem.solve(nodeLimit: nodeLimit)
        precondition(problem.protects(pattern.suppressed), "a suppression pattern protects every sensitive cell")
        let suppressedCount = published.filter { pattern.suppressed[$0] }.count
        let positions: [[Int?]] = published.map { cell in
            shape.position(of: cell).enumerated().map { d, p in p == categories[d].count ? nil : p }
        }
        return Protected(
            positions: positions, counts: published.map { tableCounts[$0] }, sums: tableSums.map { s in published.map { s[$0] } },
            suppressed: published.map { pattern.suppressed[$0] }, primary: sensitive.count,
            secondary: suppressedCount - sensitive.count, method: pattern.method, leastSuppressed: pattern.leastCells)
    }

    /// A table too fine to protect: its cells published, those its rules withhold, and the bytes the attacker's
    /// program over them would take.
    package struct TooFine: Error {
        package var cells: Int
        package var withheld: Int
        package var bytes: Int
    }

    /// How far the attacker's interval of a dominated sum must reach on each side (nil when it is not dominated),
    /// as the SDC handbook (Hundepool et al., 2012, §4.2) sets it: for (n,k), the sum of the `n` largest
    /// contributions times 100/k less the total; for p%, p% of the largest less what the others than the two
    /// largest add. A sum of one contribution is always dominated.
    package static func dominanceProtection(total: Double, largest: [Double], _ rule: TableProtection.Dominance) -> Double? {
        guard total > 0, let first = largest.first else { return nil }
        let level: Double
        switch rule {
        case .nk(let n, let k):
            level = largest.prefix(n).reduce(0, +) * 100 / Double(k) - total
        case .pPercent(let p):
            let second = largest.count > 1 ? largest[1] : 0
            level = Double(p) / 100 * first - (total - first - second)
        }
        return level > 1e-9 ? level : nil
    }
}
