import ConsignCore

/// The contractor register a Privacy Mark auditor asks for (委託先管理台帳), generated from the records and
/// never kept by hand: one row per contractor with its tasks, the data items and records sent, its
/// selection and periodic evaluations, its agreement with clause coverage a)–h), its sub-contractors and
/// the deletion confirmations.
public struct ContractorRegister: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public var contractor: String
        public var legalName: String
        public var address: String
        public var country: String
        public var status: ContractorStatus
        public var privacyContact: String
        public var tasks: [String]
        public var dataItems: [String]
        /// The fields of special care among them (APPI 要配慮個人情報).
        public var specialCare: [String]
        /// How many of the transfers went encrypted to the contractor's key, and the channels recorded.
        public var encryptedTransfers: Int
        public var channels: [String]
        public var recordsSent: Int
        public var transfers: Int
        public var firstTransfer: CalendarDate?
        public var lastTransfer: CalendarDate?
        public var selectionEvaluation: CalendarDate?
        public var selectionResult: String
        public var agreement: String
        public var agreementVersions: [Int]
        public var agreementPeriod: String
        public var relationship: String
        public var clauses: String
        public var subContractors: [String]
        public var lastPeriodicEvaluation: CalendarDate?
        public var nextPeriodicEvaluation: CalendarDate?
        public var deletionsConfirmed: String
    }

    public var asOf: CalendarDate
    public var rows: [Row]

    /// The columns, with their headings, in order; the values a person reads (a status, a result, a
    /// relationship) are said in the language chosen, the ids and dates as they are.
    static let columns: [(heading: Sentence, value: @Sendable (Row) -> String)] = [
        (ReportText.RegisterColumn.contractor, { $0.contractor }),
        (ReportText.RegisterColumn.legalName, { $0.legalName }),
        (ReportText.RegisterColumn.address, { $0.address }),
        (ReportText.RegisterColumn.country, { $0.country }),
        (ReportText.RegisterColumn.status, { Term.status($0.status).text() }),
        (ReportText.RegisterColumn.privacyContact, { $0.privacyContact }),
        (ReportText.RegisterColumn.tasks, { $0.tasks.joined(separator: "; ") }),
        (ReportText.RegisterColumn.dataItems, { $0.dataItems.joined(separator: "; ") }),
        (ReportText.RegisterColumn.specialCare, { $0.specialCare.joined(separator: "; ") }),
        (ReportText.RegisterColumn.encrypted, { $0.transfers == 0 ? "" : ReportText.encryptedCount($0.encryptedTransfers, of: $0.transfers).text() }),
        (ReportText.RegisterColumn.channels, { $0.channels.joined(separator: "; ") }),
        (ReportText.RegisterColumn.recordsSent, { $0.transfers == 0 ? "" : String($0.recordsSent) }),
        (ReportText.RegisterColumn.transfers, { String($0.transfers) }),
        (ReportText.RegisterColumn.firstTransfer, { $0.firstTransfer?.description ?? "" }),
        (ReportText.RegisterColumn.lastTransfer, { $0.lastTransfer?.description ?? "" }),
        (ReportText.RegisterColumn.selectionEvaluation, { $0.selectionEvaluation?.description ?? "" }),
        (ReportText.RegisterColumn.selectionResult, { Evaluation.Result(rawValue: $0.selectionResult).map { Term.result($0).text() } ?? "" }),
        (ReportText.RegisterColumn.agreement, { $0.agreement }),
        (ReportText.RegisterColumn.agreementVersion, { $0.agreementVersions.map(String.init).joined(separator: "; ") }),
        (ReportText.RegisterColumn.agreementPeriod, { $0.agreementPeriod }),
        (ReportText.RegisterColumn.relationship, { relationships($0.relationship.split(separator: "; ").map(String.init)) }),
        (ReportText.RegisterColumn.clauses, { $0.clauses }),
        (ReportText.RegisterColumn.subContractors, { $0.subContractors.isEmpty ? ReportText.none.text() : $0.subContractors.joined(separator: "; ") }),
        (ReportText.RegisterColumn.lastPeriodicEvaluation, { $0.lastPeriodicEvaluation?.description ?? "" }),
        (ReportText.RegisterColumn.nextPeriodicEvaluation, { $0.nextPeriodicEvaluation?.description ?? "" }),
        (ReportText.RegisterColumn.deletionsConfirmed, { $0.deletionsConfirmed }),
    ]

    init(_ snapshot: RegisterSnapshot, asOf: CalendarDate) {
        self.asOf = asOf
        let register = snapshot.register
        let profiles = snapshot.documents.latestProfiles
        rows = register.contractors.values.sorted { $0.id < $1.id }.map { record in
            let profile = profiles[record.id]?.document
            let transfers = register.transfers.map(\.value).filter { $0.contractor == record.id && $0.on <= asOf }
            let evaluations = record.evaluations.map(\.value).filter { $0.on <= asOf }
            let selection = Planner.latestEvaluation(evaluations.filter { $0.kind == .selection })
            let periodic = Planner.latestEvaluation(evaluations.filter { $0.kind == .periodic })
            let lastEvaluation = [selection, periodic].compactMap { $0 }.filter { $0.result == .pass }.map(\.on).max()
            let histories = snapshot.agreementHistories(of: record.id)
            // The agreements in force; when none is, the one that ended last.
            var agreements = histories.compactMap { $0.inForce(on: asOf) }
            if agreements.isEmpty, let ended = histories.compactMap({ $0.current(on: asOf) }).max(by: { $0.effectiveTo < $1.effectiveTo }) {
                agreements = [ended]
            }
            let confirmed = transfers.filter { t in register.deletions[t.id].map { $0.value.on <= asOf } ?? false }
            let status = record.status(on: asOf)
            var subContractors = Set(profile?.subContractors.map(\.id) ?? [])
            subContractors.formUnion(transfers.flatMap(\.receivingSubContractors))
            return Row(
                contractor: record.id, legalName: profile?.legalName ?? "", address: profile?.address ?? "",
                country: profile?.addressCountry ?? "", status: status,
                privacyContact: profile?.privacyContact.description ?? "",
                tasks: Array(Set(transfers.map(\.task.id))).sorted(),
                dataItems: Array(Set(transfers.flatMap { $0.forms.map(\.description) })).sorted(),
                specialCare: Array(Set(transfers.flatMap(\.specialCare))).sorted(),
                encryptedTransfers: transfers.filter { $0.delivery.recipientFingerprint != nil }.count,
                channels: Array(Set(transfers.compactMap { $0.delivery.channel?.rawValue })).sorted(),
                recordsSent: transfers.reduce(0) { $0 + $1.rows }, transfers: transfers.count,
                firstTransfer: transfers.map(\.on).min(), lastTransfer: transfers.map(\.on).max(),
                selectionEvaluation: selection?.on, selectionResult: selection?.result.rawValue ?? "",
                agreement: agreements.map(\.id).joined(separator: "; "),
                agreementVersions: agreements.map(\.version),
                agreementPeriod: agreements.map { "\($0.effectiveFrom)/\($0.effectiveTo)" }.joined(separator: "; "),
                relationship: agreements.map(\.relationship.rawValue).joined(separator: "; "),
                clauses: agreements.map { ContractorRegister.clauseCoverage($0.clauses).text() }.joined(separator: "; "),
                subContractors: subContractors.sorted(),
                lastPeriodicEvaluation: periodic?.on,
                nextPeriodicEvaluation: status == .terminated ? nil : lastEvaluation?.adding(years: AuditRules.evaluationYears),
                deletionsConfirmed: transfers.isEmpty
                    ? ""
                    : ReportText.deletionsConfirmed(
                        confirmed.count, of: transfers.count, last: confirmed.compactMap { register.deletions[$0.id]?.value.on }.max()
                    ).text())
        }
    }

    /// `a b c d e f g h` with a missing clause shown as `-` and named after it.
    static func clauseCoverage(_ clauses: Clauses) -> ReportText {
        let present = clauses.present
        let letters = Clauses.catalogue.map { present[$0.letter] == nil ? "-" : String($0.letter) }.joined(separator: " ")
        return .clauseCoverage(letters: letters, missing: clauses.missing)
    }

    /// Relationships by their codes (`entrustment`, `provision`) as a person reads them.
    static func relationships(_ codes: [String]) -> String {
        codes.compactMap { Agreement.Relationship(rawValue: $0).map { Term.relationship($0).text() } }.joined(separator: "; ")
    }

    /// The CSV (`CSVTable`) in `encoding`, headed in the language chosen; `file` names it in errors.
    public func csv(_ encoding: CSVEncoding, file: String) throws(InputError) -> [UInt8] {
        try CSVTable.bytes(
            header: ContractorRegister.columns.map { $0.heading.text() },
            rows: rows.map { row in ContractorRegister.columns.map { $0.value(row) } }, encoding: encoding, file: file)
    }
}
