/// One outsourced job type (prize shipping, seminar mailing, ...): what the contractor needs, which rows
/// are sent, and how the extract is laid out.
public struct TaskTemplate: Sendable, Equatable {
    public var id: String
    public var version: Int
    public var title: String
    public var purpose: String
    public var purposeLine: Int
    public var needs: [Need]
    public var rowScope: RowScope
    /// The contractor may mix the data with other clients' or enrich it with its own: a third-party
    /// provision, never an entrustment (PPC Q&A 5-26-2, 7-42).
    public var mixOrEnrich: Bool
    public var contactsPerson: Bool
    /// Pseudonymised information (APPI Rule 31): no direct identifier, entrustment only, no contact.
    public var pseudonymised: Bool
    public var layout: [LayoutColumn]
    public var retentionDays: Int
    /// The table a statistics task publishes instead of records (it then has no needs and no layout).
    public var statistics: StatisticsTable?
    /// The anonymised records (匿名加工情報) the task publishes instead of an extract (it then has no needs and no
    /// layout).
    public var anonymised: AnonymisedData?
    /// The courier's or mailing house's import layout the extract is written in, instead of `layout`.
    public var importProfile: ImportProfileUse?

    public init(
        id: String, version: Int, title: String, purpose: String, purposeLine: Int = 0, needs: [Need],
        rowScope: RowScope = RowScope(), mixOrEnrich: Bool = false, contactsPerson: Bool = false,
        pseudonymised: Bool = false, layout: [LayoutColumn], retentionDays: Int, statistics: StatisticsTable? = nil,
        anonymised: AnonymisedData? = nil
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.purpose = purpose
        self.purposeLine = purposeLine
        self.needs = needs
        self.rowScope = rowScope
        self.mixOrEnrich = mixOrEnrich
        self.contactsPerson = contactsPerson
        self.pseudonymised = pseudonymised
        self.layout = layout
        self.retentionDays = retentionDays
        self.statistics = statistics
        self.anonymised = anonymised
    }
}

/// A task's choice of an import profile (`<import-profile>`): the profile, the field forms that fill its
/// inputs (the task's `<input>`s, else the profile's standard ones), and the values the task gives columns.
public struct ImportProfileUse: Sendable, Equatable {
    public var name: String
    public var line: Int
    package var inputs: [ImportProfile.Input: [Located<FieldForm>]]
    /// By column header.
    public var values: [String: Located<String>]

    package init(name: String, line: Int, inputs: [ImportProfile.Input: [Located<FieldForm>]], values: [String: Located<String>]) {
        self.name = name
        self.line = line
        self.inputs = inputs
        self.values = values
    }

    /// The profile this names (the schema admits only the names consign ships).
    package var profile: ImportProfile { ImportProfile.all[name]! }

    /// The field forms of an input.
    package func forms(_ input: ImportProfile.Input) -> [FieldForm] {
        inputs[input]?.map(\.value) ?? input.standardForms
    }

    /// Every field form some input of the profile takes.
    package var takenForms: Set<FieldForm> { Set(ImportProfile.Input.allCases.flatMap(forms)) }

    /// The needs the courier's required columns add to the task: one per required input, sending its field forms,
    /// with the courier's reason.
    package var needs: [Need] {
        let profile = profile
        return profile.requiredInputs.map { input in
            Need(
                id: "\(name).\(input.rawValue)",
                reason: CourierText.requiredColumn(profile: profile.title, column: profile.requiringColumn(input)).text(),
                options: [NeedOption(id: name, uses: inputs[input] ?? input.standardForms.map { Located($0, line: line) })],
                line: line)
        }
    }
}

/// Something the contractor must receive to do the job, satisfied by any one of its options.
public struct Need: Sendable, Equatable {
    public var id: String
    public var reason: String
    public var options: [NeedOption]
    public var line: Int

    public init(id: String, reason: String, options: [NeedOption], line: Int = 0) {
        self.id = id
        self.reason = reason
        self.options = options
        self.line = line
    }
}

/// One way to satisfy a need: a set of field forms sent together.
public struct NeedOption: Sendable, Equatable {
    public var id: String
    public var uses: [Located<FieldForm>]

    public init(id: String, uses: [Located<FieldForm>]) {
        self.id = id
        self.uses = uses
    }

    public var forms: [FieldForm] { uses.map(\.value) }
}

/// Which rows a task sends: every consent flag true and every condition holding.
public struct RowScope: Sendable, Equatable {
    public var consents: [Located<String>]
    public var conditions: [Located<Condition>]

    public init(consents: [Located<String>] = [], conditions: [Located<Condition>] = []) {
        self.consents = consents
        self.conditions = conditions
    }
}

/// A simple test on one column's value.
public struct Condition: Sendable, Equatable {
    public enum Operator: String, Sendable, Equatable, CaseIterable {
        case equals
        case notEquals = "not-equals"
        case oneOf = "one-of"
        case notEmpty = "not-empty"
        case atLeast = "at-least"
        case atMost = "at-most"
    }

    public var field: String
    public var op: Operator
    public var value: String?

    public init(field: String, op: Operator, value: String? = nil) {
        self.field = field
        self.op = op
        self.value = value
    }
}

/// One column of the extract: its name and the field form it holds.
public struct LayoutColumn: Sendable, Equatable {
    public var name: String
    public var fieldForm: FieldForm
    public var line: Int

    public init(name: String, fieldForm: FieldForm, line: Int = 0) {
        self.name = name
        self.fieldForm = fieldForm
        self.line = line
    }
}

/// A value with the line of the document it came from, so that a cross-reference error can name it.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var line: Int

    public init(_ value: Value, line: Int = 0) {
        self.value = value
        self.line = line
    }
}
