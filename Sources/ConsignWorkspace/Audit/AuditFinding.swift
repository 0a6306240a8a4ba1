import ConsignCore

/// What the audit can find, each with a stable code (for scripts and CI gates), its usual severity and
/// the rule it serves.
public enum FindingCode: String, CaseIterable, Codable, Sendable {
    case noAgreementInForce = "no-agreement-in-force"
    case purposeNotCovered = "purpose-not-covered"
    case formNotPermitted = "form-not-permitted"
    case fieldNotCollectedForPurpose = "field-not-collected-for-purpose"
    case pseudonymisationBroken = "pseudonymisation-broken"
    case contractorSuspended = "contractor-suspended"
    case contractorTerminated = "contractor-terminated"
    case noSelectionEvaluation = "no-selection-evaluation"
    case evaluationFailed = "evaluation-failed"
    case periodicEvaluationOverdue = "periodic-evaluation-overdue"
    case foreignBasisCheckOverdue = "foreign-basis-check-overdue"
    case foreignTransferWithoutBasis = "foreign-transfer-without-basis"
    case clauseMissing = "clause-missing"
    case deletionOverdue = "deletion-overdue"
    case agreementExpiring = "agreement-expiring"
    case agreementExpired = "agreement-expired"
    case subContractorNotApproved = "sub-contractor-not-approved"
    case mixOrEnrichUnderEntrustment = "mix-or-enrich-under-entrustment"
    case stopUseNotHonoured = "stop-use-not-honoured"
    case ledgerBroken = "ledger-broken"
    case clockOverridden = "clock-overridden"

    /// The severity a finding of this code has, except `agreement-expired`, which becomes an error once a
    /// transfer under the agreement is past its deletion due date.
    public var severity: AuditFinding.Severity {
        switch self {
        case .periodicEvaluationOverdue, .clauseMissing, .agreementExpiring, .agreementExpired: .warning
        default: .error
        }
    }

    /// The law, guideline or standard the check serves.
    public var rule: String {
        switch self {
        case .noAgreementInForce: "APPI Art. 25 / PPC guideline 3-4-4 (2); JIS Q 15001 A.3.4.3.4"
        case .purposeNotCovered: "APPI Art. 18, 25 / PPC guideline 3-4-4 (2); JIS Q 15001 A.3.4.3.4"
        case .formNotPermitted: "APPI Art. 25 / PPC guideline 3-4-4 (2); JIS Q 15001 A.3.4.3.4 b)"
        case .fieldNotCollectedForPurpose: "APPI Art. 17, 18 (use within the purpose of collection)"
        case .pseudonymisationBroken: "APPI Art. 41 / PPC Rule 31 (pseudonymised information)"
        case .contractorSuspended, .contractorTerminated: "APPI Art. 25 / PPC guideline 3-4-4 (3)"
        case .noSelectionEvaluation: "PPC guideline 3-4-4 (1); JIS Q 15001 A.3.4.3.4"
        case .evaluationFailed: "PPC guideline 3-4-4 (1), (3); JIS Q 15001 A.3.4.3.4"
        case .periodicEvaluationOverdue: "PPC guideline 3-4-4 (3); JIS Q 15001 A.3.4.3.4 (periodic re-evaluation)"
        case .foreignBasisCheckOverdue: "APPI Art. 28(3) / PPC Rule 18 (yearly check of the foreign contractor)"
        case .foreignTransferWithoutBasis: "APPI Art. 28"
        case .clauseMissing: "JIS Q 15001 A.3.4.3.4 a)–h)"
        case .deletionOverdue: "JIS Q 15001 A.3.4.3.4 b), h) / PPC guideline 3-4-4"
        case .agreementExpiring: "JIS Q 15001 A.3.4.3.4"
        case .agreementExpired: "JIS Q 15001 A.3.4.3.4 h) / PPC guideline 3-4-4"
        case .subContractorNotApproved: "APPI Art. 25 / PPC guideline 3-4-4 (re-entrustment); JIS Q 15001 A.3.4.3.4 c)"
        case .mixOrEnrichUnderEntrustment: "APPI Art. 27(5)(i) / PPC Q&A 5-26-2, 7-42"
        case .stopUseNotHonoured: "APPI Art. 35"
        case .ledgerBroken: "JIS Q 15001 A.3.4.3.4 (records of supervision); consign ledger chain"
        case .clockOverridden: "JIS Q 15001 A.3.4.3.4 (records of supervision); events are timed by the real clock"
        }
    }
}

/// One finding of the audit: what is wrong, how bad, which rule it breaks, and the records involved
/// (`transfer T-…`, `agreement AG-… v2`, `contractor ID`, `event N`).
public struct AuditFinding: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable, Comparable {
        case error
        case warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var code: FindingCode
    public var severity: Severity
    public var message: String
    public var rule: String
    public var records: [String]

    public init(_ code: FindingCode, _ message: String, records: [String], severity: Severity? = nil, rule: String? = nil) {
        self.code = code
        self.severity = severity ?? code.severity
        self.message = message
        self.rule = rule ?? code.rule
        self.records = records
    }
}

/// How the audit names the records a finding involves.
enum AuditRecord {
    static func transfer(_ t: Transfer) -> String { "transfer \(t.id)" }
    static func contractor(_ id: String) -> String { "contractor \(id)" }
    static func agreement(_ a: Agreement) -> String { "agreement \(a.id) v\(a.version)" }
    static func event(_ sequence: Int) -> String { "event \(sequence)" }
}
