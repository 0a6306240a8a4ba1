/// The request register's sentences: what `subject request`, `answer`, `notified` and `requests` say, and
/// their help.
public enum RequestText: CatalogueEntry {
    case recorded(id: String, kind: SubjectRequest.Kind, hash: String, received: CalendarDate, due: CalendarDate, event: Int)
    case tellBy(CalendarDate)
    case answerRecorded(id: String, on: CalendarDate, event: Int)
    case noticeRecorded(id: String, contractor: String, on: CalendarDate, event: Int)
    case fieldsNotInCatalog([String])
    case fieldsOnlyForCorrection(SubjectRequest.Kind)
    // `subject stop-use` and `subject erase`, which enter their request and its answer.
    case entered(id: String, kind: SubjectRequest.Kind, event: Int)
    case requestOfAnotherKind(id: String, kind: SubjectRequest.Kind, expected: SubjectRequest.Kind)
    case requestOfAnotherSubject(id: String)
    // The table's cells and headings.
    case answered(on: CalendarDate)
    case open
    case overdue
    case recipientsTold(Int, of: Int)
    case column(Column)

    public enum Column: CaseIterable, Sendable {
        case request, kind, subjectHash, received, due, answer, overdue, recipients
    }

    public var english: String {
        switch self {
        case .recorded(let id, let kind, let hash, let received, let due, let event):
            return "recorded request \(id) (\(kind.rawValue)) of subject \(hash), received on \(received), due by \(due) (event \(event))"
        case .tellBy(let date):
            return "tell these recipients by \(date), then record each notice (consign subject notified REQUEST --contractor ID):"
        case .answerRecorded(let id, let on, let event):
            return "recorded the answer to request \(id) on \(on) (event \(event))"
        case .noticeRecorded(let id, let contractor, let on, let event):
            return "recorded that \(contractor) was told of request \(id) on \(on) (event \(event))"
        case .fieldsNotInCatalog(let fields):
            return "not in the catalog: \(fields.joined(separator: ", ")) (--field takes a catalog field id, e.g. address.street)"
        case .fieldsOnlyForCorrection(let kind):
            return "--field names what a correction or an addition concerns; a \(kind.rawValue) request concerns every field"
        case .entered(let id, let kind, let event):
            return "recorded request \(id) (\(kind.rawValue)) as event \(event)"
        case .requestOfAnotherKind(let id, let kind, let expected):
            return "request \(id) asks for \(kind.rawValue), not \(expected.rawValue): answer it with consign subject answer, "
                + "or give the request this command answers"
        case .requestOfAnotherSubject(let id):
            return "request \(id) is another person's: give the subject id of the person who made it"
        case .answered(let on): return "answered \(on)"
        case .open: return "open"
        case .overdue: return "overdue"
        case .recipientsTold(let told, let of): return "\(told) of \(of) told"
        case .column(let column):
            return switch column {
            case .request: "REQUEST"
            case .kind: "KIND"
            case .subjectHash: "SUBJECT (KEYED HASH)"
            case .received: "RECEIVED"
            case .due: "DUE"
            case .answer: "ANSWER"
            case .overdue: "OVERDUE"
            case .recipients: "RECIPIENTS"
            }
        }
    }

    public var japanese: String {
        switch self {
        case .recorded(let id, let kind, let hash, let received, let due, let event):
            return "本人 \(hash) の請求 \(id)（\(kind.rawValue)）を記録しました。受付 \(received)、回答期限 \(due)（イベント \(event)）"
        case .tellBy(let date):
            return "次の提供先に \(date) までに通知し、通知ごとに記録してください（consign subject notified REQUEST --contractor ID）："
        case .answerRecorded(let id, let on, let event):
            return "請求 \(id) への \(on) の回答を記録しました（イベント \(event)）"
        case .noticeRecorded(let id, let contractor, let on, let event):
            return "\(contractor) に請求 \(id) を \(on) に通知したことを記録しました（イベント \(event)）"
        case .fieldsNotInCatalog(let fields):
            return "カタログにありません：\(fields.joined(separator: "、"))（--field にはカタログの項目 ID を指定します。例：address.street）"
        case .fieldsOnlyForCorrection(let kind):
            return "--field は訂正・追加の対象の項目を示します。\(kind.rawValue) の請求はすべての項目が対象です"
        case .entered(let id, let kind, let event):
            return "請求 \(id)（\(kind.rawValue)）をイベント \(event) として記録しました"
        case .requestOfAnotherKind(let id, let kind, let expected):
            return "請求 \(id) は \(kind.rawValue) の請求で、\(expected.rawValue) ではありません。consign subject answer で回答するか、"
                + "このコマンドが回答する請求を指定してください"
        case .requestOfAnotherSubject(let id):
            return "請求 \(id) は別の本人の請求です。請求した本人の id を指定してください"
        case .answered(let on): return "\(on) 回答済み"
        case .open: return "未回答"
        case .overdue: return "期限超過"
        case .recipientsTold(let told, let of): return "\(of) 件中 \(told) 件に通知済み"
        case .column(let column):
            return switch column {
            case .request: "請求"
            case .kind: "種類"
            case .subjectHash: "本人（鍵付きハッシュ）"
            case .received: "受付日"
            case .due: "回答期限"
            case .answer: "回答"
            case .overdue: "期限超過"
            case .recipients: "提供先への通知"
            }
        }
    }
}

/// The help of the request register's commands.
public enum RequestHelp {
    public static let requestAbstract = Sentence(
        "Record a person's request (disclose, correct, add, delete, stop-use, erasure, stop-provision) with its due date.",
        "本人からの請求（開示・訂正・追加・削除・利用停止・消去・第三者提供の停止）を回答期限とともに記録します。")
    public static let requestDiscussion = Sentence(
        """
        The request is recorded with the SHA-256 of the proof of identity the person gave (never its content) and the \
        day it is due (the catalog's answer-days from its receipt). For a correction, an addition, a deletion or an \
        erasure it lists every recipient that received the data concerned and may still hold it, with its privacy \
        contact: tell each, then record it with consign subject notified.
        """,
        """
        本人が示した本人確認書類の SHA-256（内容は記録しません）と回答期限（受付からカタログの answer-days）とともに記録します。\
        訂正・追加・削除・消去の請求では、対象のデータを受け取り、まだ保有しうる提供先を個人情報の問合せ窓口とともに示します。\
        それぞれに通知し、consign subject notified で記録してください。
        """)
    public static let kind = Sentence("What the person asks for.", "請求の種類。")
    public static let received = Sentence("The day the request was received", "請求を受け付けた日")
    public static let identityEvidence = Sentence(
        "The proof of identity the person gave (its SHA-256 is recorded, never its content).",
        "本人確認書類（SHA-256 だけを記録し、内容は記録しません）。")
    public static let field = Sentence(
        "A catalog field a correction or an addition concerns; repeatable (default: every field).",
        "訂正・追加の対象となるカタログの項目。繰り返し指定できます（既定：すべての項目）。")
    public static let note = Sentence("What was asked, and how.", "請求の内容と方法。")
    public static let answerAbstract = Sentence("Record the answer to a request.", "請求への回答を記録します。")
    public static let requestID = Sentence("The request's id (R-…).", "請求の ID（R-…）。")
    public static let answeredOn = Sentence("The day the answer was given", "回答した日")
    public static let letter = Sentence("The letter sent (its SHA-256 is recorded).", "送付した書面（SHA-256 を記録します）。")
    public static let answerNote = Sentence("What was answered.", "回答の内容。")
    public static let notifiedAbstract = Sentence(
        "Record that a recipient was told of a correction, an addition, a deletion or an erasure.",
        "訂正・追加・削除・消去を提供先に通知したことを記録します。")
    public static let contractor = Sentence("The recipient told.", "通知した提供先。")
    public static let notifiedOn = Sentence("The day the recipient was told", "通知した日")
    public static let noticeNote = Sentence("How the recipient was told, and what.", "通知の方法と内容。")
    public static let requestsAbstract = Sentence(
        "List the requests with their due dates, answers and the recipients told.",
        "請求を回答期限、回答、提供先への通知とともに一覧にします。")
    public static let openOnly = Sentence("Only the requests not yet answered.", "未回答の請求だけ。")
    public static let overdueOnly = Sentence("Only the requests past their due date.", "期限を過ぎた請求だけ。")
    public static let listedOn = Sentence("The day to list them as of", "一覧の基準日")
    public static let discloseAbstract = Sentence(
        "Write the letter answering a person's request for disclosure (self-contained HTML).",
        "本人からの開示の請求に回答する書面を書き出します（単独で開ける HTML）。")
    public static let discloseOut = Sentence("The HTML file to write.", "書き出す HTML ファイル。")
}

/// The letter that answers a request for disclosure (`subject disclose`), addressed to the person.
public enum LetterText: CatalogueEntry {
    case title(company: String)
    case opening(subject: String, on: CalendarDate, transfers: Int)
    case noRecipient
    case recipientsHeading
    case column(Column)
    case yourConsent(field: String)
    case provisionsHeading
    case provisionColumn(ProvisionColumn)
    case closing(company: String)
    case written(subject: String, transfers: Int, to: String)

    public enum Column: CaseIterable, Sendable {
        case date, recipient, items, purpose, basis, agreement, countries, deletion
    }

    public enum ProvisionColumn: CaseIterable, Sendable {
        case date, recipient, address, representative, items, purposes
    }

    public var english: String {
        switch self {
        case .title(let company): return "\(company): the disclosure of your personal data"
        case .opening(let subject, let on, let transfers):
            return "As you asked (APPI Art. 33), this is every provision of your data, customer number \(subject), to another "
                + "company or body that our records hold as of \(on): \(transfers) in all, with what was sent, when, why and on what "
                + "basis, and the records we keep of the provisions to third parties."
        case .noRecipient: return "Our records hold no provision of your data to anyone."
        case .recipientsHeading: return "Who received your data"
        case .column(let column):
            return switch column {
            case .date: "Date"
            case .recipient: "Recipient"
            case .items: "Items"
            case .purpose: "Purpose"
            case .basis: "Basis"
            case .agreement: "Agreement"
            case .countries: "Countries"
            case .deletion: "Deletion"
            }
        case .yourConsent(let field): return "your consent (recorded as \(field))"
        case .provisionsHeading: return "Our records of the provisions to third parties (APPI Arts. 29, 33(5))"
        case .provisionColumn(let column):
            return switch column {
            case .date: "Date"
            case .recipient: "Recipient"
            case .address: "Address"
            case .representative: "Representative"
            case .items: "Items"
            case .purposes: "Recipient's purposes, or the legal basis"
            }
        case .closing(let company):
            return "If anything here is wrong, you may ask us to correct, add to or delete it, or to stop using or providing it. "
                + "\(company), privacy office."
        case .written(let subject, let transfers, let file):
            return "the disclosure letter for \(subject) (\(transfers) transfer(s) of their data) is written to \(file)"
        }
    }

    public var japanese: String {
        switch self {
        case .title(let company): return "\(company)：保有個人データの開示"
        case .opening(let subject, let on, let transfers):
            return "ご請求（個人情報保護法 33 条）にもとづき、お客様番号 \(subject) のお客様のデータを他の会社・機関に提供した記録を、"
                + "\(on) 時点ですべてお知らせします（\(transfers) 件）。提供した項目、日付、目的、根拠と、第三者提供の記録です。"
        case .noRecipient: return "お客様のデータを提供した記録はありません。"
        case .recipientsHeading: return "お客様のデータの提供先"
        case .column(let column):
            return switch column {
            case .date: "提供日"
            case .recipient: "提供先"
            case .items: "項目"
            case .purpose: "利用目的"
            case .basis: "根拠"
            case .agreement: "契約"
            case .countries: "国"
            case .deletion: "削除"
            }
        case .yourConsent(let field): return "お客様の同意（\(field) に記録）"
        case .provisionsHeading: return "第三者提供の記録（個人情報保護法 29 条、33 条 5 項）"
        case .provisionColumn(let column):
            return switch column {
            case .date: "提供年月日"
            case .recipient: "提供先"
            case .address: "住所"
            case .representative: "代表者"
            case .items: "項目"
            case .purposes: "提供先の利用目的または法令等の根拠"
            }
        case .closing(let company):
            return "内容に誤りがある場合は、訂正・追加・削除、利用停止または第三者提供の停止をご請求いただけます。\(company) 個人情報保護窓口"
        case .written(let subject, let transfers, let file):
            return "\(subject) の開示の書面（提供 \(transfers) 件）を \(file) に書き出しました"
        }
    }
}
