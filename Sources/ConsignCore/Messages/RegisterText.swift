/// The register's rules in the catalogue: why `Register.admit` refuses an event (a terminated contractor,
/// status changes out of order, a request or confirmation already recorded, changed bytes under a registered
/// version), and what the store says when SQLite cannot read or write the register (a full disk, a read-only
/// file, a damaged file). The register's refusals are the ones people meet most, so each says what to do.
public enum RegisterText: CatalogueEntry {
    // Refusals of the register's rules.
    case terminated(contractor: String)
    case wasTerminated(contractor: String, on: CalendarDate?)
    case contractorNotRegistered(contractor: String)
    case agreementOfAnotherContractor(agreement: String, registeredFor: String, named: String)
    case statusChangeOutOfOrder(contractor: String, last: CalendarDate)
    case alreadySuspended(contractor: String)
    case alreadyActive(contractor: String)
    case erasureAlreadyRequested(subject: String, received: CalendarDate)
    case alreadyOnStopUseList(subject: String, received: CalendarDate)
    case transferAlreadyRecorded(transfer: String)
    case deletionAlreadyConfirmed(transfer: String, on: CalendarDate, certificateSHA256: String)
    case deletedBeforeTransfer(transfer: String, made: CalendarDate, deleted: CalendarDate)
    case incidentAlreadyRecorded(incident: String)
    case notifiedBeforeDiscovered(discovered: Timestamp, notified: Timestamp)
    case transferOfAnotherContractor(transfer: String, madeTo: String, incident: String)
    case discoveredBeforeTransfer(transfer: String, made: CalendarDate, discovered: Timestamp)
    case incidentAlreadyReported(incident: String, IncidentReport.Stage, on: CalendarDate)
    case differentBytes(DocumentKind, id: String, version: Int, sha256: String, file: String)
    /// `current`: it is still `contractor`'s key in use (else it was replaced).
    case keyAlreadyRegistered(contractor: String, on: CalendarDate, current: Bool)
    case rotationOutOfOrder(current: Int, named: Int)
    case signatureWithoutItsTransfer(transfer: String)
    case provisionRecordWithoutItsTransfer(transfer: String)
    case requestAlreadyRecorded(request: String)
    case requestAlreadyAnswered(request: String, on: CalendarDate)
    case beforeReceived(request: String, received: CalendarDate)
    case noRecipientsToTell(request: String, SubjectRequest.Kind)
    case alreadyNotified(request: String, contractor: String, on: CalendarDate)
    // The store's failures: SQLite's error (its own words, when it gives them) and what to do.
    case diskFull
    case readOnly
    case cannotOpen(sqlite: String?)
    case ioError(sqlite: String?)
    case busy
    case damagedFile(path: String, sqlite: String?)
    case damagedSchema(path: String, sqlite: String)
    case eventDoesNotDecode(event: Int)
    case documentDoesNotMatchHash(sha256: String)

    public var english: String {
        let nothing = "nothing was recorded"
        switch self {
        case .terminated(let contractor):
            return "contractor '\(contractor)' is terminated; termination is final"
        case .wasTerminated(let contractor, let on):
            return "contractor '\(contractor)' was terminated\(on.map { " on \($0)" } ?? ""); termination is final"
        case .contractorNotRegistered(let contractor):
            return "contractor '\(contractor)' is not registered; register its profile first (consign contractor add FILE)"
        case .agreementOfAnotherContractor(let agreement, let registeredFor, let named):
            return "agreement '\(agreement)' is registered for contractor '\(registeredFor)', not '\(named)'; a new "
                + "agreement with another contractor needs a new id"
        case .statusChangeOutOfOrder(let contractor, let last):
            return "contractor '\(contractor)' already has a status change on \(last); status changes are recorded in "
                + "date order"
        case .alreadySuspended(let contractor):
            return "contractor '\(contractor)' is already suspended"
        case .alreadyActive(let contractor):
            return "contractor '\(contractor)' is active; only a suspended contractor can be reinstated"
        case .erasureAlreadyRequested(let subject, let received):
            return "subject \(subject) already asked for erasure (request received \(received))"
        case .alreadyOnStopUseList(let subject, let received):
            return "subject \(subject) is already on the stop-use list (request received \(received))"
        case .transferAlreadyRecorded(let transfer):
            return "transfer '\(transfer)' is already recorded"
        case .deletionAlreadyConfirmed(let transfer, let on, let certificate):
            return "the deletion of transfer '\(transfer)' is already confirmed (on \(on), certificate sha256 \(certificate))"
        case .deletedBeforeTransfer(let transfer, let made, let deleted):
            return "transfer '\(transfer)' was made on \(made); its data cannot have been deleted on \(deleted)"
        case .incidentAlreadyRecorded(let incident):
            return "incident '\(incident)' is already recorded"
        case .notifiedBeforeDiscovered(let discovered, let notified):
            return "--notified-by-contractor \(notified) is before --discovered \(discovered): the contractor tells of what it "
                + "has found"
        case .transferOfAnotherContractor(let transfer, let madeTo, let incident):
            return "transfer '\(transfer)' went to \(madeTo), not to the contractor of incident '\(incident)'"
        case .discoveredBeforeTransfer(let transfer, let made, let discovered):
            return "transfer '\(transfer)' was made on \(made); an incident discovered at \(discovered) cannot concern its data"
        case .incidentAlreadyReported(let incident, let stage, let on):
            return "the \(stage.rawValue) report of incident '\(incident)' is already recorded (made on \(on))"
        case .differentBytes(let kind, let id, let version, let sha256, let file):
            let document = kind == .contractor ? "contractor profile" : "agreement"
            return "\(document) '\(id)' version \(version) is already registered with different bytes (sha256 \(sha256), "
                + "from \(file)); registered versions never change: make the change a new version"
        case .keyAlreadyRegistered(let contractor, let on, let current):
            if current {
                return "this key is already \(contractor)'s delivery key (registered on \(on)): nothing to do"
            }
            return "this key was registered for \(contractor) on \(on) and has been replaced or belongs to another "
                + "contractor; a delivery key is registered once and never used again: ask the contractor for a new key "
                + "(age-keygen, or consign keygen)"
        case .signatureWithoutItsTransfer(let transfer):
            return "a package's signature is recorded with its transfer, in the same append; transfer \(transfer) is not "
                + "the event just before it, or is signed already"
        case .provisionRecordWithoutItsTransfer(let transfer):
            return "the record of a provision is recorded with its transfer, in the same append; transfer \(transfer) is not "
                + "the event just before it, or has its record already"
        case .requestAlreadyRecorded(let request):
            return "request \(request) is recorded already"
        case .requestAlreadyAnswered(let request, let on):
            return "request \(request) was answered already, on \(on)"
        case .beforeReceived(let request, let received):
            return "request \(request) was received on \(received): nothing about it can be dated before"
        case .noRecipientsToTell(let request, let kind):
            return "request \(request) asks to \(kind.rawValue); only a correction, an addition, a deletion or an erasure is told to "
                + "the recipients"
        case .alreadyNotified(let request, let contractor, let on):
            return "\(contractor) was told of request \(request) already, on \(on)"
        case .rotationOutOfOrder(let current, let named):
            return "the pseudonym keys are at generation \(current); a rotation starts generation \(current + 1), not \(named)"
        case .diskFull:
            return "the register cannot be written: the disk is full; \(nothing): free space, then run the command again"
        case .readOnly:
            return "the register cannot be written: the file or its file system is read-only; \(nothing)"
        case .cannotOpen(let sqlite):
            return "the register cannot be opened (\(sqlite ?? "SQLite cannot open it")): check that the folder exists and "
                + "that this user may read and write it"
        case .ioError(let sqlite):
            return "the register could not be read or written: an I/O error (\(sqlite ?? "disk I/O error")); \(nothing) if "
                + "this command records"
        case .busy:
            return "another consign command held the register for more than 10 seconds; \(nothing): run the command again"
        case .damagedFile(let path, let sqlite):
            return "\(path): the register file is damaged (\(sqlite ?? "not a database")): restore it from a backup; "
                + "consign ledger verify and consign audit report what they can read of it"
        case .damagedSchema(let path, let sqlite):
            return "\(path): the register's schema is damaged (\(sqlite)): restore it from a backup"
        case .eventDoesNotDecode(let event):
            return "event \(event) of the register does not decode"
        case .documentDoesNotMatchHash(let sha256):
            return "the stored document \(sha256) does not match its SHA-256"
        }
    }

    public var japanese: String {
        let nothing = "何も記録していません"
        switch self {
        case .terminated(let contractor):
            return "委託先 '\(contractor)' は取引終了です。取引終了は取り消せません"
        case .wasTerminated(let contractor, let on):
            return "委託先 '\(contractor)' は\(on.map { " \($0) に" } ?? "")取引終了になっています。取引終了は取り消せません"
        case .contractorNotRegistered(let contractor):
            return "委託先 '\(contractor)' は登録されていません。先にそのプロファイルを登録してください"
                + "（consign contractor add FILE）"
        case .agreementOfAnotherContractor(let agreement, let registeredFor, let named):
            return "契約 '\(agreement)' は委託先 '\(named)' ではなく '\(registeredFor)' の契約として登録されています。"
                + "別の委託先との新しい契約には新しい ID を付けてください"
        case .statusChangeOutOfOrder(let contractor, let last):
            return "委託先 '\(contractor)' にはすでに \(last) 付けの取引状況の変更があります。取引状況の変更は日付の順に記録します"
        case .alreadySuspended(let contractor):
            return "委託先 '\(contractor)' はすでに取引停止中です"
        case .alreadyActive(let contractor):
            return "委託先 '\(contractor)' は取引中です。取引を再開できるのは取引停止中の委託先だけです"
        case .erasureAlreadyRequested(let subject, let received):
            return "本人 \(subject) はすでに消去を請求しています（\(received) 受付）"
        case .alreadyOnStopUseList(let subject, let received):
            return "本人 \(subject) はすでに利用停止リストにあります（\(received) 受付）"
        case .transferAlreadyRecorded(let transfer):
            return "提供 '\(transfer)' はすでに記録されています"
        case .deletionAlreadyConfirmed(let transfer, let on, let certificate):
            return "提供 '\(transfer)' の削除はすでに確認済みです（\(on)、削除証明書 sha256 \(certificate)）"
        case .deletedBeforeTransfer(let transfer, let made, let deleted):
            return "提供 '\(transfer)' は \(made) に行われました。そのデータが \(deleted) に削除されたことはありえません"
        case .incidentAlreadyRecorded(let incident):
            return "インシデント '\(incident)' は記録済みです"
        case .notifiedBeforeDiscovered(let discovered, let notified):
            return "--notified-by-contractor \(notified) が --discovered \(discovered) より前です：委託先は発見したことを通知します"
        case .transferOfAnotherContractor(let transfer, let madeTo, let incident):
            return "提供 '\(transfer)' の提供先は \(madeTo) で、インシデント '\(incident)' の委託先ではありません"
        case .discoveredBeforeTransfer(let transfer, let made, let discovered):
            return "提供 '\(transfer)' は \(made) に行われました。\(discovered) に発見されたインシデントがそのデータに関わることはありえません"
        case .incidentAlreadyReported(let incident, let stage, let on):
            return "インシデント '\(incident)' の\(stage == .preliminary ? "速報" : "確報")は記録済みです（\(on) に報告）"
        case .differentBytes(let kind, let id, let version, let sha256, let file):
            let document = kind == .contractor ? "委託先プロファイル" : "契約"
            return "\(document) '\(id)' 第 \(version) 版は、異なる内容ですでに登録されています（sha256 \(sha256)、"
                + "\(file) から）。登録済みの版は変わりません。変更は新しい版にしてください"
        case .keyAlreadyRegistered(let contractor, let on, let current):
            if current {
                return "この鍵はすでに \(contractor) の受け渡し用の鍵です（\(on) 登録）。何もする必要はありません"
            }
            return "この鍵は \(on) に \(contractor) の鍵として登録され、すでに置き換えられたか他の委託先のものです。"
                + "受け渡し用の鍵は一度だけ登録し、二度と使いません。委託先に新しい鍵を求めてください（age-keygen または "
                + "consign keygen）"
        case .signatureWithoutItsTransfer(let transfer):
            return "パッケージの署名は、その移転と同じ追記で記録します。移転 \(transfer) は直前のイベントではないか、すでに署名済みです"
        case .provisionRecordWithoutItsTransfer(let transfer):
            return "第三者提供の記録は、その移転と同じ追記で記録します。移転 \(transfer) は直前のイベントではないか、すでに記録があります"
        case .requestAlreadyRecorded(let request):
            return "請求 \(request) はすでに記録されています"
        case .requestAlreadyAnswered(let request, let on):
            return "請求 \(request) には \(on) にすでに回答しています"
        case .beforeReceived(let request, let received):
            return "請求 \(request) の受付日は \(received) です。それより前の日付は記録できません"
        case .noRecipientsToTell(let request, let kind):
            return "請求 \(request) は \(kind.rawValue) の請求です。提供先に通知するのは訂正・追加・削除・消去だけです"
        case .alreadyNotified(let request, let contractor, let on):
            return "\(contractor) には請求 \(request) を \(on) にすでに通知しています"
        case .rotationOutOfOrder(let current, let named):
            return "仮名の鍵は第 \(current) 世代です。ローテーションで始まるのは第 \(current + 1) 世代で、第 \(named) 世代ではありません"
        case .diskFull:
            return "台帳に書き込めません。ディスクがいっぱいです。\(nothing)。空き容量を確保してから、もう一度コマンドを実行してください"
        case .readOnly:
            return "台帳に書き込めません。ファイルまたはそのファイルシステムが読み取り専用です。\(nothing)"
        case .cannotOpen(let sqlite):
            return "台帳を開けません（\(sqlite ?? "SQLite が開けません")）。フォルダーがあること、このユーザーが読み書きできる"
                + "ことを確かめてください"
        case .ioError(let sqlite):
            return "台帳を読み書きできませんでした。入出力エラーです（\(sqlite ?? "disk I/O error")）。記録するコマンドなら、"
                + "\(nothing)"
        case .busy:
            return "別の consign のコマンドが 10 秒を超えて台帳を使っていました。\(nothing)。もう一度コマンドを実行してください"
        case .damagedFile(let path, let sqlite):
            return "\(path)：台帳のファイルが壊れています（\(sqlite ?? "not a database")）。バックアップから復元してください。"
                + "consign ledger verify と consign audit は、読める範囲を報告します"
        case .damagedSchema(let path, let sqlite):
            return "\(path)：台帳のスキーマが壊れています（\(sqlite)）。バックアップから復元してください"
        case .eventDoesNotDecode(let event):
            return "台帳のイベント \(event) を読み取れません"
        case .documentDoesNotMatchHash(let sha256):
            return "保存された文書 \(sha256) が、その SHA-256 と一致しません"
        }
    }
}
