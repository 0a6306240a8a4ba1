/// The clauses JIS Q 15001 (A.3.4.3.4) expects in a contract with a contractor handling personal data,
/// a) to h), each with the section of the signed document that holds it and its checkable values.
public struct Clauses: Sendable, Equatable {
    /// One clause of the agreement and where it is in the signed document.
    public struct Clause: Sendable, Equatable, Codable {
        public var section: String

        public init(section: String) { self.section = section }
    }

    /// a) the responsibilities of each party.
    public var responsibilities: Clause?
    /// b) security of the data: no use or copying outside the task, term, return or deletion.
    public var security: Clause?
    /// Whether every transfer under the agreement must go encrypted to the contractor's registered key.
    public var encryptedDeliveryRequired = false
    /// c) sub-contracting.
    public var subContracting: Clause?
    /// d) what the contractor reports and how often.
    public var reporting: Clause?
    public var reportingFrequencyDays: Int?
    /// e) the company's right to check compliance, periodically and as needed.
    public var complianceCheck: Clause?
    public var complianceCheckOnSite: Bool?
    /// f) measures on breach of contract.
    public var breachMeasures: Clause?
    /// g) incident reporting.
    public var incidentReporting: Clause?
    public var incidentNoticeHours: Int?
    /// h) measures after the contract ends: return or deletion, and its certificate.
    public var afterTermination: Clause?
    public var returnOrDeleteDays: Int?
    public var deletionCertificateRequired: Bool?

    public init() {}

    /// The letter, element name and subject of each clause, in the standard's order.
    /// The subject is in the language the user chose (`DocumentText.clause`).
    public static let catalogue: [(letter: Character, element: String, subject: String)] = [
        ("a", "responsibilities"), ("b", "security"), ("c", "sub-contracting"), ("d", "reporting"),
        ("e", "compliance-check"), ("f", "breach-measures"), ("g", "incident-reporting"), ("h", "after-termination"),
    ].map { letter, element in (letter, element, DocumentText.clause(letter).text()) }

    /// The clauses present, by letter, in order a) to h).
    public var present: [Character: Clause] {
        let all: [(Character, Clause?)] = [
            ("a", responsibilities), ("b", security), ("c", subContracting), ("d", reporting),
            ("e", complianceCheck), ("f", breachMeasures), ("g", incidentReporting), ("h", afterTermination),
        ]
        return Dictionary(uniqueKeysWithValues: all.compactMap { letter, clause in clause.map { (letter, $0) } })
    }

    /// The letters of the missing clauses, in order.
    public var missing: [Character] {
        let present = present
        return Clauses.catalogue.map(\.letter).filter { present[$0] == nil }
    }
}
