import ConsignCore
import ConsignPipeline

/// The records of provisions to third parties (第三者提供記録, APPI Art. 29, PPC Rule 20) in a period: for each
/// provision, the date, the recipient (name, address, representative), the persons (how many, by their keyed
/// hashes, which `subject show` answers for one person), the items sent, the consent it rested on (or the
/// exception of Art. 27(1) and its legal reference), the recipient's purposes, and from which date the record
/// may be discarded (PPC Rule 21: three years, or one year after the last provision when the contract with the
/// person stands for the record).
public struct ProvisionRecords: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public var transfer: String
        public var on: CalendarDate
        public var recipient: String
        public var recipientName: String
        public var recipientAddress: String
        public var recipientRepresentative: String
        /// `consent`, or the exception of Art. 27(1) (`law`, ...).
        public var basis: String
        /// The consent or the exception, in words.
        public var basisWords: String
        public var consentField: String
        public var legalReference: String
        public var agreement: String
        public var recipientPurposes: String
        /// The persons provided: the keyed hashes' count (rows sent, when a transfer recorded by hand named none)
        /// and the SHA-256 of the set.
        public var persons: Int
        public var personsSHA256: String
        /// The items: the field forms sent, and their data categories.
        public var items: [String]
        public var dataCategories: [String]
        public var countries: [String]
        /// How the recipient obtains the persons' consent for personal-related information (Art. 31), if sent.
        public var personalRelatedConsent: String
        public var recordMethod: String
        public var discardableFrom: CalendarDate
    }

    public var asOf: CalendarDate
    public var from: CalendarDate?
    public var to: CalendarDate?
    public var company: String
    public var provisions: [Entry]

    /// The provisions with a record, dated from `from` to `to` (inclusive) and on or before `asOf`.
    init(_ snapshot: RegisterSnapshot, catalog: Catalog, asOf: CalendarDate, from: CalendarDate?, to: CalendarDate?) {
        self.asOf = asOf
        self.from = from
        self.to = to
        company = catalog.company.name
        let register = snapshot.register
        // The last provision under each agreement: a record the contract stands for is kept a year after it.
        var lastUnder: [String: CalendarDate] = [:]
        for recorded in register.transfers where recorded.value.on <= asOf && register.provisionRecords[recorded.value.id] != nil {
            guard let agreement = recorded.value.agreement?.id else { continue }
            lastUnder[agreement] = max(lastUnder[agreement] ?? recorded.value.on, recorded.value.on)
        }
        // In the register's order: by date, then as recorded.
        provisions = register.transfers.sorted { ($0.value.on, $0.sequence) < ($1.value.on, $1.sequence) }.compactMap {
            recorded -> Entry? in
            let t = recorded.value
            guard let record = register.provisionRecords[t.id]?.value, t.on <= asOf, from.map({ $0 <= t.on }) ?? true,
                to.map({ t.on <= $0 }) ?? true
            else { return nil }
            let basisWords: String =
                switch record.basis {
                case .consent: ReportText.provisionConsent(field: record.consentField).text()
                case .exception(let exception): RecordedWords.exception(exception).text()
                }
            return Entry(
                transfer: t.id, on: t.on, recipient: t.contractor, recipientName: record.recipientName,
                recipientAddress: record.recipientAddress, recipientRepresentative: record.recipientRepresentative,
                basis: record.basis.code, basisWords: basisWords, consentField: record.consentField,
                legalReference: record.legalReference, agreement: t.agreement.map { "\($0.id) v\($0.version)" } ?? "",
                recipientPurposes: record.recipientPurposes, persons: t.subjects.count > 0 ? t.subjects.count : t.rows,
                personsSHA256: t.subjects.sha256, items: t.forms.map(\.description),
                dataCategories: Array(Set(t.forms.compactMap { catalog.field($0.field)?.category })).sorted(),
                countries: t.countries, personalRelatedConsent: record.personalRelatedConsent ?? "",
                recordMethod: record.recordMethod.rawValue,
                discardableFrom: record.discardableFrom(on: t.on, lastUnderAgreement: t.agreement.flatMap { lastUnder[$0.id] } ?? t.on))
        }
    }

    /// The columns, with their headings, in order.
    static let columns: [(heading: Sentence, value: @Sendable (Entry) -> String)] = [
        (ReportText.ProvisionColumn.on, { $0.on.description }), (ReportText.ProvisionColumn.transfer, { $0.transfer }),
        (ReportText.ProvisionColumn.recipient, { $0.recipient }), (ReportText.RecipientColumn.legalName, { $0.recipientName }),
        (ReportText.RecipientColumn.address, { $0.recipientAddress }),
        (ReportText.RecipientColumn.representative, { $0.recipientRepresentative }),
        (ReportText.ProvisionColumn.persons, { String($0.persons) }),
        (ReportText.ProvisionColumn.personsSHA256, { $0.personsSHA256 }),
        (ReportText.ProvisionColumn.items, { $0.items.joined(separator: "; ") }),
        (ReportText.RecipientColumn.dataCategories, { $0.dataCategories.joined(separator: "; ") }),
        (ReportText.ProvisionColumn.basis, { $0.basisWords }),
        (ReportText.ProvisionColumn.legalReference, { $0.legalReference }),
        (ReportText.ProvisionColumn.agreement, { $0.agreement }),
        (ReportText.ProvisionColumn.recipientPurposes, { $0.recipientPurposes }),
        (ReportText.RecipientColumn.countries, { $0.countries.joined(separator: "; ") }),
        (ReportText.ProvisionColumn.personalRelated, { $0.personalRelatedConsent }),
        (ReportText.ProvisionColumn.discardableFrom, { $0.discardableFrom.description }),
    ]

    /// The CSV (`CSVTable`) in `encoding`, headed in the language chosen; `file` names it in errors.
    public func csv(_ encoding: CSVEncoding, file: String) throws(InputError) -> [UInt8] {
        try CSVTable.bytes(
            header: ProvisionRecords.columns.map { $0.heading.text() },
            rows: provisions.map { p in ProvisionRecords.columns.map { $0.value(p) } }, encoding: encoding, file: file)
    }

    public var xml: String {
        func text(_ value: String) -> String { XMLText.escaped(value) ?? "" }
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<provision-records company=\"\(text(company))\" as-of=\"\(asOf)\""
                + (from.map { " from=\"\($0)\"" } ?? "") + (to.map { " to=\"\($0)\"" } ?? "") + ">",
        ]
        for p in provisions {
            lines.append(
                "  <provision transfer=\"\(text(p.transfer))\" on=\"\(p.on)\" basis=\"\(p.basis)\" "
                    + "discardable-from=\"\(p.discardableFrom)\" record-method=\"\(p.recordMethod)\">")
            lines.append(
                "    <recipient id=\"\(text(p.recipient))\"><name>\(text(p.recipientName))</name>"
                    + "<address>\(text(p.recipientAddress))</address>"
                    + "<representative>\(text(p.recipientRepresentative))</representative></recipient>")
            lines.append("    <persons count=\"\(p.persons)\" sha256=\"\(p.personsSHA256)\"/>")
            lines.append("    <items>" + p.items.map { "<item>\(text($0))</item>" }.joined() + "</items>")
            lines.append("    <basis>\(text(p.basisWords))</basis>")
            for (element, value) in [
                ("consent-field", p.consentField), ("legal-reference", p.legalReference), ("agreement", p.agreement),
                ("recipient-purposes", p.recipientPurposes), ("personal-related-consent", p.personalRelatedConsent),
            ] where !value.isEmpty {
                lines.append("    <\(element)>\(text(value))</\(element)>")
            }
            lines.append("    <countries>" + p.countries.map { "<country>\($0)</country>" }.joined() + "</countries>")
            lines.append("  </provision>")
        }
        lines.append("</provision-records>")
        return lines.joined(separator: "\n") + "\n"
    }
}
