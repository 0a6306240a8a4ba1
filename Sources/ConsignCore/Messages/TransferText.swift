/// The transfers as staff and auditors read them: `transfer list` and `transfer show`, a transfer's deletion
/// status, what `transfer record` and `transfer confirm-deletion` recorded, and why a transfer given by hand
/// is not taken.
public enum TransferText: CatalogueEntry {
    // `transfer show`, line by line.
    case heading(transfer: String, Transfer.Origin, on: CalendarDate, event: Int, recordedAt: Timestamp, by: String)
    case contractorLine(contractor: String, agreement: Transfer.DocumentReference?, Agreement.Relationship?)
    case legalBasisLine(recorded: String, countries: [String])
    case taskLine(task: Transfer.DocumentReference, purpose: String, catalog: Transfer.DocumentReference)
    case sent(forms: [String])
    case specialCare([String])
    case encryptedTo(format: String, fingerprint: String)
    case channel(String, note: String)
    case rowsLine(rows: String, subjects: String, sha256: String)
    case approvedSubContractors([String])
    case receivingSubContractors([String])
    case file(name: String, bytes: String, sha256: String)
    case package(String)
    case sourceTable(table: String, records: String)
    case deletionLine(status: String, certificate: Evaluation.Evidence?)
    case note(String)
    case chainHash(String)
    // A transfer's deletion status on a date.
    case confirmed(on: CalendarDate)
    case notConfirmed(due: CalendarDate)
    case overdue(due: CalendarDate)
    // A table's cells and headings.
    case agreement(Transfer.DocumentReference?)
    case column(Column)
    // `transfer record` and `transfer confirm-deletion`.
    case recorded(transfer: String, on: CalendarDate, contractor: String, agreement: Transfer.DocumentReference?, event: Int)
    case disclosureRecorded(transfer: String, on: CalendarDate, contractor: String, ProvisionException, event: Int)
    case deletionConfirmed(transfer: String, on: CalendarDate, sha256: String, event: Int)
    case notAFieldForm(String)
    case notInCatalog([FieldForm])
    case rowsBelowZero
    case moreSubjectsThanRows(subjects: Int, rows: Int)
    case recipientOnlyForException
    case referenceOnlyForException
    case subjectsRecorded(Int)

    /// The headings of `transfer list`.
    public enum Column: Sendable {
        case transfer, date, contractor, task, rows, agreement, deletion, recordedBy
    }

    public var english: String {
        switch self {
        case .heading(let transfer, let origin, let on, let event, let recordedAt, let by):
            return "transfer \(transfer) (\(origin.rawValue)) on \(on), event \(event), recorded \(recordedAt) by \(by)"
        case .contractorLine(let contractor, let agreement, let relationship):
            return "contractor \(contractor); "
                + (agreement.map {
                    "agreement \($0.id) v\($0.version) (\(relationship?.rawValue ?? ""), sha256 \($0.sha256.prefix(12))…)"
                } ?? "no agreement in force")
        case .legalBasisLine(let recorded, let countries):
            return "legal basis: \(recorded); countries: \(countries.joined(separator: ", "))"
        case .taskLine(let task, let purpose, let catalog):
            return "task \(task.id) v\(task.version), purpose \(purpose); catalog \(catalog.id) v\(catalog.version)"
        case .sent(let forms):
            return "sent: \(forms.joined(separator: ", "))"
        case .specialCare(let fields):
            return "of special care (APPI Art. 2(3)): \(fields.joined(separator: ", "))"
        case .encryptedTo(let format, let fingerprint):
            return "encrypted (\(format)) to the contractor's key \(fingerprint)"
        case .channel(let channel, let note):
            return "sent by \(channel)" + (note.isEmpty ? "" : " (\(note))")
        case .rowsLine(let rows, let subjects, let sha256):
            return "rows \(rows); subjects \(subjects) (sha256 \(sha256.prefix(12))…)"
        case .approvedSubContractors(let ids):
            return "sub-contractors approved for the purpose: \(ids.joined(separator: ", "))"
        case .receivingSubContractors(let ids):
            return "sub-contractors receiving it: \(ids.joined(separator: ", "))"
        case .file(let name, let bytes, let sha256):
            return "file \(name): \(bytes) bytes, sha256 \(sha256)"
        case .package(let package):
            return "package \(package)"
        case .sourceTable(let table, let records):
            return "read \(records) rows from table \(table)"
        case .deletionLine(let status, let certificate):
            return "deletion: \(status)" + (certificate.map { " (certificate \($0.file), sha256 \($0.sha256))" } ?? "")
        case .note(let note):
            return "note: \(note)"
        case .chainHash(let hash):
            return "chain hash \(hash)"
        case .confirmed(let on):
            return "confirmed on \(on)"
        case .notConfirmed(let due):
            return "not confirmed (due \(due))"
        case .overdue(let due):
            return "overdue (due \(due))"
        case .agreement(let agreement):
            return agreement.map { "\($0.id) v\($0.version)" } ?? "none"
        case .column(let column):
            switch column {
            case .transfer: return "TRANSFER"
            case .date: return "DATE"
            case .contractor: return "CONTRACTOR"
            case .task: return "TASK"
            case .rows: return "ROWS"
            case .agreement: return "AGREEMENT"
            case .deletion: return "DELETION"
            case .recordedBy: return "RECORDED BY"
            }
        case .recorded(let transfer, let on, let contractor, let agreement, let event):
            let under = agreement.map { "\($0.id) v\($0.version)" } ?? "no agreement in force"
            return "recorded transfer \(transfer) on \(on) to \(contractor) (\(under)), event \(event)"
        case .disclosureRecorded(let transfer, let on, let contractor, let exception, let event):
            return "recorded transfer \(transfer) on \(on) to \(contractor) (\(RecordedWords.exception(exception).english)) and its "
                + "provision record, events \(event) and \(event + 1)"
        case .deletionConfirmed(let transfer, let on, let sha256, let event):
            return "deletion of transfer \(transfer) confirmed on \(on): certificate sha256 \(sha256) (event \(event))"
        case .notAFieldForm(let text):
            return "'\(text)' is not a field or field:form (e.g. customer.id:hmac)"
        case .notInCatalog(let forms):
            return "not in the catalog: \(forms.map(\.description).joined(separator: ", ")) "
                + "(give fields as field or field:form, e.g. customer.id:hmac)"
        case .rowsBelowZero:
            return "--rows must be zero or more"
        case .referenceOnlyForException:
            return "--legal-reference goes with --basis (a disclosure without consent under APPI Art. 27(1))"
        case .recipientOnlyForException:
            return "--recipient-name (with its address and representative) names the recipient of a disclosure without "
                + "consent (--basis law and the other exceptions of APPI Art. 27(1)) that is not a registered contractor; "
                + "give a name, and only with such a basis"
        case .moreSubjectsThanRows(let subjects, let rows):
            return "the file lists \(subjects) different subjects, more than the \(rows) rows sent (--rows): give the ids of "
                + "the subjects of this transfer only"
        case .subjectsRecorded(let count):
            return "its \(count) subject(s) are stored as keyed hashes: subject show and the stop-use check see them"
        }
    }

    public var japanese: String {
        switch self {
        case .heading(let transfer, let origin, let on, let event, let recordedAt, let by):
            let how = origin == .extract ? "抽出" : "手作業で記録"
            return "提供 \(transfer)（\(how)、\(on)）、イベント \(event)、\(recordedAt) に \(by) が記録"
        case .contractorLine(let contractor, let agreement, let relationship):
            return "委託先 \(contractor)；"
                + (agreement.map {
                    "契約 \($0.id) 第 \($0.version) 版（\(relationship.map { Term.relationship($0).japanese } ?? "")、"
                        + "sha256 \($0.sha256.prefix(12))…）"
                } ?? "有効な契約なし")
        case .legalBasisLine(let recorded, let countries):
            return "法的根拠：\(RecordedWords.reading(recorded, .ja))；国：\(countries.joined(separator: "、"))"
        case .taskLine(let task, let purpose, let catalog):
            return "業務 \(task.id) 第 \(task.version) 版、利用目的 \(purpose)；カタログ \(catalog.id) 第 \(catalog.version) 版"
        case .sent(let forms):
            return "送った項目：\(forms.joined(separator: "、"))"
        case .specialCare(let fields):
            return "要配慮個人情報（個人情報保護法 2 条 3 項）：\(fields.joined(separator: "、"))"
        case .encryptedTo(let format, let fingerprint):
            return "委託先の鍵 \(fingerprint) に宛てて暗号化（\(format)）"
        case .channel(let channel, let note):
            return "経路 \(channel)" + (note.isEmpty ? "" : "（\(note)）")
        case .rowsLine(let rows, let subjects, let sha256):
            return "レコード \(rows) 件；本人 \(subjects) 人（sha256 \(sha256.prefix(12))…）"
        case .approvedSubContractors(let ids):
            return "利用目的について承認された再委託先：\(ids.joined(separator: "、"))"
        case .receivingSubContractors(let ids):
            return "受け取った再委託先：\(ids.joined(separator: "、"))"
        case .file(let name, let bytes, let sha256):
            return "ファイル \(name)：\(bytes) バイト、sha256 \(sha256)"
        case .package(let package):
            return "パッケージ \(package)"
        case .sourceTable(let table, let records):
            return "テーブル \(table) から \(records) 行を読み取り"
        case .deletionLine(let status, let certificate):
            return "削除・返却：\(status)" + (certificate.map { "（削除証明書 \($0.file)、sha256 \($0.sha256)）" } ?? "")
        case .note(let note):
            return "備考：\(note)"
        case .chainHash(let hash):
            return "チェーンハッシュ \(hash)"
        case .confirmed(let on):
            return "\(on) に確認済み"
        case .notConfirmed(let due):
            return "未確認（期限 \(due)）"
        case .overdue(let due):
            return "期限超過（期限 \(due)）"
        case .agreement(let agreement):
            return agreement.map { "\($0.id) 第 \($0.version) 版" } ?? "なし"
        case .column(let column):
            switch column {
            case .transfer: return "提供"
            case .date: return "日付"
            case .contractor: return "委託先"
            case .task: return "業務"
            case .rows: return "レコード数"
            case .agreement: return "契約"
            case .deletion: return "削除・返却"
            case .recordedBy: return "記録者"
            }
        case .recorded(let transfer, let on, let contractor, let agreement, let event):
            let under = agreement.map { "契約 \($0.id) 第 \($0.version) 版" } ?? "有効な契約なし"
            return "提供 \(transfer)（\(on)、委託先 \(contractor)、\(under)）を記録しました。イベント \(event) です"
        case .disclosureRecorded(let transfer, let on, let contractor, let exception, let event):
            return "提供 \(transfer)（\(on)、提供先 \(contractor)、\(RecordedWords.exception(exception).japanese)）とその提供記録を"
                + "記録しました。イベント \(event) と \(event + 1) です"
        case .deletionConfirmed(let transfer, let on, let sha256, let event):
            return "提供 \(transfer) の削除・返却を \(on) 付けで確認しました：削除証明書 sha256 \(sha256)（イベント \(event)）"
        case .notAFieldForm(let text):
            return "'\(text)' は「項目」または「項目:形式」の形ではありません（例：customer.id:hmac）"
        case .notInCatalog(let forms):
            return "カタログにありません：\(forms.map(\.description).joined(separator: "、"))"
                + "（項目は「項目」または「項目:形式」で指定してください。例：customer.id:hmac）"
        case .rowsBelowZero:
            return "--rows には 0 以上を指定してください"
        case .referenceOnlyForException:
            return "--legal-reference は --basis（個人情報保護法 27 条 1 項による本人の同意によらない提供）と一緒に指定してください"
        case .recipientOnlyForException:
            return "--recipient-name（と住所・代表者）は、登録された委託先ではない提供先への本人の同意によらない提供（--basis law "
                + "など個人情報保護法 27 条 1 項の例外）の提供先を示します。名前を指定し、その根拠のときだけ使ってください"
        case .moreSubjectsThanRows(let subjects, let rows):
            return "ファイルには \(subjects) 人の本人が記載されており、送った \(rows) 行（--rows）より多くなっています：この提供の"
                + "本人の id だけを記載してください"
        case .subjectsRecorded(let count):
            return "その本人 \(count) 人を鍵付きハッシュで保存しました：subject show と利用停止の確認の対象になります"
        }
    }
}

/// The words a transfer records for people (its legal basis; its encryption, when it was recorded by hand)
/// go into the register in English, whoever records them: the record is chained, and its package's manifest
/// says the same words. A reader sees them in their language wherever the catalogue knows them.
public enum RecordedWords: CatalogueEntry {
    case legalBasis(Agreement.Relationship, abroad: ForeignBasis.Kind?)
    /// A disclosure without consent under an exception of APPI Art. 27(1).
    case exception(ProvisionException)
    case noAgreementInForce
    case encryptionUnknown

    /// Every entry, so that recorded words can be found by their English.
    private static var known: [RecordedWords] {
        let abroad: [ForeignBasis.Kind?] = [nil] + ForeignBasis.Kind.allCases
        return [.noAgreementInForce, .encryptionUnknown]
            + [Agreement.Relationship.entrustment, .provision, .jointUse].flatMap { relationship in
                abroad.map { .legalBasis(relationship, abroad: $0) }
            } + ProvisionException.allCases.map { .exception($0) }
    }

    /// Recorded words in `language`: the catalogue's entry whose English they are, else as recorded.
    public static func reading(_ recorded: String, _ language: Language = .current) -> String {
        known.first { $0.english == recorded }?.text(language) ?? recorded
    }

    public var english: String {
        switch self {
        case .legalBasis(let relationship, let abroad):
            let basis =
                switch relationship {
                case .entrustment: "entrustment (APPI Art. 27(5)(i))"
                case .provision: "third-party provision with the subjects' consent (APPI Art. 27(1))"
                case .jointUse: "joint use with announced items (APPI Art. 27(5)(iii))"
                }
            return basis + (abroad.map { "; abroad: \($0.rawValue) (APPI Art. 28)" } ?? "")
        case .exception(let exception):
            return "disclosure without consent under APPI Art. 27(1)(\(exception.item)) (\(exception.rawValue))"
        case .noAgreementInForce:
            return "none: no agreement in force for the purpose"
        case .encryptionUnknown:
            return "unknown (recorded by hand)"
        }
    }

    public var japanese: String {
        switch self {
        case .legalBasis(let relationship, let abroad):
            let basis =
                switch relationship {
                case .entrustment: "委託（個人情報保護法 27 条 5 項 1 号）"
                case .provision: "本人の同意による第三者提供（個人情報保護法 27 条 1 項）"
                case .jointUse: "共同利用（個人情報保護法 27 条 5 項 3 号。公表した事項による）"
                }
            return basis + (abroad.map { "；外国への提供：\(Self.japanese($0))（個人情報保護法 28 条）" } ?? "")
        case .exception(let exception):
            return "本人の同意によらない提供（個人情報保護法 27 条 1 項 \(Self.japaneseItem(exception)) 号：\(exception.rawValue)）"
        case .noAgreementInForce:
            return "なし：利用目的について有効な契約がありません"
        case .encryptionUnknown:
            return "不明（手作業で記録）"
        }
    }

    private static func japaneseItem(_ exception: ProvisionException) -> String {
        String(ProvisionException.allCases.firstIndex(of: exception)! + 1)
    }

    private static func japanese(_ kind: ForeignBasis.Kind) -> String {
        switch kind {
        case .euUKAdequacy: "EU・英国の十分性認定"
        case .equivalentMeasuresContract: "相当措置を定めた契約"
        case .apecCBPR: "APEC CBPR 認証"
        case .consent: "本人の同意"
        }
    }
}
