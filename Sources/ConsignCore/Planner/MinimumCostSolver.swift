/// The exact solver behind the planner: choose one option for every need so that the cost of the union
/// of the forms chosen is minimal (a weighted hitting-set problem, NP-hard in general), breaking ties
/// as DESIGN says. Branch and bound over the needs with a lower bound that is sound for this cost: the
/// cost of a set of forms is the sum over its fields of the field's weight when the field is sent as
/// `keep` (its derived forms then cost nothing), else of its derived forms' weights.
///
/// The solver sees only integers; the planner maps documents onto it and back.
public struct MinimumCostSolver: Sendable {
    /// One field form as the solver sees it.
    public struct Form: Sendable, Equatable {
        /// Index of the field the form belongs to.
        public var field: Int
        public var isKeep: Bool
        public var weight: Int
        /// 0 none, 1 quasi, 2 direct.
        public var identifiability: Int
        /// Rank of the form's id among all forms' ids in sorted order (the last tie-break).
        public var rank: Int

        public init(field: Int, isKeep: Bool, weight: Int, identifiability: Int, rank: Int) {
            self.field = field
            self.isKeep = isKeep
            self.weight = weight
            self.identifiability = identifiability
            self.rank = rank
        }
    }

    /// The best choice found, and how hard it was to prove.
    public struct Solution: Sendable, Equatable {
        /// For every need, the index of its chosen option.
        public var choice: [Int]
        public var cost: Int
        /// Distinct forms sent, sorted by rank.
        public var forms: [Int]
        /// Search nodes visited.
        public var nodes: Int
    }

    public let forms: [Form]
    /// For every need, its options; every option a list of form indices.
    public let needs: [[[Int]]]
    let fieldCount: Int

    public init(forms: [Form], needs: [[[Int]]]) {
        self.forms = forms
        self.needs = needs.map { $0.map { Array(Set($0)).sorted() } }
        fieldCount = (forms.map(\.field).max() ?? -1) + 1
    }

    /// The cost of a set of forms (each index at most once), exactly as DESIGN defines it.
    public func cost(of set: [Int]) -> Int {
        var keep = Set<Int>()
        for f in set where forms[f].isKeep { keep.insert(forms[f].field) }
        return set.reduce(0) { total, f in
            forms[f].isKeep || !keep.contains(forms[f].field) ? total + forms[f].weight : total
        }
    }

    /// The tie-break key of a set of forms: cost, then fewer forms, then the lower highest
    /// identifiability, then the sorted form ids.
    func key(of set: [Int]) -> Key {
        Key(
            cost: cost(of: set), count: set.count, highest: set.map { forms[$0].identifiability }.max() ?? -1,
            ranks: set.map { forms[$0].rank }.sorted())
    }

    struct Key: Comparable {
        var cost: Int
        var count: Int
        var highest: Int
        var ranks: [Int]

        static func < (a: Key, b: Key) -> Bool {
            if a.cost != b.cost { return a.cost < b.cost }
            if a.count != b.count { return a.count < b.count }
            if a.highest != b.highest { return a.highest < b.highest }
            return a.ranks.lexicographicallyPrecedes(b.ranks)
        }
    }

    /// The optimal choice, or nil when some need has no option.
    public func solve() -> Solution? {
        guard !needs.contains(where: \.isEmpty) else { return nil }
        var search = Search(solver: self)
        search.run()
        guard let best = search.best else { return nil }
        // Map the search order back to the needs' order.
        var choice = [Int](repeating: 0, count: needs.count)
        for (depth, need) in search.order.enumerated() { choice[need] = best.choice[depth] }
        let chosen = Array(Set(choice.enumerated().flatMap { needs[$0.offset][$0.element] }))
            .sorted { forms[$0].rank < forms[$1].rank }
        return Solution(choice: choice, cost: best.key.cost, forms: chosen, nodes: search.nodes)
    }
}

/// The branch-and-bound state: one search, mutable, used once.
private struct Search {
    let solver: MinimumCostSolver
    /// The needs in the order they are branched on.
    let order: [Int]
    /// For each depth, whether a field's `keep` form occurs in an option of a need at that depth or deeper.
    let keepLater: [[Bool]]
    /// For each depth, the needs from that depth on grouped into components that share no field.
    let components: [[[Int]]]
    /// The weight of each field's `keep` form (read only where that form occurs in the instance).
    let keepWeights: [Int]
    var nodes = 0
    var best: (key: MinimumCostSolver.Key, choice: [Int])?

    // The partial union: how many chosen options include each form, whether each field is sent as keep,
    // and the sum of the derived forms' weights sent per field.
    var formCount: [Int]
    var keepCount: [Int]
    var derivedSum: [Int]
    var chosenForms: [Int] = []
    var choice: [Int] = []

    init(solver: MinimumCostSolver) {
        self.solver = solver
        let needs = solver.needs
        let forms = solver.forms
        // Branch first on forced needs, then on the needs whose cheapest option is dearest: early
        // decisions then carry most of the cost and the bound bites sooner.
        func cheapest(_ need: Int) -> Int {
            needs[need].map { option in option.reduce(0) { $0 + forms[$1].weight } }.min() ?? 0
        }
        order = needs.indices.sorted { a, b in
            let fa = needs[a].count == 1, fb = needs[b].count == 1
            if fa != fb { return fa }
            let ca = cheapest(a), cb = cheapest(b)
            return ca != cb ? ca > cb : a < b
        }
        var keepLater = [[Bool]](repeating: [Bool](repeating: false, count: solver.fieldCount), count: needs.count + 1)
        for depth in stride(from: needs.count - 1, through: 0, by: -1) {
            keepLater[depth] = keepLater[depth + 1]
            for option in needs[order[depth]] {
                for f in option where forms[f].isKeep { keepLater[depth][forms[f].field] = true }
            }
        }
        self.keepLater = keepLater
        var components: [[[Int]]] = []
        for depth in 0...needs.count {
            components.append(Search.components(of: Array(order[depth...]), needs: needs, forms: forms))
        }
        self.components = components
        var keepWeights = [Int](repeating: 0, count: solver.fieldCount)
        for form in forms where form.isKeep { keepWeights[form.field] = form.weight }
        self.keepWeights = keepWeights
        formCount = [Int](repeating: 0, count: forms.count)
        keepCount = [Int](repeating: 0, count: solver.fieldCount)
        derivedSum = [Int](repeating: 0, count: solver.fieldCount)
    }

    /// Groups needs into connected components of the relation "their options share a field".
    static func components(of remaining: [Int], needs: [[[Int]]], forms: [MinimumCostSolver.Form]) -> [[Int]] {
        var parent = Array(remaining.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        var owner: [Int: Int] = [:]
        for (i, need) in remaining.enumerated() {
            for option in needs[need] {
                for f in option {
                    if let j = owner[forms[f].field] { parent[root(i)] = root(j) } else { owner[forms[f].field] = i }
                }
            }
        }
        return Dictionary(grouping: remaining.indices, by: root).values.map { $0.map { remaining[$0] } }
    }

    /// A field's contribution to the lower bound at `depth`: exact when it is sent as keep; otherwise
    /// its derived forms' weights, capped at the keep weight while a later need could still send keep
    /// (which would make those derived forms free).
    func contribution(field: Int, keep: Bool, derived: Int, keepWeight: Int, depth: Int) -> Int {
        if keep { return keepWeight }
        return keepLater[depth][field] ? min(keepWeight, derived) : derived
    }

    mutating func run() { branch(depth: 0) }

    /// The lower bound's value for the fields of the current union.
    func boundOfUnion(depth: Int) -> Int {
        var touched = Set<Int>()
        var total = 0
        for f in chosenForms {
            let field = solver.forms[f].field
            guard touched.insert(field).inserted else { continue }
            total += contribution(
                field: field, keep: keepCount[field] > 0, derived: derivedSum[field], keepWeight: keepWeights[field],
                depth: depth)
        }
        return total
    }

    /// How much an option would raise the lower bound at `depth`.
    func increase(_ option: [Int], depth: Int) -> Int {
        var extraKeep: [Int: Bool] = [:]
        var extraDerived: [Int: Int] = [:]
        for f in option where formCount[f] == 0 {
            let form = solver.forms[f]
            if form.isKeep { extraKeep[form.field] = true } else { extraDerived[form.field, default: 0] += form.weight }
        }
        var delta = 0
        for field in Set(extraKeep.keys).union(extraDerived.keys) {
            let keep = keepCount[field] > 0
            let before = contribution(
                field: field, keep: keep, derived: derivedSum[field], keepWeight: keepWeights[field], depth: depth)
            let after = contribution(
                field: field, keep: keep || extraKeep[field] == true,
                derived: derivedSum[field] + (extraDerived[field] ?? 0), keepWeight: keepWeights[field], depth: depth)
            delta += after - before
        }
        return delta
    }

    mutating func add(_ option: [Int]) {
        for f in option {
            formCount[f] += 1
            guard formCount[f] == 1 else { continue }
            chosenForms.append(f)
            let form = solver.forms[f]
            if form.isKeep { keepCount[form.field] += 1 } else { derivedSum[form.field] += form.weight }
        }
    }

    mutating func remove(_ option: [Int]) {
        for f in option.reversed() {
            formCount[f] -= 1
            guard formCount[f] == 0 else { continue }
            chosenForms.removeAll { $0 == f }
            let form = solver.forms[f]
            if form.isKeep { keepCount[form.field] -= 1 } else { derivedSum[form.field] -= form.weight }
        }
    }

    mutating func branch(depth: Int) {
        nodes += 1
        if depth == order.count {
            let key = solver.key(of: chosenForms)
            if best == nil || key < best!.key { best = (key, choice) }
            return
        }
        let union = boundOfUnion(depth: depth)
        var bound = union
        for component in components[depth] {
            var worst = 0
            for need in component {
                let cheapest = solver.needs[need].map { increase($0, depth: depth) }.min() ?? 0
                worst = max(worst, cheapest)
            }
            bound += worst
        }
        if let best, bound > best.key.cost || (bound == best.key.cost && chosenForms.count > best.key.count) { return }
        let options = solver.needs[order[depth]]
        let ranked = options.indices.map { ($0, increase(options[$0], depth: depth)) }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        for (index, _) in ranked {
            add(options[index])
            choice.append(index)
            branch(depth: depth + 1)
            choice.removeLast()
            remove(options[index])
        }
    }
}
