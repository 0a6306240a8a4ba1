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
        public var status: String
        public var privacyContact: String
        public var tasks: [String]
        public var dataItems: [String]
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

    /// The columns, with their English and Japanese headers, in order.
    static let columns: [(en: String, ja: String, value: @Sendable (Row) -> String)] = [
        ("contractor", "委託先ID", { $0.contractor }),
        ("legal name", "委託先名称", { $0.legalName }),
        ("address", "所在地", { $0.address }),
        ("country", "国", { $0.country }),
        ("status", "状態", { $0.status }),
        ("privacy contact", "個人情報の問合せ窓口", { $0.privacyContact }),
        ("tasks", "委託業務", { $0.tasks.joined(separator: "; ") }),
        ("data items sent", "提供した個人データ項目", { $0.dataItems.joined(separator: "; ") }),
        ("records sent", "提供件数", { $0.transfers == 0 ? "" : String($0.recordsSent) }),
        ("transfers", "提供回数", { String($0.transfers) }),
        ("first transfer", "初回提供日", { $0.firstTransfer?.description ?? "" }),
        ("last transfer", "最終提供日", { $0.lastTransfer?.description ?? "" }),
        ("selection evaluation", "選定評価日", { $0.selectionEvaluation?.description ?? "" }),
        ("selection result", "選定評価結果", { $0.selectionResult }),
        ("agreement", "契約ID", { $0.agreement }),
        ("agreement version", "契約版", { $0.agreementVersions.map(String.init).joined(separator: "; ") }),
        ("agreement period", "契約期間", { $0.agreementPeriod }),
        ("relationship", "提供の形態", { $0.relationship }),
        ("clauses a)-h)", "契約条項 a)〜h)", { $0.clauses }),
        ("sub-contractors", "再委託先", { $0.subContractors.isEmpty ? "none" : $0.subContractors.joined(separator: "; ") }),
        ("last periodic evaluation", "直近の定期評価日", { $0.lastPeriodicEvaluation?.description ?? "" }),
        ("next periodic evaluation", "次回定期評価期限", { $0.nextPeriodicEvaluation?.description ?? "" }),
        ("deletions confirmed", "削除・返却の確認", { $0.deletionsConfirmed }),
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
                country: profile?.addressCountry ?? "", status: status.rawValue,
                privacyContact: profile?.privacyContact.description ?? "",
                tasks: Array(Set(transfers.map(\.task.id))).sorted(),
                dataItems: Array(Set(transfers.flatMap { $0.forms.map(\.description) })).sorted(),
                recordsSent: transfers.reduce(0) { $0 + $1.rows }, transfers: transfers.count,
                firstTransfer: transfers.map(\.on).min(), lastTransfer: transfers.map(\.on).max(),
                selectionEvaluation: selection?.on, selectionResult: selection?.result.rawValue ?? "",
                agreement: agreements.map(\.id).joined(separator: "; "),
                agreementVersions: agreements.map(\.version),
                agreementPeriod: agreements.map { "\($0.effectiveFrom)/\($0.effectiveTo)" }.joined(separator: "; "),
                relationship: agreements.map(\.relationship.rawValue).joined(separator: "; "),
                clauses: agreements.map { ContractorRegister.clauseCoverage($0.clauses) }.joined(separator: "; "),
                subContractors: subContractors.sorted(),
                lastPeriodicEvaluation: periodic?.on,
                nextPeriodicEvaluation: status == .terminated ? nil : lastEvaluation?.adding(years: AuditRules.evaluationYears),
                deletionsConfirmed: transfers.isEmpty
                    ? "" : "\(confirmed.count) of \(transfers.count)"
                        + (confirmed.compactMap { register.deletions[$0.id]?.value.on }.max().map { ", last on \($0)" } ?? ""))
        }
    }

    /// `a b c d e f g h` with a missing clause shown as `-` and named after it.
    static func clauseCoverage(_ clauses: Clauses) -> String {
        let present = clauses.present
        let letters = Clauses.catalogue.map { present[$0.letter] == nil ? "-" : String($0.letter) }.joined(separator: " ")
        let missing = clauses.missing
        return missing.isEmpty ? letters : letters + " (missing " + missing.map { "\($0))" }.joined(separator: ", ") + ")"
    }

    /// UTF-8 with a BOM so that Excel opens it correctly; headers in English or Japanese.
    public func csv(language: Language = .current) -> [UInt8] {
        ReportCSV.bytes(
            header: ContractorRegister.columns.map { language == .ja ? $0.ja : $0.en },
            rows: rows.map { row in ContractorRegister.columns.map { $0.value(row) } })
    }
}
