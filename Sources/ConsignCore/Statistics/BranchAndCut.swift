extension CellSuppression {
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
            for k in problem.withheld { fixed[k] = 1 }
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
                // A fractional root: an integral one is the optimum already.
                if nodes == 1, x.contains(where: Self.isFractional) { offer(guidedPattern(x)) }
                var cell: Int
                while true {
                    switch choose(x, relaxed, master) {
                    case .integral:
                        // Branching may have fixed a cell the rest of the pattern makes needless.
                        offer(problem.released(x.map { $0 > 0.5 }, known: cuts))
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

        /// Takes a protecting pattern as the incumbent when it costs less.
        mutating func offer(_ pattern: [Bool]) {
            let cost = problem.cost(pattern)
            if cost < incumbentCost - 1e-9 { incumbent = pattern; incumbentCost = cost }
        }

        /// The greedy pattern again, each cell priced by its weight times how far the root's relaxation `x` leaves
        /// it from suppressed (and a twentieth beside): where the first greedy covers each cut with its cheapest
        /// cells one cut at a time, the relaxation has weighed every cut at once. On dense three-way tables it
        /// starts the search 4–28 cells below the first greedy (68 against 86 on a 6×6×6 table). Its cuts stay out
        /// of the pool, which keeps the search's trees as they were.
        func guidedPattern(_ x: [Double]) -> [Bool] {
            var found: [Cut] = []
            return problem.greedyPattern(cuts: &found, prices: zip(problem.weights, x).map { $0 * (1.05 - $1) })
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

        /// Whether a cell's value in a relaxation is neither 0 nor 1.
        static func isFractional(_ value: Double) -> Bool { value > 1e-6 && value < 1 - 1e-6 }

        /// A branching candidate's worth from its two expected gains: their product, neither below a small floor.
        static func score(_ down: Double, _ up: Double) -> Double {
            Swift.max(down, 1e-6) * Swift.max(up, 1e-6)
        }

        /// The cell to branch on at a relaxation `x` of cost `relaxed`: the fractional cell whose two branches are
        /// expected to raise the bound most (the product of the two gains), its expectation from pseudocosts where
        /// they are reliable, else from trying both branches on a copy of the node's master program for a few
        /// pivots (strong branching), which may also show that one side cannot beat the incumbent.
        mutating func choose(_ x: [Double], _ relaxed: Double, _ master: MasterProgram) -> Choice {
            let fractional = x.indices.filter { Self.isFractional(x[$0]) }
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
            // One pass per cut decides whether its strengthened form is violated; only those are built.
            for cut in cuts {
                var settled = 0.0
                var covering = true
                for term in cut.terms {
                    if term.coefficient <= 0 { covering = false; break }
                    if fixed[term.cell] == 1 { settled += term.coefficient }
                }
                let bound = cut.bound - settled
                guard covering, bound > 1e-9 else { continue }
                var clipped = settled > 0
                var covered = 0.0
                for term in cut.terms where fixed[term.cell] == -1 {
                    if term.coefficient > bound { clipped = true }
                    covered += Swift.min(term.coefficient, bound) * x[term.cell]
                }
                guard clipped, covered < bound - 1e-6 else { continue }
                let terms = cut.terms.filter { fixed[$0.cell] == -1 }.map { (cell: $0.cell, coefficient: Swift.min($0.coefficient, bound)) }
                out.append(Cut(terms: terms, bound: bound))
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
