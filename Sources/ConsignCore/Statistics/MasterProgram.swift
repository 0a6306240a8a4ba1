/// The branch and cut's master program, `min Σ w x` over the cells (`0 ≤ x ≤ 1`, some fixed) subject to the cuts
/// found so far (`Σ c x ≥ b`, each with its own slack), solved by a dense dual simplex over bounded variables that
/// keeps its basis from one solve to the next. Every basis it holds is dual feasible — it starts with every cell at
/// zero (each weight is positive) and every cut's slack basic — and stays so when a cut is added (its slack enters
/// the basis) or a cell is fixed (its bounds close), so the next solve restores primal feasibility in a few pivots
/// instead of solving from scratch. Its objective only rises as it goes and is a lower bound throughout, so a node
/// that cannot beat the incumbent is given up as soon as the bound says so.
struct MasterProgram {
    enum Outcome { case optimal, infeasible, cannotBeat, stalled }

    let weights: [Double]
    var cells: Int { weights.count }
    /// The tableau `B⁻¹[C | −I]`, one row per cut; column `cells + q` is cut q's slack (basic in the row the cut
    /// was added as, until a pivot).
    private(set) var tableau: [[Double]] = []
    /// The pool index of each cut.
    private(set) var cuts: [Int] = []
    private var basis: [Int] = []
    /// The row a column is basic in, −1 for a nonbasic one.
    private var basicRow: [Int]
    /// The basic variables' values, by row.
    private var value: [Double] = []
    private var lower: [Double]
    private var upper: [Double]
    private var atUpper: [Bool]
    private var reduced: [Double]
    private let tolerance = 1e-9
    private let pivotTolerance = 1e-7

    /// The pivots one `solve` may take before it says `stalled`; nil for a limit from the program's size.
    let pivotLimit: Int?

    init(weights: [Double], pivotLimit: Int? = nil) {
        self.weights = weights
        self.pivotLimit = pivotLimit
        basicRow = [Int](repeating: -1, count: weights.count)
        lower = [Double](repeating: 0, count: weights.count)
        upper = [Double](repeating: 1, count: weights.count)
        atUpper = [Bool](repeating: false, count: weights.count)
        reduced = weights
    }

    private var width: Int { cells + tableau.count }

    private func level(_ j: Int) -> Double {
        basicRow[j] >= 0 ? value[basicRow[j]] : atUpper[j] ? upper[j] : lower[j]
    }

    /// The cells' values at the current basis.
    var x: [Double] { (0..<cells).map(level) }

    /// `Σ w x` at the current basis: the program's optimum once it is primal feasible, a lower bound before.
    var objective: Double { (0..<cells).reduce(0) { $0 + weights[$1] * level($1) } }

    /// Fixes a cell to 0 or 1 (a branch): a nonbasic cell moves there, a basic one is left for the next solve to
    /// pivot out.
    mutating func fix(_ cell: Int, to target: Double) {
        if basicRow[cell] < 0 {
            let delta = target - level(cell)
            if delta != 0 {
                for row in tableau.indices where tableau[row][cell] != 0 { value[row] -= tableau[row][cell] * delta }
            }
            atUpper[cell] = false
        }
        lower[cell] = target
        upper[cell] = target
    }

    /// Adds the cut `Σ c x ≥ b` (pool index `id`) as a row `s − Σ c x = −b` with its slack basic, expressed in the
    /// current nonbasic variables.
    mutating func add(_ cut: CellSuppression.Cut, id: Int) {
        var row = [Double](repeating: 0, count: width + 1)
        for term in cut.terms { row[term.cell] -= term.coefficient }
        for (r, column) in basis.enumerated() where column < cells && row[column] != 0 {
            let factor = row[column]
            let source = tableau[r]
            for j in 0..<source.count where source[j] != 0 { row[j] -= factor * source[j] }
            row[column] = 0
        }
        let slack = width
        row[slack] = 1
        for r in tableau.indices { tableau[r].append(0) }
        tableau.append(row)
        cuts.append(id)
        basis.append(slack)
        basicRow.append(tableau.count - 1)
        lower.append(0)
        upper.append(.infinity)
        atUpper.append(false)
        reduced.append(0)
        value.append(cut.terms.reduce(-cut.bound) { $0 + $1.coefficient * level($1.cell) })
    }

    /// Drops the cuts that do not bind (their slack basic and above zero), each with the row its slack is basic in:
    /// the slack's column is zero in every other row, so the rows left are the program without the cut, and the
    /// basis stays optimal. The pool keeps the cuts, and the search adds one back when it is violated again.
    mutating func dropSlackCuts() {
        let dropped = cuts.indices.filter { basicRow[cells + $0] >= 0 && value[basicRow[cells + $0]] > 1e-6 }
        guard !dropped.isEmpty else { return }
        let gone = Set(dropped)
        let goneRows = Set(dropped.map { basicRow[cells + $0] })
        let keep = cuts.indices.filter { !gone.contains($0) }
        let keepRows = tableau.indices.filter { !goneRows.contains($0) }
        let keptColumns = Array(0..<cells) + keep.map { cells + $0 }
        var newColumn = [Int](repeating: -1, count: width)
        for (new, old) in keptColumns.enumerated() { newColumn[old] = new }
        tableau = keepRows.map { r in keptColumns.map { tableau[r][$0] } }
        cuts = keep.map { cuts[$0] }
        value = keepRows.map { value[$0] }
        basis = keepRows.map { newColumn[basis[$0]] }
        lower = keptColumns.map { lower[$0] }
        upper = keptColumns.map { upper[$0] }
        atUpper = keptColumns.map { atUpper[$0] }
        reduced = keptColumns.map { reduced[$0] }
        basicRow = [Int](repeating: -1, count: keptColumns.count)
        for (row, column) in basis.enumerated() { basicRow[column] = row }
    }

    /// Restores primal feasibility by dual simplex pivots: optimal, infeasible (a row no nonbasic variable can
    /// repair), `cannotBeat` as soon as the objective reaches `bound`, or `stalled` past `pivots` (nil: the
    /// program's limit), with `objective` still a lower bound.
    mutating func solve(giveUpAt bound: (Double) -> Bool, pivots: Int? = nil) -> Outcome {
        let limit = pivots ?? pivotLimit ?? 50 * (tableau.count + width) + 1_000
        for _ in 0..<limit {
            if bound(objective) { return .cannotBeat }
            // Leaving: the basic variable furthest outside its bounds.
            var leaving = -1
            var worst = tolerance
            for row in tableau.indices {
                let j = basis[row]
                let violation = Swift.max(lower[j] - value[row], value[row] - upper[j])
                if violation > worst { worst = violation; leaving = row }
            }
            if leaving < 0 { return .optimal }
            let out = basis[leaving]
            let below = value[leaving] < lower[out]
            // Entering: the nonbasic variable whose move repairs the row at the least loss of dual feasibility.
            var entering = -1
            var ratio = Double.infinity
            let pivotRow = tableau[leaving]
            for j in 0..<width where basicRow[j] < 0 && lower[j] < upper[j] {
                let a = pivotRow[j]
                guard abs(a) > pivotTolerance else { continue }
                // x_out = … − a x_j: raising x_out needs x_j to move against a's sign, lowering it with it.
                let increases = !atUpper[j]
                guard below ? (a < 0) == increases : (a > 0) == increases else { continue }
                let r = abs(reduced[j]) / abs(a)
                if r < ratio - tolerance || (r < ratio + tolerance && entering >= 0 && abs(a) > abs(pivotRow[entering])) {
                    ratio = r
                    entering = j
                }
            }
            if entering < 0 { return .infeasible }
            let target = below ? lower[out] : upper[out]
            let a = pivotRow[entering]
            let delta = (value[leaving] - target) / a
            let enteringValue = level(entering) + delta
            for row in tableau.indices where tableau[row][entering] != 0 { value[row] -= tableau[row][entering] * delta }
            pivot(row: leaving, column: entering)
            value[leaving] = enteringValue
            basicRow[out] = -1
            atUpper[out] = !below && lower[out] < upper[out]
        }
        return .stalled
    }

    /// Reduced-cost fixing, at an optimal basis: a cell nonbasic at 0 whose reduced cost `d` would take the objective
    /// to where `cannotBeat` says no pattern beats the incumbent is fixed at 0 (a pattern with it costs at least
    /// the objective plus `d`), and likewise one nonbasic at 1 at 1. Returns the cells it fixed, with their value.
    mutating func fixByReducedCost(cannotBeat: (Double) -> Bool) -> [(cell: Int, value: Int8)] {
        let z = objective
        var fixed: [(cell: Int, value: Int8)] = []
        for j in 0..<cells where basicRow[j] < 0 && lower[j] < upper[j] && cannotBeat(z + abs(reduced[j])) {
            let value: Int8 = atUpper[j] ? 1 : 0
            lower[j] = Double(value)
            upper[j] = Double(value)
            atUpper[j] = false
            fixed.append((j, value))
        }
        return fixed
    }

    private mutating func pivot(row: Int, column: Int) {
        let p = tableau[row][column]
        var nonzero: [Int] = []
        for j in 0..<width where tableau[row][j] != 0 {
            tableau[row][j] /= p
            nonzero.append(j)
        }
        let pivotRow = tableau[row]
        // A dense pivot row is eliminated column by column (the loop vectorises), a sparse one by its nonzeros.
        let dense = nonzero.count * 4 > width
        pivotRow.withUnsafeBufferPointer { p in
            for other in tableau.indices where other != row {
                let factor = tableau[other][column]
                if factor == 0 { continue }
                tableau[other].withUnsafeMutableBufferPointer { t in
                    if dense {
                        for j in 0..<t.count { t[j] -= factor * p[j] }
                    } else {
                        for j in nonzero { t[j] -= factor * p[j] }
                    }
                    t[column] = 0
                }
            }
        }
        let factor = reduced[column]
        if factor != 0 {
            for j in nonzero { reduced[j] -= factor * pivotRow[j] }
            reduced[column] = 0
        }
        basis[row] = column
        basicRow[column] = row
    }
}

extension MasterProgram {
    /// The cells of its tableau, what a copy costs.
    var size: Int { tableau.count * width }
}
