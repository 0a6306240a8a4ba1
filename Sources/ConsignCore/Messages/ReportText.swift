/// The reports' words: the contractor register (委託先管理台帳) and the recipients record, their column
/// headings and the values in them that people read, the HTML report for auditors, and what the report
/// commands say when they write a file. Ids, codes and dates in the reports stay as they are.
public enum ReportText: CatalogueEntry {
    // Values of the registers.
    case deletionsConfirmed(Int, of: Int, last: CalendarDate?)
    case clauseCoverage(letters: String, missing: [Character])
    case retention(agreement: String, maxDays: Int, returnOrDeleteDays: Int?)
    // What a report command says once it wrote its file.
    case written(String, to: String)
    case recipientsWritten(asOf: CalendarDate, contractors: Int, to: String)
    case contractorRegisterWritten(asOf: CalendarDate, contractors: Int, to: String)
    case provisionsWritten(asOf: CalendarDate, provisions: Int, to: String)
    /// The basis of a provision with consent, in the provision records.
    case provisionConsent(field: String)
    /// The disclosures without consent a recipient received, in the recipients record.
    case disclosure(on: CalendarDate, basis: String, reference: String)
    // The HTML report.
    case title(company: String, asOf: CalendarDate)
    case heading(company: String)
    case asOf(CalendarDate, ledgerHead: String, events: Int)
    case coverageCellTitle(permitted: [String], sent: [String], notPermitted: [String])
    case versionSpan(agreement: String, version: Int, from: CalendarDate, to: CalendarDate)
    case agreementEnd(agreement: String, on: CalendarDate, passed: Bool)
    case timelineLegend(asOf: CalendarDate, noticeDays: Int)
    case monthlyBar(month: String, contractor: String, transfers: Int)
    case olderTransfers(Int, before: String)

    /// A register's cell that lists nothing (no sub-contractor).
    public static let none = Sentence("none", "なし")
    public static let htmlFormatNeedsOut = Sentence("give --out FILE (e.g. --out audit.html)", "--out FILE を指定してください（例：--out audit.html）")

    /// The contractor register's columns, in order.
    public enum RegisterColumn {
        public static let contractor = Sentence("contractor", "委託先ID")
        public static let legalName = Sentence("legal name", "委託先名称")
        public static let address = Sentence("address", "所在地")
        public static let country = Sentence("country", "国")
        public static let status = Sentence("status", "状態")
        public static let privacyContact = Sentence("privacy contact", "個人情報の問合せ窓口")
        public static let tasks = Sentence("tasks", "委託業務")
        public static let dataItems = Sentence("data items sent", "提供した個人データ項目")
        public static let specialCare = Sentence("special-care data sent", "提供した要配慮個人情報")
        public static let encrypted = Sentence("transfers encrypted", "暗号化した提供")
        public static let channels = Sentence("channels", "受け渡しの経路")
        public static let recordsSent = Sentence("records sent", "提供件数")
        public static let transfers = Sentence("transfers", "提供回数")
        public static let firstTransfer = Sentence("first transfer", "初回提供日")
        public static let lastTransfer = Sentence("last transfer", "最終提供日")
        public static let selectionEvaluation = Sentence("selection evaluation", "選定時評価日")
        public static let selectionResult = Sentence("selection result", "選定時評価結果")
        public static let agreement = Sentence("agreement", "契約ID")
        public static let agreementVersion = Sentence("agreement version", "契約版")
        public static let agreementPeriod = Sentence("agreement period", "契約期間")
        public static let relationship = Sentence("relationship", "提供の形態")
        public static let clauses = Sentence("clauses a)-h)", "契約条項 a)〜h)")
        public static let subContractors = Sentence("sub-contractors", "再委託先")
        public static let lastPeriodicEvaluation = Sentence("last periodic evaluation", "直近の定期評価日")
        public static let nextPeriodicEvaluation = Sentence("next periodic evaluation", "次回定期評価期限")
        public static let deletionsConfirmed = Sentence("deletions confirmed", "削除・返却の確認")
    }

    /// The provision records' columns, in order (with some of the recipients record's).
    public enum ProvisionColumn {
        public static let on = Sentence("date of provision", "提供年月日")
        public static let transfer = Sentence("transfer", "提供ID")
        public static let recipient = Sentence("recipient", "提供先ID")
        public static let persons = Sentence("persons", "本人の数")
        public static let personsSHA256 = Sentence("persons (SHA-256 of their keyed hashes)", "本人（鍵付きハッシュの SHA-256）")
        public static let items = Sentence("items of personal data", "個人データの項目")
        public static let basis = Sentence("consent or basis", "本人の同意または根拠")
        public static let legalReference = Sentence("legal reference", "法令等の根拠")
        public static let agreement = Sentence("agreement", "契約")
        public static let recipientPurposes = Sentence("recipient's purposes of use", "提供先の利用目的")
        public static let personalRelated = Sentence(
            "personal-related information: recipient's consent confirmed", "個人関連情報：提供先の本人同意の確認")
        public static let discardableFrom = Sentence("record may be discarded from", "記録の保存期限の翌日")
    }

    /// The recipients record's columns, in order.
    public enum RecipientColumn {
        public static let contractor = Sentence("contractor", "委託先ID")
        public static let legalName = Sentence("legal name", "委託先名称")
        public static let address = Sentence("address", "所在地")
        public static let country = Sentence("country", "国")
        public static let representative = Sentence("representative", "代表者")
        public static let privacyContact = Sentence("privacy contact", "個人情報の問合せ窓口")
        public static let relationship = Sentence("relationship", "提供の形態")
        public static let agreements = Sentence("agreements in force", "有効な契約")
        public static let specialCare = Sentence("special-care data sent", "提供した要配慮個人情報")
        public static let encrypted = Sentence("transfers encrypted", "暗号化した提供")
        public static let channels = Sentence("channels", "受け渡しの経路")
        public static let purposes = Sentence("purposes", "利用目的")
        public static let dataCategories = Sentence("data categories", "データ区分")
        public static let countries = Sentence("countries", "提供先の国")
        public static let legalBasis = Sentence("legal basis", "法的根拠")
        public static let retention = Sentence("retention", "保存期間")
        public static let transfers = Sentence("transfers", "提供回数")
        public static let firstTransfer = Sentence("first transfer", "初回提供日")
        public static let lastTransfer = Sentence("last transfer", "最終提供日")
        public static let disclosures = Sentence("disclosures without consent", "本人の同意によらない提供")
    }

    /// The HTML report's headings, labels and fixed sentences.
    public enum Page {
        public static let summary = Sentence("Summary", "概要")
        public static let errors = Sentence("Errors", "エラー")
        public static let warnings = Sentence("Warnings", "警告")
        public static let contractors = Sentence("Contractors", "委託先")
        public static let agreementsInForce = Sentence("Agreements (in force)", "契約（うち有効）")
        public static let transfers = Sentence("Transfers", "提供")
        public static let recordsSent = Sentence("Records sent", "提供したレコード")
        public static let ledger = Sentence("Ledger", "台帳")
        public static let ledgerBroken = Sentence("BROKEN", "破損")
        public static let ledgerIntact = Sentence("intact", "異常なし")
        public static let findings = Sentence("Findings", "指摘")
        public static let noFindings = Sentence("No findings.", "指摘はありません。")
        public static let severity = Sentence("Severity", "重大度")
        public static let code = Sentence("Code", "コード")
        public static let finding = Sentence("Finding", "指摘")
        public static let rule = Sentence("Rule", "根拠")
        public static let records = Sentence("Records", "記録")
        public static let coverage = Sentence("Coverage: contractors × data categories", "提供範囲：委託先 × データ区分")
        public static let contractor = Sentence("Contractor", "委託先")
        public static let agreementsInForceColumn = Sentence("Agreements in force", "有効な契約")
        public static let sent = Sentence("sent", "提供済み")
        public static let permitted = Sentence("permitted", "許可のみ")
        public static let sentNotPermitted = Sentence("sent, not permitted", "許可なく提供")
        public static let coverageLegend = Sentence(
            "sent: permitted by an agreement in force and sent; permitted: never sent; sent, not permitted: sent, but no "
                + "agreement in force permits it now.",
            "提供済み：有効な契約で認められ、提供したもの；許可のみ：提供していないもの；許可なく提供：提供したが、"
                + "いま有効な契約のどれも認めていないもの。")
        public static let timeline = Sentence("Agreement timeline", "契約の期間")
        public static let noAgreements = Sentence("No agreements registered.", "登録された契約はありません。")
        public static let monthly = Sentence("Transfers per month per contractor", "委託先別・月別の提供")
        public static let noTransfers = Sentence("No transfers recorded.", "記録された提供はありません。")
    }

    public var english: String {
        switch self {
        case .deletionsConfirmed(let confirmed, let of, let last):
            return "\(confirmed) of \(of)" + (last.map { ", last on \($0)" } ?? "")
        case .clauseCoverage(let letters, let missing):
            return missing.isEmpty ? letters : letters + " (missing " + missing.map { "\($0))" }.joined(separator: ", ") + ")"
        case .retention(let agreement, let maxDays, let returnOrDeleteDays):
            return "\(agreement): at most \(maxDays) days"
                + (returnOrDeleteDays.map { "; returned or deleted within \($0) days of the end" } ?? "")
        case .written(let what, let file):
            return "\(what); written to \(file)"
        case .recipientsWritten(let asOf, let contractors, let file):
            return "recipients as of \(asOf): \(contractors) contractor(s); written to \(file)"
        case .contractorRegisterWritten(let asOf, let contractors, let file):
            return "contractor register as of \(asOf): \(contractors) contractor(s); written to \(file)"
        case .provisionsWritten(let asOf, let provisions, let file):
            return "provision records as of \(asOf): \(provisions) provision(s); written to \(file)"
        case .provisionConsent(let field):
            return "the person's consent (recorded in \(field), given on or before the date of provision)"
        case .disclosure(let on, let basis, let reference):
            return "\(on) \(basis)" + (reference.isEmpty ? "" : ": \(reference)")
        case .title(let company, let asOf):
            return "consign audit report — \(company) — \(asOf)"
        case .heading(let company):
            return "consign audit report: \(company)"
        case .asOf(let asOf, let ledgerHead, let events):
            return "As of \(asOf). Generated from the register alone; ledger head \(ledgerHead) after \(events) events."
        case .coverageCellTitle(let permitted, let sent, let notPermitted):
            return "permitted: \(permitted.joined(separator: ", ")); sent: \(sent.joined(separator: ", "))"
                + (notPermitted.isEmpty ? "" : "; not permitted: \(notPermitted.joined(separator: ", "))")
        case .versionSpan(let agreement, let version, let from, let to):
            return "\(agreement) v\(version): \(from) to \(to)"
        case .agreementEnd(let agreement, let on, let passed):
            return "\(agreement) \(passed ? "expired" : "expires") on \(on)"
        case .timelineLegend(let asOf, let noticeDays):
            return "Green: in force; grey: ended; blue: not yet in force; red diamond: the agreement's end (past, or within "
                + "\(noticeDays) days); dashed line: \(asOf)."
        case .monthlyBar(let month, let contractor, let transfers):
            return "\(month) \(contractor): \(transfers) transfer(s)"
        case .olderTransfers(let count, let before):
            return "\(thousands(count)) older transfer(s) before \(before) are not shown."
        }
    }

    public var japanese: String {
        switch self {
        case .deletionsConfirmed(let confirmed, let of, let last):
            return "\(of) 件中 \(confirmed) 件" + (last.map { "（最終 \($0)）" } ?? "")
        case .clauseCoverage(let letters, let missing):
            return missing.isEmpty ? letters : letters + "（欠落：" + missing.map { "\($0))" }.joined(separator: "、") + "）"
        case .retention(let agreement, let maxDays, let returnOrDeleteDays):
            return "\(agreement)：最長 \(maxDays) 日"
                + (returnOrDeleteDays.map { "。終了後 \($0) 日以内に削除・返却" } ?? "")
        case .written(let what, let file):
            return "\(what)。\(file) に書き出しました"
        case .recipientsWritten(let asOf, let contractors, let file):
            return "\(asOf) 時点の提供先：委託先 \(contractors) 件。\(file) に書き出しました"
        case .contractorRegisterWritten(let asOf, let contractors, let file):
            return "\(asOf) 時点の委託先管理台帳：委託先 \(contractors) 件。\(file) に書き出しました"
        case .provisionsWritten(let asOf, let provisions, let file):
            return "\(asOf) 時点の第三者提供記録：提供 \(provisions) 件。\(file) に書き出しました"
        case .provisionConsent(let field):
            return "本人の同意（\(field) に記録。提供年月日以前に取得）"
        case .disclosure(let on, let basis, let reference):
            return "\(on) \(basis)" + (reference.isEmpty ? "" : "：\(reference)")
        case .title(let company, let asOf):
            return "consign 監査報告書 — \(company) — \(asOf)"
        case .heading(let company):
            return "consign 監査報告書：\(company)"
        case .asOf(let asOf, let ledgerHead, let events):
            return "\(asOf) 時点。台帳の記録だけから作成しました。イベント \(events) 件の時点の台帳のヘッドは \(ledgerHead) です。"
        case .coverageCellTitle(let permitted, let sent, let notPermitted):
            return "許可：\(permitted.joined(separator: "、"))；提供：\(sent.joined(separator: "、"))"
                + (notPermitted.isEmpty ? "" : "；許可なし：\(notPermitted.joined(separator: "、"))")
        case .versionSpan(let agreement, let version, let from, let to):
            return "\(agreement) 第 \(version) 版：\(from)〜\(to)"
        case .agreementEnd(let agreement, let on, let passed):
            return "\(agreement) は \(on) に終了\(passed ? "しました" : "します")"
        case .timelineLegend(let asOf, let noticeDays):
            return "緑：有効；灰色：終了；青：未発効；赤のひし形：契約の終了（過去、または \(noticeDays) 日以内）；破線：\(asOf)。"
        case .monthlyBar(let month, let contractor, let transfers):
            return "\(month) \(contractor)：提供 \(transfers) 件"
        case .olderTransfers(let count, let before):
            return "\(before) より前の提供 \(thousands(count)) 件は表示していません。"
        }
    }
}

extension ReportText {
    /// How many of a contractor's transfers went encrypted to its key: "3 of 5".
    public static func encryptedCount(_ encrypted: Int, of transfers: Int) -> Sentence {
        Sentence("\(encrypted) of \(transfers)", "\(transfers) 件中 \(encrypted) 件")
    }
}
