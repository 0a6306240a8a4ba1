/// The table a statistics task publishes instead of sending records: counts (and sums and means of numeric
/// fields) of the rows in scope, broken down by its dimensions, with totals when it has margins, and the rules
/// that decide which cells would identify someone (`TableProtection`).
public struct StatisticsTable: Sendable, Equatable {
    /// A breakdown of the table: the values of one field in one form (`address.prefecture`,
    /// `person.birth_date:age_band(10)`), each value a category.
    public struct Dimension: Sendable, Equatable {
        public var name: String
        public var fieldForm: FieldForm
        public var line: Int

        public init(name: String, fieldForm: FieldForm, line: Int = 0) {
            self.name = name
            self.fieldForm = fieldForm
            self.line = line
        }
    }

    /// A value of each cell: the number of rows in it, or the sum or mean of a numeric field over them.
    public struct Measure: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable, CaseIterable {
            case count, sum, mean
        }

        public var name: String
        public var kind: Kind
        /// The numeric field summed or averaged; nil for a count.
        public var field: String?
        public var line: Int

        public init(name: String, kind: Kind, field: String? = nil, line: Int = 0) {
            self.name = name
            self.kind = kind
            self.field = field
            self.line = line
        }
    }

    /// The purpose a task that publishes a table has: creating statistical data that identifies nobody.
    public static let purpose = "statistics"
    /// What the published CSV says in a dimension's place for its total; no category may be it.
    public static let totalLabel = "(total)"

    public var dimensions: [Dimension]
    public var measures: [Measure]
    /// Whether the table publishes its totals: per dimension, their combinations and the grand total.
    public var margins: Bool
    public var protection: TableProtection

    public init(dimensions: [Dimension], measures: [Measure], margins: Bool, protection: TableProtection) {
        self.dimensions = dimensions
        self.measures = measures
        self.margins = margins
        self.protection = protection
    }

    /// The numeric fields the table sums (a mean is a sum divided by the count), each once, in order.
    public var summedFields: [String] {
        var fields: [String] = []
        for measure in measures { if let field = measure.field, !fields.contains(field) { fields.append(field) } }
        return fields
    }
}

/// Which cells of a table would identify someone, and how far an attacker must stay from each.
public struct TableProtection: Sendable, Equatable {
    /// A magnitude cell is dominated when a few people make up most of its sum: each could estimate the others'.
    public enum Dominance: Sendable, Equatable, CustomStringConvertible {
        /// (n,k): the `n` largest contributions exceed `k`% of the cell's sum.
        case nk(n: Int, k: Int)
        /// p%: the sum less the two largest contributions is below `p`% of the largest, so the second largest
        /// contributor could estimate the largest within p%.
        case pPercent(Int)

        /// The rule as the register records it: `n=2,k=85` or `p=10`.
        public var description: String {
            switch self {
            case .nk(let n, let k): "n=\(n),k=\(k)"
            case .pPercent(let p): "p=\(p)"
            }
        }

        /// Parses what `description` writes.
        public init?(_ text: String) {
            let parts = text.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1) }
            guard parts.allSatisfy({ $0.count == 2 }) else { return nil }
            let values = Dictionary(parts.map { (String($0[0]), Int($0[1])) }, uniquingKeysWith: { a, _ in a })
            if parts.count == 1, let p = values["p"] ?? nil, p > 0 {
                self = .pPercent(p)
            } else if parts.count == 2, let n = values["n"] ?? nil, let k = values["k"] ?? nil, n > 0, k > 0, k <= 100 {
                self = .nk(n: n, k: k)
            } else {
                return nil
            }
        }

        /// How many of a cell's largest contributions the rule reads.
        public var largest: Int {
            switch self {
            case .nk(let n, _): n
            case .pPercent: 2
            }
        }
    }

    /// The fewest people a published non-zero count may hold; nil takes the catalog's (`Catalog.statistics`).
    public var minimumFrequency: Int?
    public var dominance: Dominance?
    public var line: Int

    public init(minimumFrequency: Int? = nil, dominance: Dominance? = nil, line: Int = 0) {
        self.minimumFrequency = minimumFrequency
        self.dominance = dominance
        self.line = line
    }

    /// The smallest minimum frequency anyone may set: a cell of one person is that person.
    public static let leastMinimumFrequency = 2
}

/// The company's floor for every table it publishes (the catalog's `<statistics>`): a task may ask for more
/// protection, never for less, and the audit reports a release below it.
public struct StatisticsPolicy: Sendable, Equatable {
    public var minimumFrequency: Int

    /// The MHLW's rule for the National Database (no published cell of 1-9 people), the Japanese precedent.
    public static let defaultMinimumFrequency = 10

    public init(minimumFrequency: Int = StatisticsPolicy.defaultMinimumFrequency) {
        self.minimumFrequency = minimumFrequency
    }
}
