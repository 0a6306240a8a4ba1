/// The records an anonymised-data task (匿名加工情報, APPI Art. 43) publishes instead of an extract: each column one
/// field in a form, processed to PPC Rule 34's standards. No direct identifier, identification code or linking code
/// is a column (standards 1 to 3: `CrossReferences` refuses them); a row may carry a random id that no key
/// reproduces (standard 3); numbers are top- and bottom-coded and rare categories merged (standard 4); and the
/// quasi-identifiers are generalised up their ladders, rows in classes still smaller than `k` (or with fewer than `l`
/// distinct values of a sensitive column) suppressed, until every class is safe (standard 5).
public struct AnonymisedData: Sendable, Equatable {
    /// What a column is to the k-anonymity check.
    public enum Role: String, Sendable, Equatable, CaseIterable {
        /// Together with the other quasi-identifiers it could single a person out in other data: classes are
        /// formed on these.
        case quasiIdentifier = "quasi-identifier"
        /// A value the data is for, which must not be learnt of a person from their class: each class holds at
        /// least `l` distinct values of it.
        case sensitive
        /// Neither: published in its form, coded and merged, not checked.
        case attribute
    }

    /// One column of the published data.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var role: Role
        /// The field in the first form of its ladder.
        public var fieldForm: FieldForm
        /// The coarser forms a quasi-identifier may be generalised to, in order (`null` withholds it).
        public var generalisations: [Located<Form>]
        /// A number at least `topCode` is published as `>=topCode`, one at most `bottomCode` as `<=bottomCode`.
        public var topCode: Int?
        public var bottomCode: Int?
        /// A value fewer rows than this hold is published as `(other)`.
        public var mergeBelow: Int?
        public var line: Int

        public init(
            name: String, role: Role, fieldForm: FieldForm, generalisations: [Located<Form>] = [], topCode: Int? = nil,
            bottomCode: Int? = nil, mergeBelow: Int? = nil, line: Int = 0
        ) {
            self.name = name
            self.role = role
            self.fieldForm = fieldForm
            self.generalisations = generalisations
            self.topCode = topCode
            self.bottomCode = bottomCode
            self.mergeBelow = mergeBelow
            self.line = line
        }

        /// The forms the column may be published in, the finest first.
        public var ladder: [Form] { [fieldForm.form] + generalisations.map(\.value) }
    }

    /// The fewest rows a published combination of quasi-identifier values may hold.
    public var k: Int
    /// The fewest distinct values of each sensitive column a class must hold; nil for no l-diversity check.
    public var l: Int?
    /// The most rows, in percent of those in scope, that may be suppressed rather than generalising further.
    public var maxSuppressedPercent: Int
    /// The name of the random-id column, nil for none.
    public var randomID: String?
    public var columns: [Column]
    public var line: Int

    /// The most combinations of ladder steps the search tries (`AnonymisedData.searchLimit`).
    public static let searchLimit = 4_096

    public init(
        k: Int, l: Int? = nil, maxSuppressedPercent: Int = 5, randomID: String? = nil, columns: [Column], line: Int = 0
    ) {
        self.k = k
        self.l = l
        self.maxSuppressedPercent = maxSuppressedPercent
        self.randomID = randomID
        self.columns = columns
        self.line = line
    }

    public var quasiIdentifiers: [Column] { columns.filter { $0.role == .quasiIdentifier } }
    public var sensitive: [Column] { columns.filter { $0.role == .sensitive } }
}
