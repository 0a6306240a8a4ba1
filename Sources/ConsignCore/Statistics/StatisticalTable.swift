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
        /// The suppression problem, for the audit of the pattern (`CellSuppression.intervals`).
        package var problem: CellSuppression
    }

    /// Suppresses every cell the rules find sensitive — a count above zero and below `minimumFrequency`, a sum
    /// `dominance` finds dominated — and the fewest complementary cells (ties broken by their value) so that no
    /// sensitive cell can be recovered, or narrowed below its protection, from the published cells and totals
    /// (`CellSuppression`). Zero cells are published as zero.
    package func protect(
        margins: Bool, minimumFrequency: Int, dominance: TableProtection.Dominance?, nodeLimit: Int
    ) -> Protected {
        let shape = TableShape(categories: categories.map(\.count))
        // Interior cell i of the row-major order of `categories` is cell `interior[i]` of the shape (the same
        // category of every dimension); without margins the table is those cells alone.
        let interior = (0..<shape.cellCount).filter { !shape.isMargin($0) }
        let cellCount = margins ? shape.cellCount : interior.count
        func spread(_ values: [Double]) -> [Double] {
            guard margins else { return values }
            var table = [Double](repeating: 0, count: cellCount)
            for (i, cell) in interior.enumerated() { table[cell] = values[i] }
            return shape.withMargins(table)
        }
        let tableCounts = spread(counts)
        let tableSums = sums.map(spread)
        // The largest contributions of every cell, margins merged from the interior cells they add up.
        let tableLargest: [[[Double]]] = largest.map { perCell in
            guard margins else { return perCell }
            var merged = [[Double]](repeating: [], count: cellCount)
            let keep = dominance?.largest ?? 0
            for (i, cell) in interior.enumerated() {
                for target in shape.covering(cell) {
                    merged[target] = Array((merged[target] + perCell[i]).sorted(by: >).prefix(keep))
                }
            }
            return merged
        }

        let countLayer = CellSuppression.Layer(counts: tableCounts, minimum: Double(minimumFrequency))
        var layers = [countLayer]
        var sensitive = Set(countLayer.protection.keys)
        if let dominance {
            for (field, values) in tableSums.enumerated() {
                var protection: [Int: CellSuppression.Protection] = [:]
                for cell in 0..<cellCount {
                    if let level = Self.dominanceProtection(total: values[cell], largest: tableLargest[field][cell], dominance) {
                        protection[cell] = CellSuppression.Protection(below: min(level, values[cell]), above: level)
                    }
                }
                sensitive.formUnion(protection.keys)
                layers.append(CellSuppression.Layer(values: values, protection: protection))
            }
        }
        let problem = CellSuppression(cellCount: cellCount, equations: margins ? shape.equations : [], layers: layers)
        let pattern = problem.solve(nodeLimit: nodeLimit)
        precondition(problem.protects(pattern.suppressed), "a suppression pattern protects every sensitive cell")
        let suppressedCount = pattern.suppressed.filter { $0 }.count
        let positions: [[Int?]] = (0..<cellCount).map { cell in
            shape.position(of: margins ? cell : interior[cell]).enumerated().map { d, p in p == categories[d].count ? nil : p }
        }
        return Protected(
            positions: positions, counts: tableCounts, sums: tableSums, suppressed: pattern.suppressed,
            primary: sensitive.count, secondary: suppressedCount - sensitive.count, method: pattern.method,
            leastSuppressed: pattern.leastCells, problem: problem)
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
