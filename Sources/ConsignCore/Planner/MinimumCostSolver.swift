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
        search.findIncumbent()
        search.branch(assigned: 0)
        guard let best = search.best else { return nil }
        let chosen = Array(Set(best.choice.enumerated().flatMap { needs[$0.offset][$0.element] }))
            .sorted { forms[$0].rank < forms[$1].rank }
        return Solution(choice: best.choice, cost: best.key.cost, forms: chosen, nodes: search.nodes)
    }
}

/// The branch-and-bound state: one search, mutable, used once.
///
/// It starts from a local-search incumbent, then searches depth first. The lower bound at a node, for
/// the forms U chosen so far and the needs still open: per field, what U costs for sure (its keep weight
/// when U sends keep; else its derived forms' weights, capped at the keep weight while an open need could
/// still send keep, which would make them free), plus what the open needs must add, from two feasible
/// solutions of the LP relaxation's dual: each open form's weight shared evenly among the open needs that
/// could send it, and a greedy ascent that lets need after need take all it can. Sending keep after
/// derived forms can lower the cost, so the weight a form can add is bounded per field: derived forms of a
/// field whose keep is sent add nothing; when keep is still open, what the field can add in all is what
/// keep would add, spread over keep and the open derived forms. Options whose own bound exceeds the best
/// cost are left out, and the search branches on the need with the fewest options left.
private struct Search {
    let solver: MinimumCostSolver
    let needs: [[[Int]]]
    let forms: [MinimumCostSolver.Form]
    /// The distinct forms of each need's options.
    let needForms: [[Int]]
    /// Each field's keep form, or -1 when the instance has none.
    let keepForm: [Int]
    var nodes = 0
    var best: (key: MinimumCostSolver.Key, choice: [Int])?

    /// How many open needs have the form in an option.
    var sharers: [Int]
    /// How many chosen options include the form (0: not in U).
    var inUnion: [Int]
    /// The forms of U, in no particular order, and where each is in that list.
    var chosenForms: [Int] = []
    var positionInUnion: [Int]
    /// Per field: whether U sends keep, and the weight of U's derived forms.
    var keepInUnion: [Bool]
    var derivedInUnion: [Int]
    /// The exact cost of U.
    var cost = 0
    /// The option chosen for each need, -1 while open.
    var choice: [Int]
    // Scratch space reused at every node.
    var openDerived: [Int]
    var fieldStamp: [Int]
    var formStamp: [Int]
    var stamp = 0
    var remaining: [Double]
    var charged: [Double]
    /// The greedy ascent's value of each open need, and its share of each form (valid where stamped
    /// with the current epoch).
    var ascended: [Double]
    var shareOf: [Double]
    var shareStamp: [Int]
    var shareEpoch = 0

    init(solver: MinimumCostSolver) {
        self.solver = solver
        needs = solver.needs
        forms = solver.forms
        needForms = needs.map { Array(Set($0.joined())).sorted() }
        var keepForm = [Int](repeating: -1, count: solver.fieldCount)
        for (i, form) in forms.enumerated() where form.isKeep { keepForm[form.field] = i }
        self.keepForm = keepForm
        sharers = [Int](repeating: 0, count: forms.count)
        for formsOfNeed in needForms { for f in formsOfNeed { sharers[f] += 1 } }
        inUnion = [Int](repeating: 0, count: forms.count)
        positionInUnion = [Int](repeating: 0, count: forms.count)
        keepInUnion = [Bool](repeating: false, count: solver.fieldCount)
        derivedInUnion = [Int](repeating: 0, count: solver.fieldCount)
        choice = [Int](repeating: -1, count: needs.count)
        openDerived = [Int](repeating: 0, count: solver.fieldCount)
        fieldStamp = [Int](repeating: 0, count: solver.fieldCount)
        formStamp = [Int](repeating: 0, count: forms.count)
        remaining = [Double](repeating: 0, count: forms.count)
        charged = [Double](repeating: 0, count: forms.count)
        ascended = [Double](repeating: 0, count: needs.count)
        shareOf = [Double](repeating: 0, count: needs.count * forms.count)
        shareStamp = [Int](repeating: 0, count: needs.count * forms.count)
    }

    /// What the ascended bound would be if `need` took `option`: the need's value becomes the option's
    /// own shares plus the weight no need has used yet.
    func valueIfChosen(_ option: [Int], by need: Int) -> Double {
        var value = 0.0
        for f in option where inUnion[f] == 0 {
            let slot = need * forms.count + f
            value += (shareStamp[slot] == shareEpoch ? shareOf[slot] : 0) + max(0, remaining[f])
        }
        return value
    }

    func keepIsOpen(_ field: Int) -> Bool {
        let k = keepForm[field]
        return k >= 0 && inUnion[k] == 0 && sharers[k] > 0
    }

    /// The bound's value of U: exact, except that derived forms are capped at the keep weight while keep
    /// is still open.
    func boundOfUnion() -> Int {
        var total = 0
        var counted = Set<Int>()
        for f in chosenForms {
            let form = forms[f]
            if form.isKeep {
                total += form.weight
            } else if !keepInUnion[form.field], counted.insert(form.field).inserted {
                let derived = derivedInUnion[form.field]
                total += keepIsOpen(form.field) ? min(forms[keepForm[form.field]].weight, derived) : derived
            }
        }
        return total
    }

    /// The most a form outside U can add to the bound, given the open forms of its field.
    func addable(_ f: Int) -> Double {
        let form = forms[f]
        let field = form.field
        if keepInUnion[field] { return 0 }
        guard keepIsOpen(field) else { return Double(form.weight) }
        // What sending keep would add to what U's derived forms already count (capped at keep).
        let keepWeight = forms[keepForm[field]].weight
        let room = Double(max(0, keepWeight - derivedInUnion[field]))
        let open = Double(openDerived[field])
        let share = open == 0 ? 1 : min(1, room / open)
        return form.isKeep ? room - share * open : share * Double(form.weight)
    }

    /// A good first solution, so that the bound prunes from the start: for 32 need orders, take for
    /// each need the option that adds least to the exact cost, then move single needs to other options
    /// while that lowers (cost, forms sent), until no move does. Deterministic: the orders come from a
    /// fixed-seed generator.
    mutating func findIncumbent() {
        var generator = SplitMix64(seed: 0x5EED)
        var order = Array(needs.indices)
        for attempt in 0..<32 {
            if attempt > 0 { order.shuffle(using: &generator) }
            for need in order {
                var chosen = 0
                var least = Int.max
                for (index, option) in needs[need].enumerated() {
                    let before = cost
                    add(option)
                    if cost - before < least {
                        least = cost - before
                        chosen = index
                    }
                    remove(option)
                }
                choice[need] = chosen
                add(needs[need][chosen])
            }
            var improved = true
            while improved {
                improved = false
                for need in order {
                    let current = choice[need]
                    remove(needs[need][current])
                    var chosen = current
                    add(needs[need][current])
                    var least = (cost, chosenForms.count)
                    remove(needs[need][current])
                    for (index, option) in needs[need].enumerated() where index != current {
                        add(option)
                        if (cost, chosenForms.count) < least {
                            least = (cost, chosenForms.count)
                            chosen = index
                        }
                        remove(option)
                    }
                    add(needs[need][chosen])
                    choice[need] = chosen
                    if chosen != current { improved = true }
                }
            }
            let key = solver.key(of: chosenForms)
            if best == nil || key < best!.key { best = (key, choice) }
            for need in order.reversed() { remove(needs[need][choice[need]]) }
            for need in needs.indices { choice[need] = -1 }
        }
    }

    /// A second sound bound on what the open needs add (a greedy ascent in the LP dual): need by need,
    /// the cheapest option's total of the forms' remaining weights is charged to every option of the
    /// need, in proportion to its forms' remaining weights, and used up; a form charged by several
    /// options of one need is used up once, by the largest charge.
    mutating func ascendedShares() -> Double {
        var total = 0.0
        shareEpoch += 1
        for need in needs.indices where choice[need] < 0 {
            var cheapest = Double.infinity
            for option in needs[need] {
                var sum = 0.0
                for f in option where inUnion[f] == 0 { sum += remaining[f] }
                cheapest = min(cheapest, sum)
            }
            ascended[need] = cheapest
            guard cheapest > 0 else { continue }
            total += cheapest
            stamp += 1
            for option in needs[need] {
                var sum = 0.0
                for f in option where inUnion[f] == 0 { sum += remaining[f] }
                for f in option where inUnion[f] == 0 {
                    let charge = cheapest * remaining[f] / sum
                    if formStamp[f] != stamp {
                        formStamp[f] = stamp
                        charged[f] = charge
                    } else {
                        charged[f] = max(charged[f], charge)
                    }
                }
            }
            for option in needs[need] {
                for f in option where inUnion[f] == 0 && formStamp[f] == stamp && charged[f] > 0 {
                    remaining[f] -= charged[f]
                    let slot = need * forms.count + f
                    shareOf[slot] = charged[f]
                    shareStamp[slot] = shareEpoch
                    charged[f] = 0
                }
            }
        }
        return total
    }

    mutating func add(_ option: [Int]) {
        for f in option {
            inUnion[f] += 1
            guard inUnion[f] == 1 else { continue }
            positionInUnion[f] = chosenForms.count
            chosenForms.append(f)
            let form = forms[f]
            if form.isKeep {
                cost += form.weight - derivedInUnion[form.field]
                keepInUnion[form.field] = true
            } else {
                if !keepInUnion[form.field] { cost += form.weight }
                derivedInUnion[form.field] += form.weight
            }
        }
    }

    mutating func remove(_ option: [Int]) {
        for f in option.reversed() {
            inUnion[f] -= 1
            guard inUnion[f] == 0 else { continue }
            // Options leave in any order (the incumbent's moves), so swap the form out of its place.
            let position = positionInUnion[f]
            let last = chosenForms.removeLast()
            if last != f {
                chosenForms[position] = last
                positionInUnion[last] = position
            }
            let form = forms[f]
            if form.isKeep {
                keepInUnion[form.field] = false
                cost -= form.weight - derivedInUnion[form.field]
            } else {
                derivedInUnion[form.field] -= form.weight
                if !keepInUnion[form.field] { cost -= form.weight }
            }
        }
    }

    mutating func branch(assigned: Int) {
        nodes += 1
        if assigned == needs.count {
            if let best, cost > best.key.cost { return }
            let key = solver.key(of: chosenForms)
            if best == nil || key < best!.key { best = (key, choice) }
            return
        }
        // The open derived forms' weight per field (each open form once).
        stamp += 1
        for need in needs.indices where choice[need] < 0 {
            for f in needForms[need] where inUnion[f] == 0 && formStamp[f] != stamp {
                formStamp[f] = stamp
                let field = forms[f].field
                if fieldStamp[field] != stamp {
                    fieldStamp[field] = stamp
                    openDerived[field] = 0
                }
                if !forms[f].isKeep { openDerived[field] += forms[f].weight }
            }
        }
        for need in needs.indices where choice[need] < 0 {
            for f in needForms[need] where inUnion[f] == 0 { remaining[f] = addable(f) }
        }
        let base = Double(boundOfUnion())
        var even = base
        for need in needs.indices where choice[need] < 0 {
            var cheapest = Double.infinity
            for option in needs[need] {
                var share = 0.0
                for f in option where inUnion[f] == 0 { share += remaining[f] / Double(sharers[f]) }
                cheapest = min(cheapest, share)
            }
            even += cheapest
        }
        let ascent = base + ascendedShares()
        let bound = max(even, ascent)
        // findIncumbent always leaves a solution to beat.
        guard let best else { return }
        let floor = Int((bound - 1e-6).rounded(.up))
        if floor > best.key.cost || (floor == best.key.cost && chosenForms.count > best.key.count) { return }
        // An option whose bound alone exceeds the best cost can lead nowhere better: leave it out, and
        // branch on the need with the fewest options left (none: prune; one: no choice).
        var viable: [Int] = []
        var next = -1
        for need in needs.indices where choice[need] < 0 {
            let others = ascent - ascended[need]
            let left = needs[need].indices.filter { option in
                Int((others + valueIfChosen(needs[need][option], by: need) - 1e-6).rounded(.up)) <= best.key.cost
            }
            if left.isEmpty { return }
            if next < 0 || left.count < viable.count || (left.count == viable.count && ascended[need] > ascended[next]) {
                next = need
                viable = left
            }
        }
        let options = needs[next]
        let ranked = viable.map { index -> (Int, Double) in
            (index, options[index].reduce(0.0) { $0 + (inUnion[$1] == 0 ? addable($1) : 0) })
        }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        for f in needForms[next] { sharers[f] -= 1 }
        for (index, _) in ranked {
            choice[next] = index
            add(options[index])
            branch(assigned: assigned + 1)
            remove(options[index])
        }
        choice[next] = -1
        for f in needForms[next] { sharers[f] += 1 }
    }
}
