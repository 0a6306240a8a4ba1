/// The minimum necessary field set for a task, a contractor and a date, with a reason for every field
/// sent and withheld.
public struct Plan: Sendable, Equatable {
    /// One field form sent.
    public struct SentForm: Sendable, Equatable {
        public var fieldForm: FieldForm
        /// What the form adds to the plan's cost (zero for a derived form whose field is sent as keep).
        public var weight: Int
        public var identifiability: Identifiability
        /// A field of special care (APPI 要配慮個人情報), which the agreement permits as such.
        public var specialCare: Bool
        /// The needs whose chosen option includes the form.
        public var needs: [String]
    }

    /// One catalog field not sent, and why.
    public struct WithheldField: Sendable, Equatable {
        public var field: String
        public var reason: WithholdingReason
    }

    /// For every need, the option chosen.
    public struct Choice: Sendable, Equatable {
        public var need: String
        public var option: String
    }

    public var task: TaskTemplate
    public var contractor: String
    public var agreement: Agreement
    public var on: CalendarDate
    public var cost: Int
    /// In the order of the task's layout.
    public var sent: [SentForm]
    public var choices: [Choice]
    /// In catalog order.
    public var withheld: [WithheldField]
    /// Catalog fields, and those the agreement permits in some form.
    public var catalogFieldCount: Int
    public var permittedFieldCount: Int
    /// Search nodes the solver visited.
    public var nodes: Int

    /// Distinct fields sent in any form.
    public var fieldsSent: Int { Set(sent.map(\.fieldForm.field)).count }
}

/// Why a catalog field is not in the plan.
public enum WithholdingReason: Sendable, Equatable {
    /// No option of the task uses the field.
    case notNeeded
    /// The task reads the field only to choose rows (consent flags, conditions); it is not sent.
    case rowScopeOnly
    /// Options use it, but the agreement permits none of those forms.
    case notPermitted(agreement: String, version: Int)
    /// Options use it, but it was not collected for the task's purpose.
    case notCollected(purpose: String)
    /// Options use it, but it is a direct identifier and the task is pseudonymised (APPI Rule 31).
    case directIdentifier
    /// Options use it, but it is of special care and the agreement does not permit it as such.
    case specialCareNotPermitted(agreement: String, version: Int)
    /// Options use it, but it is a payment credential and the task is pseudonymised (PPC Rule 31(3)).
    case paymentCredential
    /// Options use it, but it is personal-related information and the agreement does not record how the
    /// recipient obtains the person's consent (APPI Art. 31).
    case personalRelatedUnconfirmed(agreement: String, version: Int)
    /// Options use it, but options without it cost less (or as little, and win the tie-break).
    case cheaperOptionChosen

    public var code: String {
        switch self {
        case .notNeeded: "not-needed"
        case .rowScopeOnly: "row-scope-only"
        case .notPermitted: "not-permitted"
        case .notCollected: "not-collected"
        case .directIdentifier: "direct-identifier"
        case .specialCareNotPermitted: "special-care-not-permitted"
        case .personalRelatedUnconfirmed: "personal-related-unconfirmed"
        case .paymentCredential: "payment-credential"
        case .cheaperOptionChosen: "cheaper-option-chosen"
        }
    }
}

/// Why the planner refuses: every reason that applies to the task as a whole, and every need that no
/// option can satisfy, with every reason each of its options is ruled out.
public struct PlanDiagnosis: Sendable, Equatable {
    public struct BlockedNeed: Sendable, Equatable {
        public var need: String
        public var options: [RuledOutOption]
    }

    public struct RuledOutOption: Sendable, Equatable {
        public var option: String
        public var reasons: [PlanReason]
    }

    public var task: TaskTemplate
    public var contractor: String
    public var on: CalendarDate
    /// The agreement in force for the task's purpose, when there is one.
    public var agreement: Agreement?
    public var reasons: [PlanReason]
    public var blocked: [BlockedNeed]
}

/// One reason the planner gives, with a stable code for scripts and a sentence for people.
public struct PlanReason: Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A reason of the planner's, its sentence in the user's language.
    public init(_ reason: PlanText) {
        self.init(reason.code, reason.text())
    }

    public var description: String { message }
}

/// The planner's answer.
public enum PlanOutcome: Sendable, Equatable {
    case plan(Plan)
    case refused(PlanDiagnosis)
}
