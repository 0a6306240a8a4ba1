/// Secondary cell suppression: which cells of a table to withhold so that no sensitive cell can be recovered,
/// or narrowed below its protection, from the published cells and the table's equations (its margins), by an
/// attacker who solves linear programs and knows every cell is non-negative.
///
/// The model is Fischetti and Salazar-González's: a 0-1 variable per cell (suppress it), sensitive cells fixed
/// to 1, the number of cells minimised with ties broken by their total value; the attacker's problem for a
/// sensitive cell and a direction is `max ±z_k` over deviations `z` with `M z = 0`, `−a_i x_i ≤ z_i ≤ U x_i`,
/// and LP duality turns each optimal dual into a linear "capacity" cut `Σ_i (α_i U + β_i a_i) x_i ≥ protection`
/// that every protecting pattern satisfies. `solve` runs branch and cut on that model (a greedy pattern as the
/// first incumbent) and says whether it proved the optimum within its node limit or returns the best pattern
/// found, which `audit` has checked either way.
package struct CellSuppression: Sendable {
    /// How far below and above its value the attacker's feasible interval for a sensitive cell must reach.
    package struct Protection: Sendable, Equatable {
        package var below: Double
        package var above: Double

        package init(below: Double, above: Double) {
            self.below = below
            self.above = above
        }

        /// The default protection of a count above zero and below the minimum frequency: the attacker's interval
        /// must reach both zero and the minimum, so that it proves neither that the cell is below the minimum nor
        /// that anyone is in it. Nil for a count that needs none (zero cells are published as zero).
        package static func frequency(count: Double, minimum: Double) -> Protection? {
            count > 0 && count < minimum ? Protection(below: count, above: minimum - count) : nil
        }
    }

    /// One set of values over the table's cells — the counts, or the sums of a measure — with the protection
    /// of each of its sensitive cells. Every layer is protected by the same pattern.
    package struct Layer: Sendable {
        package var values: [Double]
        package var protection: [Int: Protection]

        package init(values: [Double], protection: [Int: Protection]) {
            self.values = values
            self.protection = protection
        }

        /// A layer of counts, each cell below the minimum frequency protected as `Protection.frequency` says.
        package init(counts: [Double], minimum: Double) {
            var protection: [Int: Protection] = [:]
            for (cell, count) in counts.enumerated() {
                protection[cell] = Protection.frequency(count: count, minimum: minimum)
            }
            self.init(values: counts, protection: protection)
        }
    }

    /// Whether branch and cut proved the pattern optimal (`exact`) or stopped at its node limit with the best
    /// pattern found, protecting every cell (`heuristic`): what a statistics release records.
    package typealias Method = StatisticsRelease.Method

    package struct Pattern: Sendable, Equatable {
        package var suppressed: [Bool]
        package var method: Method
        /// Branch-and-cut nodes visited, and the capacity cuts generated.
        package var nodes: Int
        package var cuts: Int
        /// The fewest cells a protecting pattern can suppress, as the search proved: the pattern's own count when
        /// it is exact, a lower bound from the relaxations left open when it is heuristic.
        package var leastCells: Int

        package var cells: [Int] { suppressed.indices.filter { suppressed[$0] } }
    }

    /// The feasible interval of a suppressed cell as the attacker computes it.
    package struct Interval: Sendable, Equatable {
        package var low: Double
        package var high: Double
    }

    package let cellCount: Int
    /// The table's equations, each `Σ coefficient · cell = 0` (a margin is its cells minus itself).
    package let equations: [[(cell: Int, coefficient: Double)]]
    package let layers: [Layer]
    /// The cost of suppressing each cell: 1, plus its share of the table's total value (less than 1 in all).
    package let weights: [Double]
    /// The attacker's a-priori upper bound on how far a cell can exceed its value: far beyond any total, so
    /// that it never binds where the true problem is unbounded.
    let reach: [Double]
    let tolerance = 1e-6

    package init(cellCount: Int, equations: [[(cell: Int, coefficient: Double)]], layers: [Layer]) {
        self.cellCount = cellCount
        self.equations = equations
        self.layers = layers
        let first = layers.first?.values ?? [Double](repeating: 0, count: cellCount)
        let total = first.reduce(0, +) + 1
        weights = first.map { 1 + $0 / total }
        reach = layers.map { layer in
            let protection = layer.protection.values.map { Swift.max($0.above, $0.below) }.max() ?? 0
            return 16 * (layer.values.reduce(0, +) + protection) + 1
        }
    }

    /// The sensitive cells of every layer.
    package var sensitive: [Int] {
        Array(Set(layers.flatMap { $0.protection.keys })).sorted()
    }

    /// The cost of a pattern: its number of cells, then their value.
    package func cost(_ suppressed: [Bool]) -> Double {
        suppressed.indices.reduce(0) { suppressed[$1] ? $0 + weights[$1] : $0 }
    }

    // MARK: - The attacker

    /// One capacity cut: `Σ coefficient · x ≥ bound`.
    struct Cut {
        var terms: [(cell: Int, coefficient: Double)]
        var bound: Double
    }

    /// The attacker's programs for one layer at one point `x` (each cell may move by its share `x` of its range):
    /// the equations and bounds made once, then solved for each cell and direction in turn (`LinearProgram.Session`).
    struct Attacker {
        let problem: CellSuppression
        let layer: Int
        /// The table's equations that name a free cell (x > 0), by their index in `problem.equations`.
        let rows: [Int]
        let index: [Int]
        let width: Int
        var session: LinearProgram.Session

        init(_ problem: CellSuppression, layer l: Int, x: [Double]) {
            self.problem = problem
            layer = l
            let values = problem.layers[l].values
            let free = (0..<problem.cellCount).filter { x[$0] > 1e-9 }
            var index = [Int](repeating: -1, count: problem.cellCount)
            for (i, cell) in free.enumerated() { index[cell] = i }
            var rows: [Int] = []
            var equations: [LinearProgram.Equation] = []
            for (e, equation) in problem.equations.enumerated() {
                let terms = equation.compactMap { term in
                    index[term.cell] >= 0 ? (variable: index[term.cell], coefficient: term.coefficient) : nil
                }
                if terms.isEmpty { continue }
                rows.append(e)
                equations.append(LinearProgram.Equation(terms, equals: 0))
            }
            self.rows = rows
            self.index = index
            width = free.count
            session = LinearProgram.Session(
                LinearProgram(
                    objective: [Double](repeating: 0, count: free.count), equations: equations,
                    lower: free.map { -values[$0] * x[$0] }, upper: free.map { problem.reach[l] * x[$0] }))
        }

        /// The attacker's best bound for `cell` in `direction` (+1: how far above its value, −1: how far below),
        /// and the cut its dual gives; nil as soon as the attacker is found to reach `enough` (the cell is protected
        /// that way, and the exact bound is not needed).
        mutating func attack(cell k: Int, direction: Double, enough: Double = .infinity) -> (reach: Double, cut: Cut)? {
            var objective = [Double](repeating: 0, count: width)
            objective[index[k]] = -direction
            guard let outcome = session.minimise(objective, enough: -enough) else { return nil }
            guard case .optimal(let value, _, let y) = outcome else {
                preconditionFailure("the attacker's program is feasible (no deviation) and bounded (finite ranges)")
            }
            // The dual of max ±z_k: d = ±e_k − Mᵀλ with λ = −y; α = d⁺ prices the upper ranges, β = d⁻ the lower.
            var d = [Double](repeating: 0, count: problem.cellCount)
            d[k] = direction
            for (row, e) in rows.enumerated() where y[row] != 0 {
                for term in problem.equations[e] { d[term.cell] += y[row] * term.coefficient }
            }
            let values = problem.layers[layer].values
            let reach = problem.reach[layer]
            let terms = (0..<problem.cellCount).compactMap { i -> (cell: Int, coefficient: Double)? in
                let c = d[i] > 0 ? d[i] * reach : -d[i] * values[i]
                return c > 1e-7 ? (cell: i, coefficient: c) : nil
            }
            return (-value, Cut(terms: terms, bound: 0))
        }
    }

    /// The attacker's feasible interval of every suppressed cell of `layer` under `suppressed` (the audit of
    /// a pattern): the lowest and highest value each can take given the published cells and the equations.
    package func intervals(layer l: Int, suppressed: [Bool]) -> [Int: Interval] {
        var attacker = Attacker(self, layer: l, x: suppressed.map { $0 ? 1.0 : 0.0 })
        var result: [Int: Interval] = [:]
        for k in 0..<cellCount where suppressed[k] {
            let up = attacker.attack(cell: k, direction: 1)!.reach
            let down = attacker.attack(cell: k, direction: -1)!.reach
            result[k] = Interval(low: layers[l].values[k] - down, high: layers[l].values[k] + up)
        }
        return result
    }

    /// Whether `suppressed` protects every sensitive cell of every layer (and suppresses each).
    package func protects(_ suppressed: [Bool]) -> Bool {
        violatedCuts(at: suppressed.map { $0 ? 1 : 0 }, firstOnly: true).isEmpty
            && sensitive.allSatisfy { suppressed[$0] }
    }

    /// The cuts the point `x` violates: one per sensitive cell, layer and direction the attacker can narrow.
    func violatedCuts(at x: [Double], firstOnly: Bool = false) -> [Cut] {
        var cuts: [Cut] = []
        // A suppressed cell whose equation has no other cell suppressed is recovered exactly from it: a sensitive
        // one is then unprotected, and a complementary one protects nothing and only adds to the cost. So every
        // optimal pattern has x_i ≤ Σ of the equation's other cells, for every cell and equation: cheap cuts that
        // the attacker's own cuts imply only one at a time.
        if !firstOnly {
            for equation in equations {
                let total = equation.reduce(0) { $0 + x[$1.cell] }
                for term in equation where x[term.cell] > total - x[term.cell] + 1e-6 {
                    var terms = equation.filter { $0.cell != term.cell }.map { (cell: $0.cell, coefficient: 1.0) }
                    terms.append((cell: term.cell, coefficient: -1))
                    cuts.append(Cut(terms: terms, bound: 0))
                }
            }
        }
        for (l, layer) in layers.enumerated() {
            var attacker: Attacker?
            for (k, protection) in layer.protection.sorted(by: { $0.key < $1.key }) {
                for (direction, needed) in [(1.0, protection.above), (-1.0, protection.below)] where needed > 0 {
                    if x[k] < 1 - 1e-9 { continue }
                    if attacker == nil { attacker = Attacker(self, layer: l, x: x) }
                    let enough = needed - tolerance * Swift.max(1, needed)
                    guard let (reach, cut) = attacker!.attack(cell: k, direction: direction, enough: enough) else { continue }
                    if reach < enough {
                        // A cell that alone meets the bound needs no larger coefficient (x is 0 or 1).
                        cuts.append(Cut(terms: cut.terms.map { ($0.cell, Swift.min($0.coefficient, needed)) }, bound: needed))
                        if firstOnly { return cuts }
                    }
                }
            }
        }
        return cuts
    }

    // MARK: - Solving

    /// The pattern of least cost that protects every sensitive cell: proved optimal by branch and cut when it
    /// finishes within `nodeLimit` nodes, else the best found.
    package func solve(nodeLimit: Int = 20_000, masterPivotLimit: Int? = nil) -> Pattern {
        var search = Search(problem: self, nodeLimit: nodeLimit, masterPivotLimit: masterPivotLimit)
        let greedy = greedyPattern(cuts: &search.cuts)
        search.incumbent = greedy
        search.incumbentCost = cost(greedy)
        let finished = search.run()
        let count = search.incumbent.filter { $0 }.count
        // A pattern's cost is its number of cells plus less than one.
        let least = finished ? count : Swift.max(Int((search.bound - 1e-9).rounded(.down)), sensitive.count)
        return Pattern(
            suppressed: search.incumbent, method: finished ? .exact : .heuristic, nodes: search.nodes, cuts: search.cuts.count,
            leastCells: least)
    }

    /// A protecting pattern found greedily: while some cut is violated, suppress its cheapest cells by cost per
    /// unit of coefficient until it holds; then release every complementary cell, dearest first, that the
    /// pattern does not need.
    func greedyPattern(cuts: inout [Cut]) -> [Bool] {
        var suppressed = [Bool](repeating: false, count: cellCount)
        for k in sensitive { suppressed[k] = true }
        while true {
            let violated = violatedCuts(at: suppressed.map { $0 ? 1 : 0 }, firstOnly: true)
            guard let cut = violated.first else { break }
            cuts.append(cut)
            var met = cut.terms.reduce(0) { suppressed[$1.cell] ? $0 + $1.coefficient : $0 }
            let candidates = cut.terms.filter { !suppressed[$0.cell] }
                .sorted { weights[$0.cell] / $0.coefficient < weights[$1.cell] / $1.coefficient }
            for candidate in candidates where met < cut.bound - tolerance {
                suppressed[candidate.cell] = true
                met += candidate.coefficient
            }
        }
        let sensitiveSet = Set(sensitive)
        for cell in (0..<cellCount).filter({ suppressed[$0] && !sensitiveSet.contains($0) }).sorted(by: { weights[$0] > weights[$1] }) {
            suppressed[cell] = false
            if !protects(suppressed) { suppressed[cell] = true }
        }
        return suppressed
    }

    /// Depth-first branch and cut over the cells' 0-1 variables, branching on the cell expected to raise the bound
    /// most (`choose`: reliability branching, strong branching until pseudocosts are trusted).
    struct Search {
        let problem: CellSuppression
        let nodeLimit: Int
        /// Every cut found (the pool).
        var cuts: [Cut] = []
        var incumbent: [Bool] = []
        var incumbentCost = Double.infinity
        var nodes = 0
        /// Once the search stops at its node limit, the least cost any protecting pattern can have.
        var bound = 0.0
        /// What branching on each cell has done to the bound so far.
        var pseudocosts: Pseudocosts

        /// The dual simplex pivots a master program may take per solve before the node falls back on the primal
        /// simplex (nil: `MasterProgram`'s own limit; tests set a small one to take the fallback).
        let masterPivotLimit: Int?

        init(problem: CellSuppression, nodeLimit: Int, masterPivotLimit: Int?) {
            self.problem = problem
            self.nodeLimit = nodeLimit
            self.masterPivotLimit = masterPivotLimit
            pseudocosts = Pseudocosts(cells: problem.cellCount)
        }

        /// Whether the search finished (the incumbent is then optimal). Each node continues from its parent's master
        /// program (`MasterProgram`): the branch first explored takes it over, the other a copy while the stack's
        /// copies stay within `copyBudget` cells of tableau, else it starts a new one from the pool's cuts.
        mutating func run() -> Bool {
            var fixed = [Int8](repeating: -1, count: problem.cellCount)
            for k in problem.sensitive { fixed[k] = 1 }
            var stack: [(fixed: [Int8], master: MasterProgram?, bound: Double, branch: Branch?)] = [(fixed, nil, 0, nil)]
            var copies = 0
            nodes: while let (fixings, saved, parentBound, branch) = stack.popLast() {
                nodes += 1
                if nodes > nodeLimit {
                    // What is left open bounds every pattern the search has not seen.
                    bound = Swift.min(incumbentCost, ([parentBound] + stack.map(\.bound)).min()!)
                    return false
                }
                if let saved { copies -= saved.size }
                var node = fixings
                var master = saved ?? fresh(node)
                guard var x = relax(&node, &master) else { continue }
                var relaxed = zip(problem.weights, x).reduce(0) { $0 + $1.0 * $1.1 }
                if let branch { pseudocosts.record(branch, gain: relaxed - parentBound) }
                var cell: Int
                while true {
                    switch choose(x, relaxed, master) {
                    case .integral:
                        let pattern = x.map { $0 > 0.5 }
                        let cost = problem.cost(pattern)
                        if cost < incumbentCost - 1e-9 { incumbent = pattern; incumbentCost = cost }
                        continue nodes
                    case .pruned:
                        continue nodes
                    case .fix(let settled, let value):
                        // One side of the cell holds nothing better than the incumbent: the node takes the other.
                        node[settled] = value
                        master.fix(settled, to: Double(value))
                        guard let again = relax(&node, &master) else { continue nodes }
                        x = again
                        relaxed = zip(problem.weights, x).reduce(0) { $0 + $1.0 * $1.1 }
                        continue
                    case .branch(let chosen):
                        cell = chosen
                    }
                    break
                }
                var off = node
                off[cell] = 0
                var on = node
                on[cell] = 1
                var published: MasterProgram?
                if copies + master.size <= Self.copyBudget {
                    published = master
                    published!.fix(cell, to: 0)
                    copies += master.size
                }
                master.fix(cell, to: 1)
                stack.append((off, published, relaxed, Branch(cell: cell, up: false, distance: x[cell])))
                stack.append((on, master, relaxed, Branch(cell: cell, up: true, distance: 1 - x[cell])))
            }
            return true
        }

        /// A branch taken: the cell, which way, and how far that moved it from the parent's relaxation.
        struct Branch {
            var cell: Int
            var up: Bool
            var distance: Double
        }

        /// How much a branch on each cell has raised the relaxation per unit it moved the cell, on average, down
        /// and up: what the search expects of a branch before it chooses one.
        struct Pseudocosts {
            var total: [[Double]]
            var count: [[Int]]

            init(cells: Int) {
                total = [[Double](repeating: 0, count: cells), [Double](repeating: 0, count: cells)]
                count = [[Int](repeating: 0, count: cells), [Int](repeating: 0, count: cells)]
            }

            mutating func record(_ branch: Branch, gain: Double) {
                guard branch.distance > 1e-6 else { return }
                let side = branch.up ? 1 : 0
                total[side][branch.cell] += Swift.max(0, gain) / branch.distance
                count[side][branch.cell] += 1
            }

            /// Whether both sides of a cell have been seen often enough to trust their averages.
            func reliable(_ cell: Int) -> Bool {
                Swift.min(count[0][cell], count[1][cell]) >= Search.reliability
            }

            /// The expected gain of branching on `cell` at `value`, down and up (the average of all cells where the
            /// cell has none).
            func expected(_ cell: Int, at value: Double) -> (down: Double, up: Double) {
                func average(_ side: Int) -> Double {
                    if count[side][cell] > 0 { return total[side][cell] / Double(count[side][cell]) }
                    let n = count[side].reduce(0, +)
                    return n > 0 ? total[side].reduce(0, +) / Double(n) : 1
                }
                return (average(0) * value, average(1) * (1 - value))
            }
        }

        /// What a node's relaxation leads to: a pattern (no cell fractional), nothing (both branches of a cell
        /// cannot beat the incumbent), a cell settled one way for the same reason, or the cell to branch on.
        enum Choice { case integral, pruned, fix(Int, Int8), branch(Int) }

        /// Strong branching until a cell's pseudocosts are reliable: the number of branches seen each way, the
        /// candidates tried per node, and the dual simplex pivots each trial may take.
        static let reliability = 4
        static let trials = 8
        static let trialPivots = 25

        /// A branching candidate's worth from its two expected gains: their product, neither below a small floor.
        static func score(_ down: Double, _ up: Double) -> Double {
            Swift.max(down, 1e-6) * Swift.max(up, 1e-6)
        }

        /// The cell to branch on at a relaxation `x` of cost `relaxed`: the fractional cell whose two branches are
        /// expected to raise the bound most (the product of the two gains), its expectation from pseudocosts where
        /// they are reliable, else from trying both branches on a copy of the node's master program for a few
        /// pivots (strong branching), which may also show that one side cannot beat the incumbent.
        mutating func choose(_ x: [Double], _ relaxed: Double, _ master: MasterProgram) -> Choice {
            let fractional = x.indices.filter { x[$0] > 1e-6 && x[$0] < 1 - 1e-6 }
            if fractional.isEmpty { return .integral }
            var best = -1
            var bestScore = -Double.infinity
            var untried: [Int] = []
            for cell in fractional {
                guard pseudocosts.reliable(cell) else { untried.append(cell); continue }
                let (down, up) = pseudocosts.expected(cell, at: x[cell])
                let score = Self.score(down, up)
                if score > bestScore { bestScore = score; best = cell }
            }
            untried.sort { abs(x[$0] - 0.5) < abs(x[$1] - 0.5) }
            for cell in untried.prefix(Self.trials) {
                let down = trial(master, cell, to: 0)
                let up = trial(master, cell, to: 1)
                if down == .infinity && up == .infinity { return .pruned }
                if down == .infinity { return .fix(cell, 1) }
                if up == .infinity { return .fix(cell, 0) }
                pseudocosts.record(Branch(cell: cell, up: false, distance: x[cell]), gain: down - relaxed)
                pseudocosts.record(Branch(cell: cell, up: true, distance: 1 - x[cell]), gain: up - relaxed)
                let score = Self.score(down - relaxed, up - relaxed)
                if score > bestScore { bestScore = score; best = cell }
            }
            // Every fractional cell is reliable, or the first untried one was tried: some cell has a score.
            return .branch(best)
        }

        /// The bound of the node's program with `cell` fixed, after a few dual simplex pivots (a lower bound on
        /// the branch's relaxation); infinity when that branch holds nothing better than the incumbent.
        func trial(_ master: MasterProgram, _ cell: Int, to value: Double) -> Double {
            var copy = master
            copy.fix(cell, to: value)
            switch copy.solve(giveUpAt: { [self] in cannotBeat($0) }, pivots: Self.trialPivots) {
            case .infeasible, .cannotBeat: return .infinity
            case .optimal, .stalled: return copy.objective
            }
        }

        /// The most tableau cells the stack's saved master programs may hold together (about 256 MB).
        static let copyBudget = 32_000_000

        /// A master program for a node: its fixings, and no cut yet (`relax` adds the pool's).
        func fresh(_ fixed: [Int8]) -> MasterProgram {
            var master = MasterProgram(weights: problem.weights, pivotLimit: masterPivotLimit)
            for (cell, f) in fixed.enumerated() where f >= 0 { master.fix(cell, to: Double(f)) }
            return master
        }

        /// The node's LP relaxation with every cut, adding cuts until its optimum violates none; nil when the node
        /// is infeasible or cannot beat the incumbent.
        mutating func relax(_ fixed: inout [Int8], _ master: inout MasterProgram) -> [Double]? {
            var inMaster = Set(master.cuts.filter { $0 >= 0 })
            if inMaster.isEmpty {
                for (id, cut) in cuts.enumerated() { master.add(cut, id: id); inMaster.insert(id) }
            }
            // Once the dual simplex stalls (degenerate pivots that do not end), the node's rounds solve its program
            // from scratch by the primal simplex, with the pool's cuts and the attacker's.
            var stalled = false
            while true {
                var x: [Double]
                if stalled {
                    guard let primal = solveMaster(fixed, cuts: Array(inMaster)) else { return nil }
                    x = primal
                } else {
                    switch master.solve(giveUpAt: { [self] in cannotBeat($0) }) {
                    case .infeasible, .cannotBeat: return nil
                    case .optimal: x = master.x
                    case .stalled:
                        stalled = true
                        continue
                    }
                }
                let cost = zip(problem.weights, x).reduce(0) { $0 + $1.0 * $1.1 }
                if cannotBeat(cost) { return nil }
                // The pool first (no program to solve), then the attacker.
                let fromPool = cuts.indices.filter { !inMaster.contains($0) && slack(cuts[$0], at: x) < -1e-6 }
                if !fromPool.isEmpty {
                    for id in fromPool { master.add(cuts[id], id: id); inMaster.insert(id) }
                    continue
                }
                let local = stalled ? [] : strengthened(fixed, at: x)
                if !local.isEmpty {
                    for cut in local { master.add(cut, id: -1) }
                    continue
                }
                let violated = problem.violatedCuts(at: x)
                if violated.isEmpty {
                    if !stalled {
                        // Cells whose reduced cost shows they cannot change without losing to the incumbent stay as
                        // they are in the node's subtree.
                        for (cell, value) in master.fixByReducedCost(cannotBeat: { [self] in cannotBeat($0) }) {
                            fixed[cell] = value
                        }
                        // Keep the master small: cuts that do not bind here leave it, and come back when violated.
                        master.dropSlackCuts()
                    }
                    return x
                }
                for cut in violated {
                    cuts.append(cut)
                    master.add(cut, id: cuts.count - 1)
                    inMaster.insert(cuts.count - 1)
                }
            }
        }

        /// The pool's covering cuts as the node's fixings strengthen them, where `x` violates them: the cells fixed
        /// to 1 meet part of the bound, and with x binary no open cell needs a coefficient beyond what remains. They
        /// hold in the node's subtree only, so they join its master program, not the pool.
        func strengthened(_ fixed: [Int8], at x: [Double]) -> [Cut] {
            var out: [Cut] = []
            for cut in cuts where cut.terms.allSatisfy({ $0.coefficient > 0 }) {
                let settled = cut.terms.reduce(0) { fixed[$1.cell] == 1 ? $0 + $1.coefficient : $0 }
                let bound = cut.bound - settled
                if bound <= 1e-9 { continue }
                let open = cut.terms.filter { fixed[$0.cell] == -1 }
                guard settled > 0 || open.contains(where: { $0.coefficient > bound }) else { continue }
                let terms = open.map { (cell: $0.cell, coefficient: Swift.min($0.coefficient, bound)) }
                if terms.reduce(0, { $0 + $1.coefficient * x[$1.cell] }) < bound - 1e-6 {
                    out.append(Cut(terms: terms, bound: bound))
                }
            }
            return out
        }

        func slack(_ cut: Cut, at x: [Double]) -> Double {
            cut.terms.reduce(-cut.bound) { $0 + $1.coefficient * x[$1.cell] }
        }

        /// Whether a subtree whose patterns cost at least `bound` holds none cheaper than the incumbent: a pattern's
        /// cost is its number of cells plus less than one, so a bound past the incumbent's count settles it.
        func cannotBeat(_ bound: Double) -> Bool {
            bound >= incumbentCost - 1e-9 || (bound - 1e-9).rounded(.down) > incumbentCost.rounded(.down)
        }

        /// min Σ w x over the cells some of `cuts` name (every other cell is 0 at the optimum), within the node's
        /// fixings, by the primal simplex from every cell suppressed: what a node falls back on when its dual simplex
        /// stalls.
        func solveMaster(_ fixed: [Int8], cuts ids: [Int]) -> [Double]? {
            var x = fixed.map { $0 == 1 ? 1.0 : 0.0 }
            var used: [Int] = []
            var column = [Int](repeating: -1, count: problem.cellCount)
            var equations: [LinearProgram.Equation] = []
            var pending: [(terms: [(Int, Double)], bound: Double)] = []
            for cut in ids.sorted().map({ cuts[$0] }) {
                let settled = cut.terms.reduce(0) { fixed[$1.cell] == 1 ? $0 + $1.coefficient : $0 }
                let bound = cut.bound - settled
                var open = cut.terms.filter { fixed[$0.cell] == -1 }.map { ($0.cell, $0.coefficient) }
                let covering = open.allSatisfy { $0.1 > 0 }
                if covering {
                    if bound <= 1e-9 { continue }
                    // With x binary, a coefficient beyond the bound adds nothing.
                    open = open.map { ($0.0, Swift.min($0.1, bound)) }
                }
                if open.reduce(0, { $0 + Swift.max(0, $1.1) }) < bound - 1e-9 { return nil }
                if open.isEmpty { continue }
                pending.append((open, bound))
                for (cell, _) in open where column[cell] < 0 {
                    column[cell] = used.count
                    used.append(cell)
                }
            }
            if pending.isEmpty { return x }
            let slacks = pending.count
            for (row, cut) in pending.enumerated() {
                var terms = cut.terms.map { (variable: column[$0.0], coefficient: $0.1) }
                terms.append((variable: used.count + row, coefficient: -1))
                equations.append(LinearProgram.Equation(terms, equals: cut.bound))
            }
            var program = LinearProgram(
                objective: used.map { problem.weights[$0] } + [Double](repeating: 0, count: slacks), equations: equations,
                lower: [Double](repeating: 0, count: used.count + slacks),
                upper: [Double](repeating: 1, count: used.count) + [Double](repeating: .infinity, count: slacks))
            // Every cell suppressed satisfies every cut the node has not found infeasible: each cut's slack is then a
            // feasible basic variable, and there is no phase 1.
            program.startAtUpper = [Bool](repeating: true, count: used.count) + [Bool](repeating: false, count: slacks)
            program.wantsDuals = false
            guard case .optimal(_, let solution, _) = program.minimise() else { return nil }
            for (i, cell) in used.enumerated() { x[cell] = Swift.min(1, Swift.max(0, solution[i])) }
            return x
        }
    }
}
