import ConsignCore

/// What the audit can find, each with a stable code (for scripts and CI gates), its usual severity and
/// the rule it serves.
public enum FindingCode: String, CaseIterable, Codable, Sendable {
    case noAgreementInForce = "no-agreement-in-force"
    case purposeNotCovered = "purpose-not-covered"
    case formNotPermitted = "form-not-permitted"
    case specialCareNotPermitted = "special-care-not-permitted"
    case fieldNotCollectedForPurpose = "field-not-collected-for-purpose"
    case pseudonymisationBroken = "pseudonymisation-broken"
    case contractorSuspended = "contractor-suspended"
    case contractorTerminated = "contractor-terminated"
    case noSelectionEvaluation = "no-selection-evaluation"
    case evaluationFailed = "evaluation-failed"
    case periodicEvaluationOverdue = "periodic-evaluation-overdue"
    case foreignBasisCheckOverdue = "foreign-basis-check-overdue"
    case foreignTransferWithoutBasis = "foreign-transfer-without-basis"
    case countryNotCovered = "country-not-covered"
    case certificationLapsed = "certification-lapsed"
    case certificationExpiring = "certification-expiring"
    case certificationExpired = "certification-expired"
    case agreementSignedLate = "agreement-signed-late"
    case incidentNoticeLate = "incident-notice-late"
    case incidentReportOverdue = "incident-report-overdue"
    case contractorReportOverdue = "contractor-report-overdue"
    case clauseMissing = "clause-missing"
    case deletionOverdue = "deletion-overdue"
    case agreementExpiring = "agreement-expiring"
    case agreementExpired = "agreement-expired"
    case subContractorNotApproved = "sub-contractor-not-approved"
    case mixOrEnrichUnderEntrustment = "mix-or-enrich-under-entrustment"
    case stopUseNotHonoured = "stop-use-not-honoured"
    case subjectsNotRecorded = "subjects-not-recorded"
    case notMinimal = "not-minimal"
    case encryptionRequired = "encryption-required"
    case passwordZIPChannel = "password-zip-channel"
    case provisionWithoutConsent = "provision-without-consent"
    case provisionNotRecorded = "provision-not-recorded"
    case disclosureWithoutReference = "disclosure-without-reference"
    case personalRelatedUnconfirmed = "personal-related-unconfirmed"
    case jointUseNotAnnounced = "joint-use-not-announced"
    case requestOverdue = "request-overdue"
    case recipientNotNotified = "recipient-not-notified"
    case provisionNotStopped = "provision-not-stopped"
    case statisticsBelowMinimum = "statistics-below-minimum"
    case anonymisedWithoutNotice = "anonymised-without-notice"
    case ledgerBroken = "ledger-broken"
    case clockOverridden = "clock-overridden"

    /// The severity a finding of this code has, except `agreement-expired`, which becomes an error once a
    /// transfer under the agreement is past its deletion due date, and `agreement-signed-late`, an error when
    /// a transfer under the agreement came before its signature.
    public var severity: AuditFinding.Severity {
        switch self {
        case .periodicEvaluationOverdue, .clauseMissing, .agreementExpiring, .agreementExpired, .subjectsNotRecorded,
            .certificationExpiring, .certificationExpired, .agreementSignedLate, .contractorReportOverdue:
            .warning
        default: .error
        }
    }

    /// The law, guideline or standard the check serves.
    public var rule: String {
        let rule: Sentence =
            switch self {
            case .noAgreementInForce: AuditText.Rule.noAgreementInForce
            case .purposeNotCovered: AuditText.Rule.purposeNotCovered
            case .formNotPermitted: AuditText.Rule.formNotPermitted
            case .specialCareNotPermitted: AuditText.Rule.specialCareNotPermitted
            case .fieldNotCollectedForPurpose: AuditText.Rule.fieldNotCollectedForPurpose
            case .pseudonymisationBroken: AuditText.Rule.pseudonymisationBroken
            case .contractorSuspended, .contractorTerminated: AuditText.Rule.contractorStatus
            case .noSelectionEvaluation: AuditText.Rule.noSelectionEvaluation
            case .evaluationFailed: AuditText.Rule.evaluationFailed
            case .periodicEvaluationOverdue: AuditText.Rule.periodicEvaluationOverdue
            case .foreignBasisCheckOverdue: AuditText.Rule.foreignBasisCheckOverdue
            case .foreignTransferWithoutBasis: AuditText.Rule.foreignTransferWithoutBasis
            case .countryNotCovered: AuditText.Rule.countryNotCovered
            case .certificationLapsed, .certificationExpiring, .certificationExpired: AuditText.Rule.certification
            case .agreementSignedLate: AuditText.Rule.agreementSignedLate
            case .incidentNoticeLate: AuditText.Rule.incidentNoticeLate
            case .incidentReportOverdue: AuditText.Rule.incidentReportOverdue
            case .contractorReportOverdue: AuditText.Rule.contractorReportOverdue
            case .clauseMissing: AuditText.Rule.clauseMissing
            case .deletionOverdue: AuditText.Rule.deletionOverdue
            case .agreementExpiring: AuditText.Rule.agreementExpiring
            case .agreementExpired: AuditText.Rule.agreementExpired
            case .subContractorNotApproved: AuditText.Rule.subContractorNotApproved
            case .mixOrEnrichUnderEntrustment: AuditText.Rule.mixOrEnrichUnderEntrustment
            case .stopUseNotHonoured: AuditText.Rule.stopUseNotHonoured
            case .subjectsNotRecorded: AuditText.Rule.subjectsNotRecorded
            case .notMinimal: AuditText.Rule.notMinimal
            case .encryptionRequired, .passwordZIPChannel: AuditText.Rule.secureDelivery
            case .provisionWithoutConsent, .provisionNotRecorded: AuditText.Rule.provision
            case .disclosureWithoutReference: AuditText.Rule.disclosureWithoutReference
            case .personalRelatedUnconfirmed: AuditText.Rule.personalRelated
            case .jointUseNotAnnounced: AuditText.Rule.jointUse
            case .requestOverdue: AuditText.Rule.requestOverdue
            case .recipientNotNotified: AuditText.Rule.recipientNotNotified
            case .provisionNotStopped: AuditText.Rule.provisionNotStopped
            case .statisticsBelowMinimum: StatisticsText.belowMinimumRule
            case .anonymisedWithoutNotice: AnonymisationText.withoutNoticeRule
            case .ledgerBroken: AuditText.Rule.ledgerBroken
            case .clockOverridden: AuditText.Rule.clockOverridden
            }
        return rule.text()
    }
}

/// One finding of the audit: what is wrong, how bad, which rule it breaks, and the records involved
/// (`transfer T-…`, `agreement AG-… v2`, `contractor ID`, `event N`: references, the same in every language
/// in JSON, for scripts; in the reader's language where people read them).
public struct AuditFinding: Encodable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable, Comparable {
        case error
        case warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }

        /// The severity as a person reads it.
        public var word: Sentence { self == .error ? AuditText.error : AuditText.warning }
    }

    public var code: FindingCode
    public var severity: Severity
    public var message: String
    public var rule: String
    public var records: [AuditText.Record]

    public init(
        _ code: FindingCode, _ message: String, records: [AuditText.Record], severity: Severity? = nil, rule: String? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.severity
        self.message = message
        self.rule = rule ?? code.rule
        self.records = records
    }

    private enum CodingKeys: String, CodingKey {
        case code, severity, message, rule, records
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encode(rule, forKey: .rule)
        try container.encode(records.map(\.english), forKey: .records)
    }
}

/// How the audit names the records a finding involves.
enum AuditRecord {
    static func transfer(_ t: Transfer) -> AuditText.Record { .transfer(t.id) }
    static func contractor(_ id: String) -> AuditText.Record { .contractor(id) }
    static func agreement(_ a: Agreement) -> AuditText.Record { .agreement(a.id, version: a.version) }
    static func event(_ sequence: Int) -> AuditText.Record { .event(sequence) }
    static func subContractor(_ id: String) -> AuditText.Record { .subContractor(id) }
    static func subject(_ hash: String) -> AuditText.Record { .subject(hash) }
    static func incident(_ id: String) -> AuditText.Record { .incident(id) }
    static func request(_ id: String) -> AuditText.Record { .request(id) }
}
