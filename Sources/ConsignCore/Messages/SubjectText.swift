/// The privacy office's sentences on data subjects: who received a subject's data (`subject show`), what
/// `subject stop-use` and `subject erase` recorded and whom to tell, the stop-use list (`subject stopped`),
/// and why a request or a file of requests is not taken.
public enum SubjectText: CatalogueEntry {
    // `subject show`.
    case includedIn(subject: String, hash: String, transfers: Int)
    case onStopUseList(from: CalendarDate, StopUse.Request, reason: String)
    case erasureRequested(on: CalendarDate, reason: String)
    // `subject erase`.
    case erasureRecorded(subject: String, hash: String, event: Int, received: CalendarDate, stopUseFrom: CalendarDate)
    case nobodyToTell
    case tellRecipients(request: String)
    // `subject stop-use`.
    case stopUseRecorded(from: CalendarDate, hash: String, event: Int)
    case nothingRecorded(file: String)
    case giveIdOrFile
    case idOrFileNotBoth
    case requestAnsweredAsRecorded
    case listFile(ListFileProblem)
    case givenKey(problem: String)
    case receivedAfterToday(given: CalendarDate, today: CalendarDate)
    // The tables' cells and headings.
    case request(StopUse.Request)
    case recordedBy(at: Timestamp, by: String)
    case column(Column)

    /// Why a file of subject ids cannot be read as one.
    public enum ListFileProblem: Sendable {
        case missing, unreadable, notUTF8, empty
    }

    /// The headings of the subject's transfers, the recipients to tell, and the stop-use list.
    public enum Column: Sendable {
        case transfer, date, contractor, agreement, purpose, country, sent, deletion
        case name, privacyContact, transfers, subContractors
        case subjectHash, request, received, reason, recorded
    }

    public var english: String {
        switch self {
        case .includedIn(let subject, let hash, let transfers):
            return "subject \(subject) (keyed hash \(hash)): included in \(transfers) transfer(s)"
        case .onStopUseList(let from, let request, let reason):
            return "on the stop-use list from \(from) (\(request.rawValue): \(reason))"
        case .erasureRequested(let on, let reason):
            return "erasure requested on \(on) (\(reason))"
        case .erasureRecorded(let subject, let hash, let event, let received, let from):
            return "erasure of subject \(subject) (keyed hash \(hash)) recorded as event \(event), "
                + "received \(received); on the stop-use list from \(from): every later extract leaves them out"
        case .nobodyToTell:
            return "no transfer included this subject: nobody to tell"
        case .tellRecipients(let request):
            return "tell these recipients (GDPR Art. 19; APPI Art. 35), then record each notice "
                + "(consign subject notified \(request) --contractor ID):"
        case .stopUseRecorded(let from, let hash, let event):
            return "stop-use from \(from): subject \(hash) (event \(event))"
        case .nothingRecorded(let file):
            return "nothing recorded: every subject in \(file) is already on the list"
        case .giveIdOrFile:
            return "give the subject's id, or --file FILE with one id per line"
        case .idOrFileNotBoth:
            return "give the subject's id or --file FILE, not both"
        case .requestAnsweredAsRecorded:
            return "--request answers one request, received as it was recorded: give it with a subject's id, "
                + "without --file, --on or --identity-evidence"
        case .listFile(.missing):
            return "no such file"
        case .listFile(.unreadable):
            return "cannot be read"
        case .listFile(.notUTF8):
            return "the file is not UTF-8 text: save it as UTF-8, one subject id per line"
        case .listFile(.empty):
            return "the file lists no subject id"
        case .givenKey(let problem):
            return "\(problem) (the subject id given)"
        case .receivedAfterToday(let given, let today):
            return "--on \(given) is after today (\(today)): give the date the request was received"
        case .request(let request):
            return request.rawValue
        case .recordedBy(let at, let by):
            return "\(at) by \(by)"
        case .column(let column):
            switch column {
            case .transfer: return "TRANSFER"
            case .date: return "DATE"
            case .contractor: return "CONTRACTOR"
            case .agreement: return "AGREEMENT"
            case .purpose: return "PURPOSE"
            case .country: return "COUNTRY"
            case .sent: return "SENT"
            case .deletion: return "DELETION"
            case .name: return "NAME"
            case .privacyContact: return "PRIVACY CONTACT"
            case .transfers: return "TRANSFERS"
            case .subContractors: return "SUB-CONTRACTORS"
            case .subjectHash: return "SUBJECT (KEYED HASH)"
            case .request: return "REQUEST"
            case .received: return "RECEIVED"
            case .reason: return "REASON"
            case .recorded: return "RECORDED"
            }
        }
    }

    public var japanese: String {
        switch self {
        case .includedIn(let subject, let hash, let transfers):
            return "本人 \(subject)（鍵付きハッシュ \(hash)）：\(transfers) 件の提供に含まれています"
        case .onStopUseList(let from, let request, let reason):
            return "\(from) から利用停止リストにあります（\(Self.japanese(request))：\(reason)）"
        case .erasureRequested(let on, let reason):
            return "\(on) に消去の請求を受け付けました（\(reason)）"
        case .erasureRecorded(let subject, let hash, let event, let received, let from):
            return "本人 \(subject)（鍵付きハッシュ \(hash)）の消去の請求（\(received) 受付）をイベント \(event) として"
                + "記録しました。\(from) から利用停止リストに載り、以後の抽出には含まれません"
        case .nobodyToTell:
            return "この本人を含む提供はありません。通知する提供先はありません"
        case .tellRecipients(let request):
            return "次の提供先に通知し（GDPR 19 条、個人情報保護法 35 条）、通知ごとに記録してください"
                + "（consign subject notified \(request) --contractor ID）："
        case .stopUseRecorded(let from, let hash, let event):
            return "\(from) から利用停止：本人 \(hash)（イベント \(event)）"
        case .nothingRecorded(let file):
            return "何も記録していません：\(file) の本人はすべてすでに利用停止リストにあります"
        case .giveIdOrFile:
            return "本人の id を指定するか、1 行に 1 つの id を書いた --file FILE を指定してください"
        case .idOrFileNotBoth:
            return "本人の id と --file FILE のどちらか一方だけを指定してください"
        case .requestAnsweredAsRecorded:
            return "--request は記録済みの請求 1 件に（記録された受付日のまま）回答します。本人の id とともに指定し、"
                + "--file、--on、--identity-evidence は指定しないでください"
        case .listFile(.missing):
            return "ファイルがありません"
        case .listFile(.unreadable):
            return "ファイルを読み取れません"
        case .listFile(.notUTF8):
            return "ファイルが UTF-8 のテキストではありません：1 行に 1 つの本人 id を書き、UTF-8 で保存してください"
        case .listFile(.empty):
            return "ファイルに本人 id が 1 つもありません"
        case .givenKey(let problem):
            return "\(problem)（指定された本人 id）"
        case .receivedAfterToday(let given, let today):
            return "--on \(given) は今日（\(today)）より後の日付です：請求を受け付けた日を指定してください"
        case .request(let request):
            return Self.japanese(request)
        case .recordedBy(let at, let by):
            return "\(at) に \(by) が記録"
        case .column(let column):
            switch column {
            case .transfer: return "提供"
            case .date: return "日付"
            case .contractor: return "委託先"
            case .agreement: return "契約"
            case .purpose: return "利用目的"
            case .country: return "国"
            case .sent: return "送った項目"
            case .deletion: return "削除・返却"
            case .name: return "名称"
            case .privacyContact: return "個人情報の窓口"
            case .transfers: return "提供"
            case .subContractors: return "再委託先"
            case .subjectHash: return "本人（鍵付きハッシュ）"
            case .request: return "請求"
            case .received: return "受付日"
            case .reason: return "理由"
            case .recorded: return "記録"
            }
        }
    }

    private static func japanese(_ request: StopUse.Request) -> String {
        switch request {
        case .stopUse: "利用停止"
        case .erasure: "消去"
        }
    }
}
