import ConsignCore

/// A contractor as `contractor show` prints it: the latest registered profile, its status with dated
/// history, its evaluations and its agreements (JSON keys in snake_case).
public struct ContractorView: Codable, Sendable {
    public struct ProfileVersionView: Codable, Sendable {
        public var version: Int
        public var sha256: String
        public var file: String
        public var registeredAt: Timestamp
        public var registeredBy: String
    }

    public struct StatusView: Codable, Sendable {
        public var status: ContractorStatus
        public var on: CalendarDate
        public var note: String
        public var recordedAt: Timestamp
        public var recordedBy: String
    }

    public struct EvaluationView: Codable, Sendable {
        public var kind: String
        public var result: String
        public var on: CalendarDate
        public var evidenceFile: String?
        public var evidenceSha256: String?
        public var note: String
        public var recordedAt: Timestamp
        public var recordedBy: String
    }

    public struct SubContractorView: Codable, Sendable {
        public var id: String
        public var name: String
        public var role: String
        public var country: String
        public var purposes: [String]
    }

    public struct AgreementRef: Codable, Sendable {
        public var id: String
        public var versions: [Int]
        /// The version in force today, if any.
        public var inForce: Int?
        public var purposesInForce: [String]
    }

    public var id: String
    public var legalName: String
    public var status: ContractorStatus
    public var address: String
    public var addressCountry: String
    public var representative: String
    public var privacyContact: PrivacyContact
    public var processingCountries: [String]
    public var storageCountries: [String]
    public var certifications: [Certification]
    public var subContractors: [SubContractorView]
    public var profileVersions: [ProfileVersionView]
    public var statusHistory: [StatusView]
    public var evaluations: [EvaluationView]
    public var agreements: [AgreementRef]

    public init?(_ id: String, in snapshot: RegisterSnapshot) {
        guard let record = snapshot.register.contractors[id],
            let profile = snapshot.documents.latestProfiles[id]?.document
        else { return nil }
        self.id = id
        legalName = profile.legalName
        status = record.status(on: snapshot.today)
        address = profile.address
        addressCountry = profile.addressCountry
        representative = profile.representative
        privacyContact = profile.privacyContact
        processingCountries = profile.processingCountries
        storageCountries = profile.storageCountries
        certifications = profile.certifications
        subContractors = profile.subContractors.map {
            SubContractorView(id: $0.id, name: $0.name, role: $0.role, country: $0.country, purposes: $0.purposes)
        }
        profileVersions = record.profiles.map {
            ProfileVersionView(
                version: $0.registration.version, sha256: $0.registration.sha256, file: $0.registration.file,
                registeredAt: $0.registeredAt, registeredBy: $0.registeredBy)
        }
        statusHistory = record.statusChanges.map {
            StatusView(
                status: $0.value.status, on: $0.value.on, note: $0.value.note, recordedAt: $0.recordedAt,
                recordedBy: $0.recordedBy)
        }
        evaluations = record.evaluations.map {
            EvaluationView(
                kind: $0.value.kind.rawValue, result: $0.value.result.rawValue, on: $0.value.on,
                evidenceFile: $0.value.evidence?.file, evidenceSha256: $0.value.evidence?.sha256, note: $0.value.note,
                recordedAt: $0.recordedAt, recordedBy: $0.recordedBy)
        }
        agreements = snapshot.agreementHistories(of: id).map { history in
            let inForce = history.inForce(on: snapshot.today)
            return AgreementRef(
                id: history.id, versions: history.versions.map(\.version), inForce: inForce?.version,
                purposesInForce: inForce?.purposes ?? [])
        }
    }

    /// The date of the latest evaluation of a kind, with its result.
    public func latest(_ kind: Evaluation.Kind) -> EvaluationView? {
        evaluations.filter { $0.kind == kind.rawValue }.max { $0.on < $1.on }
    }

    /// `contractor list` as a table.
    public static func table(_ views: [ContractorView]) -> String {
        var table = TextTable(["CONTRACTOR", "STATUS", "COUNTRY", "AGREEMENTS IN FORCE", "SELECTION", "LEGAL NAME"])
        for v in views {
            let selection = v.latest(.selection).map { "\($0.result) \($0.on)" } ?? "none"
            let inForce = v.agreements.compactMap { a in a.inForce.map { "\(a.id) v\($0)" } }
            table.append([
                v.id, v.status.rawValue, v.addressCountry, inForce.isEmpty ? "none" : inForce.joined(separator: ", "),
                selection, v.legalName,
            ])
        }
        return table.rendered
    }

    /// `contractor show` for people.
    public var text: String {
        var lines = [
            "\(id): \(legalName)",
            "  status            \(status.rawValue)",
            "  address           \(address) (\(addressCountry))",
            "  representative    \(representative)",
            "  privacy contact   \(privacyContact)",
            "  processing in     \(processingCountries.joined(separator: ", ")); storage in \(storageCountries.joined(separator: ", "))",
        ]
        for c in certifications { lines.append("  certification     \(c.scheme) \(c.number), expires \(c.expires)") }
        for s in subContractors {
            lines.append("  sub-contractor    \(s.id) (\(s.country)) for \(s.purposes.joined(separator: ", ")): \(s.name); \(s.role)")
        }
        for v in profileVersions {
            lines.append("  profile v\(v.version)        registered \(v.registeredAt) by \(v.registeredBy) from \(v.file) (sha256 \(v.sha256))")
        }
        lines.append("  status history")
        if statusHistory.isEmpty { lines.append("    active since registration") }
        for s in statusHistory {
            lines.append("    \(s.on)  \(s.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(s.note)  (recorded \(s.recordedAt) by \(s.recordedBy))")
        }
        lines.append("  evaluations")
        if evaluations.isEmpty { lines.append("    none recorded") }
        for e in evaluations {
            let evidence = e.evidenceSha256.map { "  evidence \(e.evidenceFile ?? "") sha256 \($0)" } ?? ""
            lines.append("    \(e.on)  \(e.kind.padding(toLength: 13, withPad: " ", startingAt: 0)) \(e.result)  \(e.note)\(evidence)")
        }
        lines.append("  agreements")
        if agreements.isEmpty { lines.append("    none registered") }
        for a in agreements {
            let standing = a.inForce.map { "v\($0) in force for \(a.purposesInForce.joined(separator: ", "))" } ?? "not in force"
            lines.append("    \(a.id)  versions \(a.versions.map(String.init).joined(separator: ", ")); \(standing)")
        }
        return lines.joined(separator: "\n")
    }
}
