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
        public var kind: Evaluation.Kind
        public var result: Evaluation.Result
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

    /// A delivery key the contractor gave (the last is in use).
    public struct DeliveryKeyView: Codable, Sendable {
        public var recipient: String
        public var fingerprint: String
        public var from: CalendarDate
        /// The day the next key replaced it; nil for the key in use.
        public var replaced: CalendarDate?
        public var note: String
        public var recordedAt: Timestamp
        public var recordedBy: String
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
    public var deliveryKeys: [DeliveryKeyView]
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
                kind: $0.value.kind, result: $0.value.result, on: $0.value.on,
                evidenceFile: $0.value.evidence?.file, evidenceSha256: $0.value.evidence?.sha256, note: $0.value.note,
                recordedAt: $0.recordedAt, recordedBy: $0.recordedBy)
        }
        deliveryKeys = record.keys.enumerated().map { index, key in
            DeliveryKeyView(
                recipient: key.value.recipient, fingerprint: DeliveryKeyInput.fingerprint(of: key.value.recipient),
                from: key.value.on, replaced: index + 1 < record.keys.count ? record.keys[index + 1].value.on : nil,
                note: key.value.note, recordedAt: key.recordedAt, recordedBy: key.recordedBy)
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
        evaluations.filter { $0.kind == kind }.max { $0.on < $1.on }
    }

    /// `contractor list` as a table.
    public static func table(_ views: [ContractorView]) -> String {
        let column = { (column: ProcurementText.Column) in ProcurementText.column(column).text() }
        var table = TextTable([
            column(.contractor), column(.status), column(.country), column(.agreementsInForce), column(.selection),
            column(.legalName),
        ])
        let none = ProcurementText.none.text()
        for v in views {
            let selection = v.latest(.selection).map { ProcurementText.selection($0.result, on: $0.on).text() } ?? none
            let inForce = v.agreements.compactMap { a in
                a.inForce.map { ProcurementText.version(document: a.id, version: $0).text() }
            }
            table.append([
                v.id, Term.status(v.status).text(), v.addressCountry,
                inForce.isEmpty ? none : ProcurementText.list(inForce).text(), selection, v.legalName,
            ])
        }
        return table.rendered
    }

    /// `contractor show` for people.
    public var text: String {
        let row = { (label: ProcurementText.Label, value: String) in ShowRow.line(label, value) }
        var lines = [
            "\(id): \(legalName)",
            row(.status, Term.status(status).text()),
            row(.address, "\(address) (\(addressCountry))"),
            row(.representative, representative),
            row(.privacyContact, "\(privacyContact)"),
            row(.processingIn, ProcurementText.countries(processing: processingCountries, storage: storageCountries).text()),
        ]
        for c in certifications {
            let certification = ProcurementText.certification(scheme: c.scheme, number: c.number, expires: c.expires)
            lines.append(row(.certification, certification.text()))
        }
        for s in subContractors {
            let subContractor = ProcurementText.subContractor(
                id: s.id, country: s.country, purposes: s.purposes, name: s.name, role: s.role)
            lines.append(row(.subContractor, subContractor.text()))
        }
        if deliveryKeys.isEmpty { lines.append(row(.deliveryKey, ProcurementText.noneRegistered.text())) }
        for key in deliveryKeys.reversed() {
            let text = ProcurementText.deliveryKey(
                recipient: key.recipient, fingerprint: key.fingerprint, from: key.from, replaced: key.replaced)
            lines.append(row(.deliveryKey, text.text()))
        }
        for v in profileVersions {
            let registered = ProcurementText.profileRegistered(
                at: v.registeredAt, by: v.registeredBy, file: v.file, sha256: v.sha256)
            // "profile v10" keeps the eight spaces "profile v1" has before its value.
            lines.append(ShowRow.line(.profileVersion(v.version), registered.text(), gap: 8))
        }
        lines.append("  " + ProcurementText.statusHistoryHeading.text())
        if statusHistory.isEmpty { lines.append("    " + ProcurementText.activeSinceRegistration.text()) }
        for s in statusHistory {
            let recorded = ProcurementText.recorded(at: s.recordedAt, by: s.recordedBy).text()
            lines.append("    \(s.on)  \(ShowRow.padded(Term.status(s.status).text(), to: 10)) \(s.note)  \(recorded)")
        }
        lines.append("  " + ProcurementText.evaluationsHeading.text())
        if evaluations.isEmpty { lines.append("    " + ProcurementText.noneRecorded.text()) }
        for e in evaluations {
            let evidence = e.evidenceSha256.map { "  " + ProcurementText.evidence(file: e.evidenceFile ?? "", sha256: $0).text() }
            let kind = ShowRow.padded(Term.evaluation(e.kind).text(), to: 13)
            lines.append("    \(e.on)  \(kind) \(Term.result(e.result).text())  \(e.note)\(evidence ?? "")")
        }
        lines.append("  " + ProcurementText.agreementsHeading.text())
        if agreements.isEmpty { lines.append("    " + ProcurementText.noneRegistered.text()) }
        for a in agreements {
            let versions = ProcurementText.agreementVersions(
                agreement: a.id, versions: a.versions, inForce: a.inForce, purposes: a.purposesInForce)
            lines.append("    " + versions.text())
        }
        return lines.joined(separator: "\n")
    }
}

/// A labelled line of `contractor show` and `agreement show`: the label, padded to the column its values
/// start in (in terminal columns, so that a Japanese label lines up too), then the value.
enum ShowRow {
    /// The column the values start in, after the two spaces of indentation.
    static let labelWidth = 18

    static func line(_ label: ProcurementText.Label, _ value: String, indent: Int = 2, gap: Int = 1) -> String {
        let label = ProcurementText.label(label).text()
        let width = labelWidth + 2 - indent
        return String(repeating: " ", count: indent) + label
            + String(repeating: " ", count: max(width - displayWidth(label), gap)) + value
    }

    /// `text` and spaces to fill `width` terminal columns.
    static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(width - displayWidth(text), 0))
    }
}
