import ConsignCore
import ConsignPipeline

/// The recipients of personal data, per contractor: the "recipients and transfers" part of a record of
/// processing (GDPR Art. 30(1)(d), (e)) and the items of a record of provision to a third party (APPI Art.
/// 29, PPC Rule 20): who, for which purposes, which data categories, to which countries on which basis,
/// for how long.
public struct RecipientsRecord: Codable, Sendable {
    public struct Recipient: Codable, Sendable {
        public var contractor: String
        public var legalName: String
        public var address: String
        public var country: String
        public var representative: String
        public var privacyContact: String
        public var relationship: [String]
        public var agreements: [String]
        public var purposes: [String]
        public var dataCategories: [String]
        /// The fields of special care sent (APPI 要配慮個人情報).
        public var specialCare: [String]
        /// How many of the transfers went encrypted to the contractor's key, and the channels recorded.
        public var encryptedTransfers: Int
        public var channels: [String]
        public var countries: [String]
        public var legalBasis: [String]
        public var retention: String
        public var transfers: Int
        public var firstTransfer: CalendarDate?
        public var lastTransfer: CalendarDate?
        /// The disclosures without consent under an exception of APPI Art. 27(1), each with its date, basis and
        /// legal reference: shown apart from the provisions the agreements govern.
        public var disclosures: [String]
    }

    public enum Format: String, Sendable, CaseIterable {
        case csv
        case xml
        case json
    }

    public var asOf: CalendarDate
    public var company: String
    public var recipients: [Recipient]

    /// Every contractor with an agreement in force on `asOf` or a transfer up to then.
    init(_ snapshot: RegisterSnapshot, catalog: Catalog, asOf: CalendarDate) {
        self.asOf = asOf
        company = catalog.company.name
        let home = catalog.company.homeCountry
        let profiles = snapshot.documents.latestProfiles
        let register = snapshot.register
        // The recipients of disclosures without consent need not be registered contractors.
        let disclosed = register.provisionRecords.values.filter { if case .exception = $0.value.basis { true } else { false } }
        let ids = Set(register.contractors.keys).union(disclosed.map(\.value.contractor))
        recipients = ids.sorted().compactMap { id in
            let transfers = register.transfers.map(\.value).filter { $0.contractor == id && $0.on <= asOf }
            let agreements = snapshot.agreementHistories(of: id).compactMap { $0.inForce(on: asOf) }
            guard !transfers.isEmpty || !agreements.isEmpty else { return nil }
            let profile = profiles[id]?.document
            let disclosures = transfers.compactMap { t -> (Transfer, ProvisionRecord, ProvisionException)? in
                guard let record = register.provisionRecords[t.id]?.value, case .exception(let exception) = record.basis else { return nil }
                return (t, record, exception)
            }
            let named = disclosures.last?.1
            let fields = agreements.flatMap { $0.permitted.map(\.value.field) } + transfers.flatMap { $0.forms.map(\.field) }
            var countries = Set(agreements.flatMap(\.countries) + transfers.flatMap(\.countries))
            countries.formUnion(profile?.countries ?? [])
            let retention = agreements.map { a in
                ReportText.retention(agreement: a.id, maxDays: a.retentionMaxDays, returnOrDeleteDays: a.clauses.returnOrDeleteDays).text()
            }
            return Recipient(
                contractor: id, legalName: profile?.legalName ?? named?.recipientName ?? "",
                address: profile?.address ?? named?.recipientAddress ?? "",
                country: profile?.addressCountry ?? "", representative: profile?.representative ?? named?.recipientRepresentative ?? "",
                privacyContact: profile?.privacyContact.description ?? "",
                relationship: Array(Set(agreements.map(\.relationship.rawValue))).sorted(),
                agreements: agreements.map { "\($0.id) v\($0.version)" },
                purposes: Array(Set(agreements.flatMap(\.purposes) + transfers.map(\.purpose))).sorted(),
                dataCategories: Array(Set(fields.compactMap { catalog.field($0)?.category })).sorted(),
                specialCare: Array(Set(transfers.flatMap(\.specialCare))).sorted(),
                encryptedTransfers: transfers.filter { $0.delivery.recipientFingerprint != nil }.count,
                channels: Array(Set(transfers.compactMap { $0.delivery.channel?.rawValue })).sorted(),
                countries: countries.sorted(),
                // The register's words for the basis, read in the language chosen.
                legalBasis: Set(agreements.map { $0.legalBasis(homeCountry: home) } + transfers.map(\.legalBasis))
                    .map { RecordedWords.reading($0) }.sorted(),
                retention: retention.joined(separator: "; "), transfers: transfers.count,
                firstTransfer: transfers.map(\.on).min(), lastTransfer: transfers.map(\.on).max(),
                disclosures: disclosures.map { t, record, exception in
                    ReportText.disclosure(on: t.on, basis: RecordedWords.exception(exception).text(), reference: record.legalReference)
                        .text()
                })
        }
    }

    /// The columns, with their headings, in order; relationships are said in the language chosen.
    static let columns: [(heading: Sentence, value: @Sendable (Recipient) -> String)] = [
        (ReportText.RecipientColumn.contractor, { $0.contractor }), (ReportText.RecipientColumn.legalName, { $0.legalName }),
        (ReportText.RecipientColumn.address, { $0.address }), (ReportText.RecipientColumn.country, { $0.country }),
        (ReportText.RecipientColumn.representative, { $0.representative }),
        (ReportText.RecipientColumn.privacyContact, { $0.privacyContact }),
        (ReportText.RecipientColumn.relationship, { ContractorRegister.relationships($0.relationship) }),
        (ReportText.RecipientColumn.agreements, { $0.agreements.joined(separator: "; ") }),
        (ReportText.RecipientColumn.purposes, { $0.purposes.joined(separator: "; ") }),
        (ReportText.RecipientColumn.dataCategories, { $0.dataCategories.joined(separator: "; ") }),
        (ReportText.RecipientColumn.specialCare, { $0.specialCare.joined(separator: "; ") }),
        (ReportText.RecipientColumn.encrypted, { $0.transfers == 0 ? "" : ReportText.encryptedCount($0.encryptedTransfers, of: $0.transfers).text() }),
        (ReportText.RecipientColumn.channels, { $0.channels.joined(separator: "; ") }),
        (ReportText.RecipientColumn.countries, { $0.countries.joined(separator: "; ") }),
        (ReportText.RecipientColumn.legalBasis, { $0.legalBasis.joined(separator: "; ") }),
        (ReportText.RecipientColumn.retention, { $0.retention }), (ReportText.RecipientColumn.transfers, { String($0.transfers) }),
        (ReportText.RecipientColumn.firstTransfer, { $0.firstTransfer?.description ?? "" }),
        (ReportText.RecipientColumn.lastTransfer, { $0.lastTransfer?.description ?? "" }),
        (ReportText.RecipientColumn.disclosures, { $0.disclosures.joined(separator: "; ") }),
    ]

    /// The CSV (`CSVTable`) in `encoding`, headed in the language chosen; `file` names it in errors.
    public func csv(_ encoding: CSVEncoding, file: String) throws(InputError) -> [UInt8] {
        try CSVTable.bytes(
            header: RecipientsRecord.columns.map { $0.heading.text() },
            rows: recipients.map { r in RecipientsRecord.columns.map { $0.value(r) } }, encoding: encoding, file: file)
    }

    public var xml: String {
        func text(_ value: String) -> String { XMLText.escaped(value) ?? "" }
        func list(_ element: String, _ item: String, _ values: [String]) -> String {
            "    <\(element)>" + values.map { "<\(item)>\(text($0))</\(item)>" }.joined() + "</\(element)>"
        }
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<recipients company=\"\(text(company))\" as-of=\"\(asOf)\">",
        ]
        for r in recipients {
            lines.append("  <recipient contractor=\"\(text(r.contractor))\" transfers=\"\(r.transfers)\""
                + (r.firstTransfer.map { " first-transfer=\"\($0)\"" } ?? "") + (r.lastTransfer.map { " last-transfer=\"\($0)\"" } ?? "") + ">")
            for (element, value) in [
                ("legal-name", r.legalName), ("address", r.address), ("country", r.country),
                ("representative", r.representative), ("privacy-contact", r.privacyContact),
            ] {
                lines.append("    <\(element)>\(text(value))</\(element)>")
            }
            lines.append(list("relationships", "relationship", r.relationship))
            lines.append(list("agreements", "agreement", r.agreements))
            lines.append(list("purposes", "purpose", r.purposes))
            lines.append(list("data-categories", "category", r.dataCategories))
            lines.append(list("special-care", "field", r.specialCare))
            lines.append("    <delivery encrypted-transfers=\"\(r.encryptedTransfers)\">" + r.channels.map { "<channel>\($0)</channel>" }.joined() + "</delivery>")
            lines.append(list("countries", "country", r.countries))
            lines.append(list("legal-bases", "basis", r.legalBasis))
            lines.append("    <retention>\(text(r.retention))</retention>")
            lines.append(list("disclosures-without-consent", "disclosure", r.disclosures))
            lines.append("  </recipient>")
        }
        lines.append("</recipients>")
        return lines.joined(separator: "\n") + "\n"
    }
}
