/// A linear program in the form the cell-suppression solver needs — minimise `c·x` subject to equations
/// `A x = b` and bounds `lower ≤ x ≤ upper` (every lower bound finite, an upper bound may be infinite) — solved
/// by a dense two-phase primal simplex over bounded variables, with Dantzig's rule until the objective stalls
/// and Bland's rule after that, so that it never cycles on the degenerate programs an attacker's problem is
/// (its right-hand sides are all zero). It returns the equations' duals, from which the solver builds its cuts.
///
/// Dense, because the programs are small (a table's equations, and the cells suppressed or cut); exact enough
/// for counts and sums in the millions (tolerance `1e-9` relative to the data's scale).
package struct LinearProgram: Sendable {
    package enum Outcome: Sendable, Equatable {
        /// The minimum, a point attaining it, and one dual value per equation (`c - Aᵀy` is the reduced cost).
        case optimal(value: Double, x: [Double], duals: [Double])
        case infeasible
        case unbounded
    }

    /// The equations, one sparse row each: `Σ coefficient · x[variable] = rightHandSide`.
    package struct Equation: Sendable {
        package var terms: [(variable: Int, coefficient: Double)]
        package var rightHandSide: Double

        package init(_ terms: [(variable: Int, coefficient: Double)], equals rightHandSide: Double) {
            self.terms = terms
            self.rightHandSide = rightHandSide
        }
    }

    package var objective: [Double]
    package var equations: [Equation]
    package var lower: [Double]
    package var upper: [Double]
    /// Variables that start at their (finite) upper bound rather than their lower one: a start from which each
    /// equation's own slack can be basic and feasible skips phase 1.
    package var startAtUpper: [Bool]
    /// Whether the equations' duals are wanted: without them, once no artificial is basic the simplex stops
    /// carrying the artificials' columns (`B⁻¹`), which is most of a wide program's work.
    package var wantsDuals = true

    package init(objective: [Double], equations: [Equation], lower: [Double], upper: [Double]) {
        precondition(lower.count == objective.count && upper.count == objective.count)
        self.objective = objective
        self.equations = equations
        self.lower = lower
        self.upper = upper
        startAtUpper = [Bool](repeating: false, count: objective.count)
    }

    package func minimise() -> Outcome {
        var session = Session(self)
        return session.minimise(objective)!
    }

    /// Several objectives minimised over the same equations and bounds, one after the other: phase 1 once, then
    /// each objective's phase 2 from the basis the one before it ended in, which stays feasible (only the costs
    /// change). The attacker's programs for every sensitive cell of a pattern are such a sequence.
    package struct Session {
        private var tableau: Tableau
        /// Nil while the equations are feasible, else the outcome of every objective.
        private let failed: Outcome?

        package init(_ program: LinearProgram) {
            tableau = Tableau(program)
            tableau.crash()
            if tableau.run(phase: 1) != .optimal {
                failed = .unbounded
            } else if tableau.artificialSum() > tableau.tolerance * Swift.max(1, tableau.scale) {
                failed = .infeasible
            } else {
                failed = nil
                tableau.startPhaseTwo()
            }
        }

        /// The minimum of `objective`; nil as soon as a feasible point reaches `enough` or below, when all that is
        /// asked is whether one does (the simplex's objective only falls, so it stops there).
        package mutating func minimise(_ objective: [Double], enough: Double = -.infinity) -> Outcome? {
            if let failed { return failed }
            tableau.objective = objective
            switch tableau.run(phase: 2, stopAt: enough) {
            case .unbounded: return .unbounded
            case .stopped: return nil
            case .optimal: return tableau.solution()
            }
        }

        /// The point the last `minimise` ended at: its optimum, or the first point it found reaching `enough`.
        package func point() -> [Double] { tableau.point() }
    }
}

/// The simplex's working state: the tableau `B⁻¹[A | I]` over the shifted variables `x - lower` and one
/// artificial per equation, the basic variables' values, and which bound each nonbasic variable sits at.
private struct Tableau {
    enum Step { case optimal, unbounded, stopped }

    let program: LinearProgram
    /// Phase 2's costs of the structural variables (the program's, or the objective a `Session` is at).
    var objective: [Double]
    /// Structural variables, then one artificial per row.
    let n: Int
    let m: Int
    var columns: Int { n + m }
    var cells: [Double]
    /// Upper bound of each (shifted) variable: `upper - lower` for a structural one, `∞` for an artificial in
    /// phase 1 and 0 in phase 2.
    var capacity: [Double]
    /// The sign each row was multiplied by so that its right-hand side is not negative.
    var rowSign: [Double]
    var basis: [Int]
    var value: [Double]
    var atUpper: [Bool]
    var cost: [Double]
    var reduced: [Double]
    /// Whether pivots update the artificials' columns (phase 1, or the duals wanted).
    var carriesArtificials = true
    let scale: Double
    let tolerance = 1e-9
    let pivotTolerance = 1e-7

    init(_ program: LinearProgram) {
        self.program = program
        objective = program.objective
        n = program.objective.count
        m = program.equations.count
        let width = n + m
        cells = [Double](repeating: 0, count: m * width)
        capacity = (0..<n).map { program.upper[$0] - program.lower[$0] } + [Double](repeating: .infinity, count: m)
        rowSign = [Double](repeating: 1, count: m)
        value = [Double](repeating: 0, count: m)
        var largest = 1.0
        for (row, equation) in program.equations.enumerated() {
            var rhs = equation.rightHandSide
            for term in equation.terms {
                let start = program.startAtUpper[term.variable] ? program.upper[term.variable] : program.lower[term.variable]
                rhs -= term.coefficient * start
                largest = Swift.max(largest, abs(term.coefficient))
            }
            let sign: Double = rhs < 0 ? -1 : 1
            rowSign[row] = sign
            for term in equation.terms { cells[row * width + term.variable] += sign * term.coefficient }
            cells[row * width + n + row] = 1
            value[row] = sign * rhs
            largest = Swift.max(largest, abs(rhs))
        }
        for j in 0..<n where program.upper[j].isFinite { largest = Swift.max(largest, abs(program.upper[j])) }
        scale = largest
        let structural = n
        basis = (0..<m).map { structural + $0 }
        atUpper = (0..<width).map { $0 < structural && program.startAtUpper[$0] }
        cost = [Double](repeating: 0, count: width)
        reduced = []
    }

    /// Replaces the artificial of each row by a variable of that row alone (a slack) wherever the slack's value
    /// there is within its bounds: a pivot on a unit column, so the tableau stays `B⁻¹[A | I]`.
    mutating func crash() {
        var rowsOf = [Int](repeating: 0, count: n)
        var onlyRow = [Int](repeating: -1, count: n)
        for (row, equation) in program.equations.enumerated() {
            for term in equation.terms where term.coefficient != 0 {
                rowsOf[term.variable] += 1
                onlyRow[term.variable] = row
            }
        }
        var taken = [Bool](repeating: false, count: m)
        for j in 0..<n where rowsOf[j] == 1 && !atUpper[j] {
            let row = onlyRow[j]
            let a = cells[row * columns + j]
            guard !taken[row], basis[row] >= n, abs(a) > pivotTolerance else { continue }
            let start = value[row] / a
            guard start >= 0, start <= capacity[j] else { continue }
            pivot(row: row, column: j)
            value[row] = start
            taken[row] = true
        }
    }

    func artificialSum() -> Double {
        (0..<m).reduce(0) { sum, row in basis[row] >= n ? sum + value[row] : sum }
    }

    /// Phase 2's costs and bounds: artificials may no longer move off zero, and any still basic (at zero, in a
    /// redundant row) is pivoted out where a structural column allows it.
    mutating func startPhaseTwo() {
        for row in 0..<m where basis[row] >= n {
            if let j = (0..<n).first(where: { !isBasic($0) && abs(cells[row * columns + $0]) > 1e-7 }) {
                // Degenerate pivot: the artificial is at zero, so the entering variable keeps its value.
                let entering = atUpper[j] ? capacity[j] : 0
                pivot(row: row, column: j)
                value[row] = entering
            }
        }
        for a in n..<columns { capacity[a] = 0; atUpper[a] = false }
        carriesArtificials = program.wantsDuals || basis.contains { $0 >= n }
    }

    func isBasic(_ j: Int) -> Bool { basis.contains(j) }

    mutating func setCosts(phase: Int) {
        cost = phase == 1 ? [Double](repeating: 0, count: n) + [Double](repeating: 1, count: m) : objective + [Double](repeating: 0, count: m)
        // Reduced costs: c_j − c_B · column j.
        reduced = cost
        for row in 0..<m {
            let cb = cost[basis[row]]
            if cb == 0 { continue }
            let base = row * columns
            for j in 0..<columns { reduced[j] -= cb * cells[base + j] }
        }
    }

    /// Runs the phase to its optimum, or until the objective reaches `stopAt` (phase 2 only).
    mutating func run(phase: Int, stopAt: Double = -.infinity) -> Step {
        setCosts(phase: phase)
        // The tableau's variables are shifted by their lower bounds: its objective is the program's less this.
        let shiftedStop = phase == 2 && stopAt.isFinite ? stopAt - zip(objective, program.lower).reduce(0) { $0 + $1.0 * $1.1 } : stopAt
        var basic = [Bool](repeating: false, count: columns)
        for j in basis { basic[j] = true }
        var stalled = 0
        var bland = false
        var lastObjective = Double.infinity
        let limit = 200 * (m + columns) + 10_000
        for _ in 0..<limit {
            // Once the objective stalls, Bland's rule to the end of the phase: it cannot cycle.
            bland = bland || stalled > 50
            // Entering: a nonbasic variable whose move away from its bound lowers the objective.
            var entering = -1
            var best = 0.0
            for j in 0..<columns where !basic[j] && capacity[j] > 0 {
                let d = reduced[j]
                let gain = atUpper[j] ? d : -d
                if gain > tolerance {
                    if bland { entering = j; break }
                    if gain > best { best = gain; entering = j }
                }
            }
            if entering < 0 { return .optimal }
            let increasing = !atUpper[entering]
            let direction: Double = increasing ? 1 : -1
            // Ratio test: the basic variables change by −direction · θ · column.
            var theta = capacity[entering]
            var leaving = -1
            var leavesAtUpper = false
            for row in 0..<m {
                let a = direction * cells[row * columns + entering]
                // A tiny pivot would amplify rounding error: such a row does not limit the step.
                guard abs(a) > pivotTolerance else { continue }
                let limit: Double
                if a > 0 {
                    limit = Swift.max(0, value[row] / a)
                } else if capacity[basis[row]].isFinite {
                    limit = Swift.max(0, (capacity[basis[row]] - value[row]) / -a)
                } else {
                    continue
                }
                let better =
                    limit < theta - tolerance
                    || (limit < theta + tolerance && leaving >= 0
                        && (bland ? basis[row] < basis[leaving] : abs(a) > abs(cells[leaving * columns + entering])))
                if better {
                    theta = limit
                    leaving = row
                    leavesAtUpper = a < 0
                }
            }
            if !theta.isFinite { return .unbounded }
            for row in 0..<m { value[row] -= direction * theta * cells[row * columns + entering] }
            if leaving < 0 {
                // The entering variable reaches its other bound first: no pivot.
                atUpper[entering].toggle()
            } else {
                let out = basis[leaving]
                let enteringValue = (atUpper[entering] ? capacity[entering] : 0) + direction * theta
                pivot(row: leaving, column: entering)
                value[leaving] = enteringValue
                basic[out] = false
                basic[entering] = true
                atUpper[out] = leavesAtUpper
                atUpper[entering] = false
            }
            let objective = currentObjective()
            if objective <= shiftedStop { return .stopped }
            if objective < lastObjective - tolerance * Swift.max(1, abs(lastObjective)) {
                stalled = 0
                lastObjective = objective
            } else {
                stalled += 1
            }
        }
        preconditionFailure("the simplex did not finish within its iteration limit")
    }

    func currentObjective() -> Double {
        var total = 0.0
        for row in 0..<m { total += cost[basis[row]] * value[row] }
        for j in 0..<columns where atUpper[j] { total += cost[j] * capacity[j] }
        return total
    }

    /// Pivots on `(row, column)`: the pivot row is usually sparse (a cut names few cells), so only its nonzero
    /// columns are eliminated from the other rows.
    mutating func pivot(row: Int, column: Int) {
        let width = columns
        let carried = carriesArtificials ? columns : n
        let rows = m
        var nonzero: [Int] = []
        cells.withUnsafeMutableBufferPointer { t in
            let base = row * width
            let p = t[base + column]
            for j in 0..<carried where t[base + j] != 0 {
                t[base + j] /= p
                nonzero.append(j)
            }
            for other in 0..<rows where other != row {
                let otherBase = other * width
                let factor = t[otherBase + column]
                if factor == 0 { continue }
                for j in nonzero { t[otherBase + j] -= factor * t[base + j] }
                t[otherBase + column] = 0
            }
        }
        if !reduced.isEmpty, reduced[column] != 0 {
            let factor = reduced[column]
            for j in nonzero { reduced[j] -= factor * cells[row * width + j] }
            reduced[column] = 0
        }
        basis[row] = column
    }

    /// The structural variables' values at the current basis.
    func point() -> [Double] {
        var x = (0..<n).map { atUpper[$0] ? capacity[$0] : 0 }
        for row in 0..<m where basis[row] < n { x[basis[row]] = value[row] }
        for j in 0..<n { x[j] += program.lower[j] }
        return x
    }

    func solution() -> LinearProgram.Outcome {
        let x = point()
        let value = zip(objective, x).reduce(0) { $0 + $1.0 * $1.1 }
        // y = c_B B⁻¹, where B⁻¹ is the artificials' columns (the identity at the start); undo the row signs.
        // Row by row, skipping the rows whose basic variable costs nothing: an attacker's objective names one cell.
        var duals = [Double](repeating: 0, count: program.wantsDuals ? m : 0)
        if !duals.isEmpty {
            for row in 0..<m where cost[basis[row]] != 0 {
                let cb = cost[basis[row]]
                let base = row * columns + n
                for i in 0..<m { duals[i] += cb * cells[base + i] }
            }
            for i in 0..<m { duals[i] *= rowSign[i] }
        }
        return .optimal(value: value, x: x, duals: duals)
    }
}
