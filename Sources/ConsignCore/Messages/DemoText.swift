/// `consign demo`'s narration: the headings of each user's job as the demo plays it, what it did, the notes
/// and reasons it records as the users would (in their language), and the commands it suggests next.
public enum DemoText: CatalogueEntry {
    case notEmpty
    case workspace(directory: String)
    case checked(documents: Int)
    case checkCounts(errors: Int, warnings: Int, unregistered: Int)
    case registrationsHeading
    case registered(DocumentKind, id: String, version: Int, sha256: String, event: Int)
    case evaluationsHeading
    case passed(contractor: String, Evaluation.Kind, on: CalendarDate)
    case former(contractor: String, selectedOn: CalendarDate, terminatedOn: CalendarDate)
    case contractorList(on: CalendarDate)
    case agreementList
    case planning(task: String, contractor: String)
    case refusal(task: String, contractor: String)
    case provision(task: String, contractor: String)
    case disclosure(contractor: String, subjectsFile: String)
    case disclosed(transfer: String, event: Int, reference: String)
    case sampleCustomers(rows: Int, file: String, bytes: String)
    case stoppedUse(subject: String, event: Int)
    case extracting(source: String, out: String)
    case extracted(
        task: String, contractor: String, rows: String, records: String, stopped: String, sent: [String], package: String,
        event: Int)
    case releasingStatistics(source: String, out: String)
    /// A release of the demo (a table, anonymised records): its task, recipient (nil: published) and summary.
    case released(task: String, contractor: String?, summary: String)
    case anonymising(source: String, out: String)
    case ready(directory: String)

    // What the demo's users write into the register.
    public static let selectionNote = Sentence(
        "selection checklist: security measures, certification, handling rules", "選定時のチェックリスト：安全管理措置、認証、取扱規程")
    public static let foreignBasisNote = Sentence(
        "yearly check of the basis for the transfer abroad (APPI Art. 28)", "外国への提供の根拠の年次確認（個人情報保護法 28 条）")
    public static let selectedBeforeFirstAgreement = Sentence("selected before its first agreement", "最初の契約の前に選定")
    public static let contractEnded = Sentence("contract ended; data returned", "契約終了。データは返却済み")
    public static let stopUseReason = Sentence("asked us to stop using their data", "データの利用停止を求められた")

    /// The legal reference and the requesting officer of the demo's disclosure under law.
    public static let disclosureReference = Sentence(
        "Code of Criminal Procedure Art. 197(2); inquiry no. 2026-1184", "刑事訴訟法 197 条 2 項；照会番号 2026-1184")
    public static let disclosureOfficer = Sentence("Chief of the Criminal Affairs Division", "刑事課長")

    /// The demo's proof of identity for a request, and the note of its answer.
    public static func identityProof(subject: String) -> Sentence {
        Sentence("Copy of the driving licence of customer \(subject) (demo)", "顧客 \(subject) の運転免許証の写し（デモ）")
    }
    public static func answered(_ kind: SubjectRequest.Kind) -> Sentence {
        switch kind {
        case .disclose: Sentence("Sent the disclosure letter by post.", "開示の書面を郵送しました。")
        case .stopProvision:
            Sentence("No longer provided to third parties; told the customer by post.", "第三者への提供を停止し、郵送でお知らせしました。")
        default: Sentence("Corrected and told the recipients; told the customer by post.", "訂正し提供先に通知したうえ、郵送でお知らせしました。")
        }
    }
    public static let requests = Sentence(
        "== People's requests: consign subject request ID --kind disclose|correct|stop-provision --identity-evidence FILE, "
            + "then consign subject notified and consign subject answer",
        "== 本人からの請求：consign subject request ID --kind disclose|correct|stop-provision --identity-evidence FILE、"
            + "続いて consign subject notified と consign subject answer")

    /// The note of the demo's disclosure under law.
    public static let disclosureNote = Sentence(
        "Written inquiry from Shibuya Police Station; the registered contact details of one customer, handed over in person.",
        "渋谷警察署からの書面による照会。顧客 1 人の登録済みの連絡先を手渡しで回答。")

    public var english: String {
        switch self {
        case .notEmpty:
            return "the demo needs a new or empty directory; this one is not empty (choose another: consign demo DIR)"
        case .workspace(let directory):
            return "== A workspace: the example's documents in \(directory), a new master key and register in .consign/"
        case .checked(let documents):
            return "== consign check: \(documents) documents validated against the built-in schemas"
        case .checkCounts(let errors, let warnings, let unregistered):
            func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
            return "\(counted(errors, "error")), \(counted(warnings, "warning")); \(counted(unregistered, "file")) not yet registered"
        case .registrationsHeading:
            return "== Procurement registers the contractors' profiles and their agreements (exact bytes, SHA-256)"
        case .registered(let kind, let id, let version, let sha256, let event):
            return "registered \(kind.rawValue) \(id) v\(version)  sha256 \(sha256.prefix(16))…  event \(event)"
        case .evaluationsHeading:
            return "== Procurement records the selection evaluations, the yearly foreign-basis checks and terminations"
        case .passed(let contractor, let kind, let on):
            return "evaluated \(contractor): \(kind.rawValue) pass on \(on)"
        case .former(let contractor, let selectedOn, let terminatedOn):
            return "evaluated \(contractor): selection pass on \(selectedOn); terminated on \(terminatedOn), when its last "
                + "agreement ended"
        case .contractorList(let on):
            return "== consign contractor list (on \(on))"
        case .agreementList:
            return "== consign agreement list"
        case .planning(let task, let contractor):
            return "== Staff asks for the minimum necessary field set: consign plan --task \(task) --contractor \(contractor)"
        case .refusal(let task, let contractor):
            return "== A refusal: consign plan --task \(task) --contractor \(contractor)"
        case .provision(let task, let contractor):
            return "== A provision to a third party, for the customers who consented: consign plan --task \(task) "
                + "--contractor \(contractor)"
        case .disclosure(let contractor, let subjectsFile):
            return "== A disclosure under law, recorded by hand: consign transfer record --basis law --legal-reference TEXT "
                + "--contractor \(contractor) --task legal-disclosure --subjects \(subjectsFile) ..."
        case .disclosed(let transfer, let event, let reference):
            return "recorded transfer \(transfer) and its provision record (event \(event)), resting on: \(reference); "
                + "consign report provisions lists it"
        case .sampleCustomers(let rows, let file, let bytes):
            return "== Sample customers: consign sample customers --rows \(rows) --out \(file) (\(bytes) bytes)"
        case .stoppedUse(let subject, let event):
            return "consign subject stop-use \(subject): recorded as event \(event); every later extract leaves them out"
        case .releasingStatistics(let source, let out):
            return "== Staff release every statistics task's table: consign stats --task T [--contractor C] --source \(source) "
                + "--out \(out) --format csv,xml"
        case .released(let task, let contractor, let summary):
            return "\(task) " + (contractor.map { "-> \($0)" } ?? "(published)") + ": \(summary)"
        case .anonymising(let source, let out):
            return "== Staff make every anonymised-data task's records, with their notices: consign anonymise --task T "
                + "--contractor C --source \(source) --out \(out)"
        case .extracting(let source, let out):
            return "== Staff extracts every task that has a plan: consign extract --task T --contractor C --source \(source) "
                + "--out \(out) --format csv,xml (csv only for a task in a courier's layout)"
        case .extracted(let task, let contractor, let rows, let records, let stopped, let sent, let package, let event):
            return "\(task) → \(contractor): \(rows) of \(records) customers (\(stopped) stopped), sending "
                + "\(sent.joined(separator: ", ")); package \(package)/, event \(event)"
        case .ready(let directory):
            return """
                The workspace is registered and ready. Try, in \(directory):
                  consign check
                  consign extract --task seminar-invitation-mailing --contractor sakura-mailing --source data/customers.csv --out extracts --format csv,xml
                  consign ledger verify --anchor "$(consign ledger head)" --packages extracts
                  consign plan --task statistics-abroad --contractor nordstat --format json
                  consign plan --task prize-shipping --contractor hayate-transport --on 2025-06-01
                  consign contractor show hayate-transport
                  consign agreement show AG-2024-011 --format json
                  consign contractor suspend sakura-mailing --note "pending re-evaluation"
                  consign contractor evaluate kizuna-contact --kind periodic --result pass --evidence FILE --note "yearly review"
                  consign report provisions --format xml
                  consign subject requests --open
                """
        }
    }

    public var japanese: String {
        switch self {
        case .notEmpty:
            return "デモには新しいディレクトリか空のディレクトリが必要です。このディレクトリは空ではありません"
                + "（別の場所を指定してください：consign demo DIR）"
        case .workspace(let directory):
            return "== ワークスペース：例の文書を \(directory) に、新しいマスターキーと台帳を .consign/ に作りました"
        case .checked(let documents):
            return "== consign check：\(documents) 件の文書を組み込みのスキーマで検証しました"
        case .checkCounts(let errors, let warnings, let unregistered):
            return "エラー \(errors) 件、警告 \(warnings) 件；未登録のファイル \(unregistered) 件"
        case .registrationsHeading:
            return "== 調達部門が委託先のプロファイルと契約を登録します（バイト列そのまま、SHA-256）"
        case .registered(let kind, let id, let version, let sha256, let event):
            let what = kind == .contractor ? "委託先" : "契約"
            return "登録：\(what) \(id) 第 \(version) 版  sha256 \(sha256.prefix(16))…  イベント \(event)"
        case .evaluationsHeading:
            return "== 調達部門が選定時評価、外国移転の根拠の年次確認、取引終了を記録します"
        case .passed(let contractor, let kind, let on):
            return "評価を記録：\(contractor)、\(Term.evaluation(kind).japanese) \(Term.result(.pass).japanese)（\(on)）"
        case .former(let contractor, let selectedOn, let terminatedOn):
            return "評価を記録：\(contractor)、\(Term.evaluation(.selection).japanese) \(Term.result(.pass).japanese)"
                + "（\(selectedOn)）。最後の契約が終わった \(terminatedOn) に\(Term.status(.terminated).japanese)"
        case .contractorList(let on):
            return "== 委託先の一覧：consign contractor list（\(on) 時点）"
        case .agreementList:
            return "== 契約の一覧：consign agreement list"
        case .planning(let task, let contractor):
            return "== 担当者が必要最小限の項目を求めます：consign plan --task \(task) --contractor \(contractor)"
        case .refusal(let task, let contractor):
            return "== 拒否の例：consign plan --task \(task) --contractor \(contractor)"
        case .provision(let task, let contractor):
            return "== 同意した顧客についての第三者提供：consign plan --task \(task) --contractor \(contractor)"
        case .disclosure(let contractor, let subjectsFile):
            return "== 法令に基づく提供を手作業で記録：consign transfer record --basis law --legal-reference TEXT "
                + "--contractor \(contractor) --task legal-disclosure --subjects \(subjectsFile) ..."
        case .disclosed(let transfer, let event, let reference):
            return "提供 \(transfer) とその提供記録を記録しました（イベント \(event)、根拠：\(reference)）。"
                + "consign report provisions に載ります"
        case .sampleCustomers(let rows, let file, let bytes):
            return "== サンプルの顧客データ：consign sample customers --rows \(rows) --out \(file)（\(bytes) バイト）"
        case .stoppedUse(let subject, let event):
            return "consign subject stop-use \(subject)：イベント \(event) として記録しました。以後の抽出には含まれません"
        case .releasingStatistics(let source, let out):
            return "== 担当者が統計業務の表をすべて公表します：consign stats --source \(source) --out \(out) "
                + "--format csv,xml --task 業務 [--contractor 委託先]"
        case .released(let task, let contractor, let summary):
            return "\(task) " + (contractor.map { "→ \($0)" } ?? "（公表）") + "：\(summary)"
        case .anonymising(let source, let out):
            return "== 担当者が匿名加工の業務のレコードを公表文とともに作成します：consign anonymise --source \(source) "
                + "--out \(out) --task 業務 --contractor 提供先"
        case .extracting(let source, let out):
            return "== 担当者が計画のある業務をすべて抽出します：consign extract --source \(source) --out \(out) "
                + "--format csv,xml --task 業務 --contractor 委託先（運送会社のレイアウトの業務は csv のみ）"
        case .extracted(let task, let contractor, let rows, let records, let stopped, let sent, let package, let event):
            return "\(task) → \(contractor)：顧客 \(records) 人のうち \(rows) 人（利用停止 \(stopped) 人）、送る項目 "
                + "\(sent.joined(separator: "、"))；パッケージ \(package)/、イベント \(event)"
        case .ready(let directory):
            return """
                ワークスペースは登録済みで、すぐに使えます。\(directory) で次を試してください：
                  consign check
                  consign extract --task seminar-invitation-mailing --contractor sakura-mailing --source data/customers.csv --out extracts --format csv,xml
                  consign ledger verify --packages extracts --anchor "$(consign ledger head)"
                  consign plan --task statistics-abroad --contractor nordstat --format json
                  consign plan --task prize-shipping --contractor hayate-transport --on 2025-06-01
                  consign contractor show hayate-transport
                  consign agreement show AG-2024-011 --format json
                  consign contractor suspend sakura-mailing --note "再評価待ち"
                  consign contractor evaluate kizuna-contact --kind periodic --result pass --evidence FILE --note "年次の見直し"
                  consign report provisions --format xml
                  consign subject requests --open
                """
        }
    }
}
