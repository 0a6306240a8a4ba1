/// Secondary cell suppression: which cells of a table to withhold so that no sensitive cell can be recovered,
/// or narrowed below its protection, from the published cells and the table's equations (its margins), by an
/// attacker who solves linear programs and knows every cell is non-negative.
///
/// The model is Fischetti and Salazar-González's: a 0-1 variable per cell (suppress it), sensitive cells fixed
/// to 1, the number of cells minimised with ties broken by their total value; the attacker's problem for a
/// sensitive cell and a direction is `max ±z_k` over deviations `z` with `M z = 0`, `−a_i x_i ≤ z_i ≤ U x_i`,
/// and LP duality turns each optimal dual into a linear "capacity" cut `Σ_i (α_i U + β_i a_i) x_i ≥ protection`
/// that every protecting pattern satisfies. `solve` runs branch and cut on that model (a greedy pattern as the
/// first incumbent, then one the root's relaxation guides) and says whether it proved the optimum within its node
/// limit or returns the best pattern found, which `audit` has checked either way.
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
        /// that anyone is in it — or, for a count the attacker knows is at least `floor` (a category's total: the
        /// category is in the table because someone is in it), that least count. Nil for a count that needs none
        /// (zero cells are published as zero).
        package static func frequency(count: Double, minimum: Double, floor: Double = 0) -> Protection? {
            count > 0 && count < minimum ? Protection(below: count - floor, above: minimum - count) : nil
        }
    }

    /// One set of values over the table's cells — the counts, or the sums of a measure — with the protection
    /// of each of its sensitive cells. Every layer is protected by the same pattern.
    package struct Layer: Sendable {
        package var values: [Double]
        package var protection: [Int: Protection]
        /// The least value the attacker knows a cell holds, where it is above zero.
        package var floors: [Int: Double]

        package init(values: [Double], protection: [Int: Protection], floors: [Int: Double] = [:]) {
            self.values = values
            self.protection = protection
            self.floors = floors
        }

        /// A layer of counts, each cell below the minimum frequency protected as `Protection.frequency` says.
        package init(counts: [Double], minimum: Double, floors: [Int: Double] = [:]) {
            var protection: [Int: Protection] = [:]
            for (cell, count) in counts.enumerated() {
                protection[cell] = Protection.frequency(count: count, minimum: minimum, floor: floors[cell] ?? 0)
            }
            self.init(values: counts, protection: protection, floors: floors)
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
    /// The cells never published, which the attacker does not see (a table's margins when it is published without
    /// them): always withheld, at no cost, and never protected.
    package let unpublished: Set<Int>
    /// The table's equations, each `Σ coefficient · cell = 0` (a margin is its cells minus itself).
    package let equations: [[(cell: Int, coefficient: Double)]]
    package let layers: [Layer]
    /// The cost of suppressing each cell: 1, plus its share of the table's total value (less than 1 in all).
    package let weights: [Double]
    /// The attacker's a-priori upper bound on how far a cell can exceed its value: far beyond any total, so
    /// that it never binds where the true problem is unbounded.
    let reach: [Double]
    /// Per layer, how far below its value the attacker may take each cell: down to its floor.
    let headroom: [[Double]]
    let tolerance = 1e-6

    package init(
        cellCount: Int, equations: [[(cell: Int, coefficient: Double)]], layers: [Layer], unpublished: Set<Int> = []
    ) {
        precondition(layers.allSatisfy { Set($0.protection.keys).isDisjoint(with: unpublished) }, "an unpublished cell needs no protection")
        self.cellCount = cellCount
        self.equations = equations
        self.layers = layers
        self.unpublished = unpublished
        let first = layers.first?.values ?? [Double](repeating: 0, count: cellCount)
        let total = first.reduce(0, +) + 1
        weights = first.indices.map { unpublished.contains($0) ? 0 : 1 + first[$0] / total }
        reach = layers.map { layer in
            let protection = layer.protection.values.map { Swift.max($0.above, $0.below) }.max() ?? 0
            return 16 * (layer.values.reduce(0, +) + protection) + 1
        }
        headroom = layers.map { layer in layer.values.indices.map { layer.values[$0] - (layer.floors[$0] ?? 0) } }
    }

    /// The sensitive cells of every layer.
    package var sensitive: [Int] {
        Array(Set(layers.flatMap { $0.protection.keys })).sorted()
    }

    /// The cells every pattern withholds: the sensitive and the unpublished.
    package var withheld: [Int] { (sensitive + unpublished).sorted() }

    /// The most memory the attacker's program may take. It is dense (`LinearProgram`'s tableau: a row per equation
    /// that names a cell the attacker may move, a column per such cell and per row, eight bytes each), so a table
    /// whose rules withhold tens of thousands of cells (a raw birth date as a dimension) would take gigabytes.
    package static let attackerBudget = 256 << 20

    /// The bytes of the attacker's programs over the cells every pattern withholds, one per layer with a sensitive
    /// cell (they are kept side by side): the least that protecting the table takes (the greedy pattern and the
    /// search move more cells as they suppress more).
    package var leastAttackerBytes: Int {
        let withheld = Set(self.withheld)
        let rows = equations.filter { $0.contains { withheld.contains($0.cell) } }.count
        let attackers = layers.filter { !$0.protection.isEmpty }.count
        return attackers * rows * (withheld.count + rows) * MemoryLayout<Double>.stride
    }

    /// The cost of a pattern: its number of published cells withheld, then their value.
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
        /// The free cells, and each cell's position among them (−1: not free).
        let free: [Int]
        let index: [Int]
        var session: LinearProgram.Session

        init(_ problem: CellSuppression, layer l: Int, x: [Double]) {
            self.problem = problem
            layer = l
            let headroom = problem.headroom[l]
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
            self.free = free
            self.index = index
            session = LinearProgram.Session(
                LinearProgram(
                    objective: [Double](repeating: 0, count: free.count), equations: equations,
                    lower: free.map { -headroom[$0] * x[$0] }, upper: free.map { problem.reach[l] * x[$0] }))
        }

        /// The attacker's best bound for `cell` in `direction` (+1: how far above its value, −1: how far below),
        /// and the cut its dual gives; nil as soon as the attacker is found to reach `enough` (the cell is protected
        /// that way, and the exact bound is not needed).
        mutating func attack(cell k: Int, direction: Double, enough: Double = .infinity) -> (reach: Double, cut: Cut)? {
            var objective = [Double](repeating: 0, count: free.count)
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
            let headroom = problem.headroom[layer]
            let reach = problem.reach[layer]
            let terms = (0..<problem.cellCount).compactMap { i -> (cell: Int, coefficient: Double)? in
                let c = d[i] > 0 ? d[i] * reach : -d[i] * headroom[i]
                return c > 1e-7 ? (cell: i, coefficient: c) : nil
            }
            return (-value, Cut(terms: terms, bound: 0))
        }

        /// The cells the last attack moved: where it stopped is a witness that the cell is protected that way, and
        /// stays one for as long as every cell it moves is suppressed.
        func moved() -> [Int] {
            let z = session.point()
            return free.indices.compactMap { z[$0] != 0 ? free[$0] : nil }
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

    /// Whether `suppressed` protects every sensitive cell of every layer (and withholds each, and every unpublished
    /// cell).
    package func protects(_ suppressed: [Bool]) -> Bool {
        attackerCuts(at: suppressed.map { $0 ? 1 : 0 }, firstOnly: true).isEmpty
            && withheld.allSatisfy { suppressed[$0] }
    }

    /// The cuts the point `x` violates: the equations' and the attacker's.
    func violatedCuts(at x: [Double]) -> [Cut] {
        equationCuts(at: x) + attackerCuts(at: x)
    }

    /// A suppressed cell whose equation has no other cell suppressed is recovered exactly from it: a sensitive one
    /// is then unprotected, and a complementary one protects nothing and only adds to the cost. So every optimal
    /// pattern has x_i ≤ Σ of the equation's other cells, for every cell and equation: cheap cuts that the
    /// attacker's own cuts imply only one at a time. (Not for an unpublished cell: it is withheld anyway.) These,
    /// where `x` violates them.
    func equationCuts(at x: [Double]) -> [Cut] {
        var cuts: [Cut] = []
        for equation in equations {
            let total = equation.reduce(0) { $0 + x[$1.cell] }
            for term in equation where !unpublished.contains(term.cell) && x[term.cell] > total - x[term.cell] + 1e-6 {
                var terms = equation.filter { $0.cell != term.cell }.map { (cell: $0.cell, coefficient: 1.0) }
                terms.append((cell: term.cell, coefficient: -1))
                cuts.append(Cut(terms: terms, bound: 0))
            }
        }
        return cuts
    }

    /// Two equations that share one cell, or one equation, holding two or more sensitive cells besides that shared
    /// cell (the corner): in a three-way table, two lines of a plane that cross, or one line. Where no other cell
    /// of theirs is suppressed, their sensitive cells can only deviate together, through the corner: a cell that
    /// must deviate further than another can follow is then narrowed (a count of 2 cannot fall by the 9 a count
    /// of 9 on the line must be able to fall by), whatever else is suppressed.
    package struct Crossing {
        /// The equations, by their index in `equations` (one when the crossing is one equation).
        var equations: [Int]
        /// The equations' cells other than the corner and the withheld cells.
        package var zone: [Int]
        package var corner: Int?
        /// The threats to the sensitive cells the equations hold, the corner aside.
        var threats: [Threat]
        /// Whether a pattern needs two cells among the zone and the corner, not one (`crossingsNeedingTheirZone`).
        package var needsTwo = false
    }

    /// Every crossing of a table where some cell is in three or more equations (three or more dimensions), by
    /// their equations in order, given the withheld cells and the threats. A two-way table has none: there the
    /// attacker's cuts alone nearly always make the root's relaxation integral, and a crossing's cut (a row and a
    /// column) is long.
    func crossings(kept: Set<Int>, threats: [Threat]) -> [Crossing] {
        var through = [[Int]](repeating: [], count: cellCount)
        for (e, equation) in equations.enumerated() { for term in equation { through[term.cell].append(e) } }
        guard through.contains(where: { $0.count >= 3 }) else { return [] }
        let sensitive = Set(threats.map(\.cell))
        let cells = equations.map { Set($0.map(\.cell)) }
        func crossing(_ a: Int, _ b: Int, at corner: Int?) -> Crossing? {
            let union = cells[a].union(cells[b])
            let named = union.filter { $0 != corner && sensitive.contains($0) }
            let zone = union.filter { $0 != corner && !kept.contains($0) }.sorted()
            guard named.count >= 2, !zone.isEmpty else { return nil }
            return Crossing(
                equations: Array(Set([a, b])).sorted(), zone: zone, corner: corner,
                threats: threats.filter { named.contains($0.cell) })
        }
        var found = equations.indices.compactMap { crossing($0, $0, at: nil) }
        for corner in 0..<cellCount {
            for (i, a) in through[corner].enumerated() {
                for b in through[corner][(i + 1)...] where cells[a].intersection(cells[b]).count == 1 {
                    if let crossing = crossing(a, b, at: corner) { found.append(crossing) }
                }
            }
        }
        return found
    }

    /// The crossings whose zone every protecting pattern suppresses a cell of: those where the attacker narrows a
    /// sensitive cell with every cell but the zone suppressed (fewer cells suppressed only help the attacker). The
    /// attacker is asked over the crossing's own equations and the cells they keep (a few variables): a relaxation
    /// of the whole table's program, so a cell it narrows the whole attacker narrows too.
    ///
    /// Such a crossing of two equations `needsTwo` cells among its zone and its corner when the corner is not
    /// withheld and each equation needs a cell besides its withheld ones — it holds one withheld cell, a sensitive
    /// one, which alone in its equation would be recovered exactly, or it is itself a crossing that needs its zone:
    /// the corner alone leaves the zone empty, and a zone cell alone is in one equation only, leaving the other
    /// without a cell besides its withheld ones.
    package var crossingsNeedingTheirZone: [Crossing] {
        let kept = Set(withheld)
        let threats = self.threats
        let sensitive = Set(threats.map(\.cell))
        var needing = crossings(kept: kept, threats: threats).filter(needsItsZone)
        var another = equations.map { equation in
            let withheld = equation.filter { kept.contains($0.cell) }
            return withheld.count == 1 && sensitive.contains(withheld[0].cell)
        }
        for crossing in needing where crossing.corner == nil { another[crossing.equations[0]] = true }
        for i in needing.indices {
            guard let corner = needing[i].corner, !kept.contains(corner) else { continue }
            needing[i].needsTwo = needing[i].equations.allSatisfy { another[$0] }
        }
        return needing
    }

    /// Whether the attacker over `crossing`'s own equations narrows one of its sensitive cells when its zone is not
    /// suppressed.
    func needsItsZone(_ crossing: Crossing) -> Bool {
        let zone = Set(crossing.zone)
        let cells = Array(Set(crossing.equations.flatMap { equations[$0].map(\.cell) }).subtracting(zone)).sorted()
        var index: [Int: Int] = [:]
        for (i, cell) in cells.enumerated() { index[cell] = i }
        let rows = crossing.equations.map { e in
            LinearProgram.Equation(equations[e].compactMap { term in index[term.cell].map { ($0, term.coefficient) } }, equals: 0)
        }
        return crossing.threats.contains { threat in
            var objective = [Double](repeating: 0, count: cells.count)
            objective[index[threat.cell]!] = -threat.direction
            let program = LinearProgram(
                objective: objective, equations: rows, lower: cells.map { -headroom[threat.layer][$0] },
                upper: cells.map { _ in reach[threat.layer] })
            guard case .optimal(let value, _, _) = program.minimise() else { return false }
            return -value < threat.needed - tolerance * Swift.max(1, threat.needed)
        }
    }

    /// The cuts of the crossings that need their zone: `Σ zone ≥ 1`, and `Σ zone + corner ≥ 2` where two are needed.
    var crossingCuts: [Cut] {
        crossingsNeedingTheirZone.flatMap { crossing -> [Cut] in
            let one = Cut(terms: crossing.zone.map { (cell: $0, coefficient: 1) }, bound: 1)
            guard crossing.needsTwo, let corner = crossing.corner else { return [one] }
            return [one, Cut(terms: (crossing.zone + [corner]).sorted().map { (cell: $0, coefficient: 1) }, bound: 2)]
        }
    }

    /// One way the attacker may narrow a sensitive cell: its layer, the cell, and the direction (+1: above its
    /// value, −1: below), with how far the attacker's interval must reach that way.
    struct Threat {
        var layer: Int
        var cell: Int
        var direction: Double
        var needed: Double
    }

    /// Every threat, layer by layer.
    var threats: [Threat] {
        layers.indices.flatMap { l in
            layers[l].protection.sorted(by: { $0.key < $1.key }).flatMap { k, protection in
                [Threat(layer: l, cell: k, direction: 1, needed: protection.above),
                 Threat(layer: l, cell: k, direction: -1, needed: protection.below)].filter { $0.needed > 0 }
            }
        }
    }

    /// Attacks `threat` with the attacker of its layer (made at `x` when there is none yet): the cut that shows the
    /// attacker narrows the cell below its protection, or nil when it does not.
    func attack(_ threat: Threat, _ attackers: inout [Attacker?], at x: [Double]) -> Cut? {
        if attackers[threat.layer] == nil { attackers[threat.layer] = Attacker(self, layer: threat.layer, x: x) }
        let enough = threat.needed - tolerance * Swift.max(1, threat.needed)
        guard let (reach, cut) = attackers[threat.layer]!.attack(cell: threat.cell, direction: threat.direction, enough: enough),
            reach < enough
        else { return nil }
        // A cell that alone meets the bound needs no larger coefficient (x is 0 or 1).
        return Cut(terms: cut.terms.map { ($0.cell, Swift.min($0.coefficient, threat.needed)) }, bound: threat.needed)
    }

    /// The attacker's cuts the point `x` violates: one per sensitive cell suppressed, layer and direction the
    /// attacker can narrow.
    func attackerCuts(at x: [Double], firstOnly: Bool = false) -> [Cut] {
        var cuts: [Cut] = []
        var attackers = [Attacker?](repeating: nil, count: layers.count)
        for threat in threats where x[threat.cell] >= 1 - 1e-9 {
            guard let cut = attack(threat, &attackers, at: x) else { continue }
            cuts.append(cut)
            if firstOnly { break }
        }
        return cuts
    }

    // MARK: - Solving

    /// The pattern of least cost that protects every sensitive cell: proved optimal by branch and cut when it
    /// finishes within `nodeLimit` nodes, else the best found.
    package func solve(nodeLimit: Int = 20_000, masterPivotLimit: Int? = nil) -> Pattern {
        var search = Search(problem: self, nodeLimit: nodeLimit, masterPivotLimit: masterPivotLimit)
        search.offer(greedyPattern(cuts: &search.cuts))
        search.cuts += crossingCuts
        let finished = search.run()
        let count = search.incumbent.indices.filter { search.incumbent[$0] && !unpublished.contains($0) }.count
        // A pattern's cost is its number of published cells plus less than one.
        let least = finished ? count : Swift.max(Int((search.bound - 1e-9).rounded(.down)), sensitive.count)
        return Pattern(
            suppressed: search.incumbent, method: finished ? .exact : .heuristic, nodes: search.nodes, cuts: search.cuts.count,
            leastCells: least)
    }

    /// A protecting pattern found greedily: while the attacker narrows a sensitive cell, suppress the cheapest cells
    /// of its cut, by price (the cells' weights unless `prices` says otherwise) per unit of coefficient, until the cut
    /// holds; then `released`. The cuts it finds join `cuts`.
    func greedyPattern(cuts: inout [Cut], prices: [Double]? = nil) -> [Bool] {
        let price = prices ?? weights
        var suppressed = [Bool](repeating: false, count: cellCount)
        for k in withheld { suppressed[k] = true }
        /// Suppresses the cut's cheapest cells until it holds: whether it took any.
        func cover(_ cut: Cut) -> Bool {
            var covered = met(cut, by: suppressed)
            let candidates = cut.terms.filter { !suppressed[$0.cell] }
                .sorted { price[$0.cell] / $0.coefficient < price[$1.cell] / $1.coefficient }
            var took = false
            for candidate in candidates where covered < cut.bound - tolerance {
                suppressed[candidate.cell] = true
                covered += candidate.coefficient
                took = true
            }
            return took
        }
        // The threats in turn, each attacked at the pattern as it is then; a cut found is covered and its threat
        // attacked again. A threat the attacker fails stays failed as the pattern grows, so none before it is
        // attacked again, and once the last one fails the pattern protects every cell.
        let threats = self.threats
        var next = 0
        covering: while true {
            while next < threats.count {
                var attackers = [Attacker?](repeating: nil, count: layers.count)
                let x = suppressed.map { $0 ? 1.0 : 0 }
                var found: Cut?
                while next < threats.count, found == nil {
                    found = attack(threats[next], &attackers, at: x)
                    if found == nil { next += 1 }
                }
                guard let cut = found else { break }
                cuts.append(cut)
                // A cut whose every cell is suppressed already cannot be met by suppressing more: the threat is left
                // to the pass below rather than attacked again for ever.
                if !cover(cut) { next += 1 }
            }
            // Every threat once more, at the whole pattern: rounding may let an earlier attack pass what a later one
            // fails; such a cut is covered and the covering goes on from there. A cut already met leaves the threat
            // no witness, so every release attacks it again.
            var witnesses: [[Int]] = []
            for (t, attack) in attacks(suppressed).enumerated() {
                switch attack {
                case .fails(let witness):
                    witnesses.append(witness)
                case .narrows(let cut):
                    cuts.append(cut)
                    if cover(cut) {
                        next = t
                        continue covering
                    }
                    witnesses.append(Array(0..<cellCount))
                }
            }
            return released(suppressed, witnesses: witnesses, known: cuts)
        }
    }

    /// How much of `cut` a pattern meets.
    func met(_ cut: Cut, by suppressed: [Bool]) -> Double {
        cut.terms.reduce(0) { suppressed[$1.cell] ? $0 + $1.coefficient : $0 }
    }

    /// One threat attacked at a pattern: the attacker fails, and where it stopped is a witness (the cells it moved:
    /// the threat stays failed for as long as every one of them stays suppressed); or it narrows the cell, by a cut.
    enum Attack {
        case fails(witness: [Int])
        case narrows(Cut)
    }

    /// Every threat attacked at a pattern, in turn.
    func attacks(_ suppressed: [Bool]) -> [Attack] {
        var attackers = [Attacker?](repeating: nil, count: layers.count)
        let x = suppressed.map { $0 ? 1.0 : 0 }
        return threats.map { threat in
            if let cut = attack(threat, &attackers, at: x) { return .narrows(cut) }
            return .fails(witness: attackers[threat.layer]!.moved())
        }
    }

    /// A protecting pattern with every complementary cell it does not need published again, dearest first. A
    /// release re-attacks only the threats whose witnesses (`witnesses`, found here when nil) move the cell
    /// released; a cut already `known` that the release violates settles it without an attack.
    func released(_ pattern: [Bool], witnesses given: [[Int]]? = nil, known: [Cut] = []) -> [Bool] {
        var suppressed = pattern
        let threats = self.threats
        var witnesses = given ?? attacks(suppressed).map { attack in
            if case .fails(let witness) = attack { witness } else { Array(0..<cellCount) }
        }
        // The cuts a release meets settle later releases too.
        var known = known
        let kept = Set(withheld)
        for cell in (0..<cellCount).filter({ suppressed[$0] && !kept.contains($0) }).sorted(by: { weights[$0] > weights[$1] }) {
            suppressed[cell] = false
            if known.contains(where: { cut in cut.terms.contains { $0.cell == cell } && met(cut, by: suppressed) < cut.bound - tolerance }) {
                suppressed[cell] = true
                continue
            }
            var renewed: [(Int, [Int])] = []
            var attackers = [Attacker?](repeating: nil, count: layers.count)
            let x = suppressed.map { $0 ? 1.0 : 0 }
            for t in threats.indices where witnesses[t].contains(cell) {
                if let cut = attack(threats[t], &attackers, at: x) {
                    known.append(cut)
                    suppressed[cell] = true
                    break
                }
                renewed.append((t, attackers[threats[t].layer]!.moved()))
            }
            if !suppressed[cell] { for (t, moved) in renewed { witnesses[t] = moved } }
        }
        return suppressed
    }
}
