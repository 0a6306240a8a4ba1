/// The register's guarantees in the catalogue: its refusals at the commit, the breaks `ledger verify` and
/// the audit report, the audit's findings of time, and the words every command shares (not a workspace, an
/// unknown id, a schema error restated).
public enum Message: CatalogueEntry {
    // Refusals of the append.
    case clockBehind(clock: Timestamp, overridden: Bool, lastEvent: Int, lastRecordedAt: Timestamp)
    case planMoved(transfer: String, readThrough: Int, Recheck)
    // Breaks of the ledger.
    case timeWentBack(event: Int, at: Timestamp, previous: Timestamp)
    case columnDisagrees(event: Int, kind: String, contractor: String, recordKind: String, recordContractor: String)
    case subjectChunkMisfiled(event: Int)
    case tableMissing(String)
    case triggerMissing(String)
    case packageNotInPlace(transfer: String, event: Int, reason: String, waitsIn: String)
    case releaseNotInPlace(release: String, event: Int, reason: String, waitsIn: String)
    case packageFile(package: String, transfer: String, event: Int, PackageFileProblem)
    case manifestChanged(manifest: String, transfer: String, event: Int)
    case manifestUnknownTransfer(manifest: String)
    /// A statistics or anonymised release's folder (`consign stats`, `consign anonymise`) against its event.
    case releaseFile(folder: String, release: String, event: Int, PackageFileProblem)
    case releaseManifestChanged(manifest: String, release: String, event: Int)
    case manifestUnknownRelease(manifest: String, release: String)
    // Findings of the audit.
    case clockOverridden(event: Int, kind: String, at: Timestamp, by: String)
    // Input errors of a source.
    case sourceChanged(SourceChange)
    // Usage: the same words in every command.
    case notAWorkspace(directory: String, searchedUpward: Bool)
    case unknown(IDKind, id: String, known: [String])
    // Documents: libxml2's schema errors restated.
    case schema(SchemaProblem)
    case wellFormedness(WellFormednessProblem)
    // Requests of data subjects.
    case stopUseSkipped(id: String, hash: String, StopUseSkipped)

    /// Why a line of a file of stop-use requests adds nothing.
    public enum StopUseSkipped: Sendable {
        case repeated(line: Int)
        case alreadyListed(on: CalendarDate)
        case erasureRequested(on: CalendarDate)
    }

    /// The kinds of id a command names.
    public enum IDKind: String, Sendable {
        case contractor
        case agreement
        case task
        case transfer
        case incident
        case request
    }

    /// What took away what a transfer's plan relied on.
    public enum Recheck: Sendable {
        case dateChanged(planned: CalendarDate, committing: CalendarDate)
        case agreementRegistered(agreement: String, version: Int, event: Int)
        case profileRegistered(contractor: String, version: Int, event: Int)
        /// A delivery key of the contractor registered since an encrypted transfer was planned.
        case keyRegistered(contractor: String, event: Int)
        /// A new generation of the pseudonym keys started since a transfer that sends pseudonyms was planned.
        case pseudonymsRotated(generation: Int, event: Int)
        /// The planner's reasons against the register now, after the events that changed it.
        case standing(events: [Int], reasons: [String])
        case agreementReplaced(now: String, nowVersion: Int, planned: String, plannedVersion: Int, purpose: String)
        case subjectsStopped(count: Int, events: [Int])
        /// Subjects of a provision who asked, since the plan, that their data no longer be provided.
        case provisionStopped(count: Int, events: [Int])
    }

    /// A file of a package or a release against what was recorded of it; a release records no sizes
    /// (`recordedBytes` nil).
    public enum PackageFileProblem: Sendable {
        case missing(String)
        case unreadable(String)
        case changed(String, bytes: Int, sha256: String, recordedBytes: Int?, recordedSHA256: String)
        case extra(String)
    }

    public enum SourceChange: Sendable {
        case cutShort(from: Int, to: Int)
        case writtenTo
        case removed
        case unreadable
    }

    public var english: String {
        switch self {
        case .clockBehind(let clock, let overridden, let lastEvent, let last):
            return "the clock reads \(clock)\(overridden ? " (SOURCE_DATE_EPOCH)" : ""), before the time of the register's last "
                + "event (event \(lastEvent), recorded \(last)); time only moves forward in the register: correct the system "
                + "clock\(overridden ? " or SOURCE_DATE_EPOCH" : ""), then try again"
        case .planMoved(let transfer, let readThrough, let recheck):
            let planned = "transfer \(transfer) was planned on event \(readThrough)"
            let again = "nothing was recorded and its package was removed; run the extract again"
            switch recheck {
            case .dateChanged(let plannedOn, let committing):
                return "\(planned) for \(plannedOn), but it would be recorded on \(committing): the date changed while the "
                    + "extract ran; \(again)"
            case .agreementRegistered(let agreement, let version, let event):
                return "\(planned); agreement \(agreement) version \(version) was registered since (event \(event)); \(again), "
                    + "so that it plans with it"
            case .profileRegistered(let contractor, let version, let event):
                return "\(planned); version \(version) of the profile of contractor \(contractor) was registered since (event "
                    + "\(event)); \(again), so that it plans with it"
            case .keyRegistered(let contractor, let event):
                return "\(planned); a new delivery key of contractor \(contractor) was registered since (event \(event)), "
                    + "and the package was encrypted to the key it replaces, which is never used again; \(again), so that "
                    + "it encrypts to the new key"
            case .pseudonymsRotated(let generation, let event):
                return "\(planned); the pseudonym keys were rotated since (generation \(generation), event \(event)); \(again), so "
                    + "that its pseudonyms are of the generation in use"
            case .standing(let events, let reasons):
                let since = events.isEmpty ? "by the passing of time" : "event " + events.map(String.init).joined(separator: ", ")
                return "\(planned); since then (\(since)) " + reasons.joined(separator: "; ") + "; \(again)"
            case .agreementReplaced(let now, let nowVersion, let plannedAgreement, let plannedVersion, let purpose):
                return "\(planned); since then agreement \(now) v\(nowVersion) is in force for purpose \(purpose), not "
                    + "\(plannedAgreement) v\(plannedVersion); \(again)"
            case .subjectsStopped(let count, let events):
                return "\(planned); since then \(count) of the subjects it sends asked to stop the use of their data (event "
                    + "\(events.map(String.init).joined(separator: ", "))); \(again), so that it leaves them out"
            case .provisionStopped(let count, let events):
                return "\(planned); since then \(count) of the subjects it provides asked that their data no longer be provided to "
                    + "third parties (event \(events.map(String.init).joined(separator: ", "))); \(again), so that it leaves them out"
            }
        case .timeWentBack(let event, let at, let previous):
            return "event \(event) was recorded at \(at), before event \(event - 1) (\(previous)): time went back in the "
                + "register (a clock set back, or events inserted out of order)"
        case .columnDisagrees(let event, let kind, let contractor, let recordKind, let recordContractor):
            return "event \(event) is stored with kind '\(kind)' and contractor '\(contractor)', but its record says "
                + "'\(recordKind)' and '\(recordContractor)': a column beside the record was changed"
        case .subjectChunkMisfiled(let event):
            return "a chunk of the subject hashes stored with event \(event) is filed under a key that is not its first hash "
                + "(or holds no whole hash): a column beside the hashes was changed, and lookups would miss its subjects"
        case .tableMissing(let name):
            return "the register's schema is damaged: table \(name) is missing"
        case .triggerMissing(let name):
            return "the register's schema is damaged: trigger \(name) is missing: the register is no longer append-only in "
                + "the database"
        case .packageNotInPlace(let transfer, let event, let reason, let waitsIn):
            return "transfer \(transfer) is recorded (event \(event)) but its package is not in place: \(reason); it waits in "
                + "\(waitsIn), and the next consign command puts it in place"
        case .releaseNotInPlace(let release, let event, let reason, let waitsIn):
            return "release \(release) is recorded (event \(event)) but its folder is not in place: \(reason); it waits in "
                + "\(waitsIn), and the next consign command puts it in place"
        case .packageFile(let package, let transfer, let event, let problem):
            return Message.english(problem, in: package, folder: "the package", of: "transfer", transfer, event: event)
        case .manifestChanged(let manifest, let transfer, let event):
            return "\(manifest) says something else than transfer \(transfer) records (event \(event)): the manifest was changed"
        case .manifestUnknownTransfer(let manifest):
            return "\(manifest) names a transfer the register does not hold"
        case .releaseFile(let folder, let release, let event, let problem):
            return Message.english(problem, in: folder, folder: "the release's folder", of: "release", release, event: event)
        case .releaseManifestChanged(let manifest, let release, let event):
            return "\(manifest) says something else than release \(release) records (event \(event)): the manifest was changed"
        case .manifestUnknownRelease(let manifest, let release):
            return "\(manifest) names release \(release), which the register does not hold"
        case .clockOverridden(let event, let kind, let at, let by):
            return "event \(event) (\(kind), recorded at \(at) by \(by)) was timed by SOURCE_DATE_EPOCH, a clock someone set, "
                + "after the register's events were timed by the real clock; its time, and the dates taken from it, are not "
                + "evidence"
        case .sourceChanged(let change):
            let what: String =
                switch change {
                case .cutShort(let from, let to): "it was cut short from \(from) to \(to) bytes"
                case .writtenTo: "it was written to (its size or modification time changed)"
                case .removed: "it was removed"
                case .unreadable: "it can no longer be read"
                }
            return "the file changed while it was read (\(what)); nothing was written: extract from a copy that no other "
                + "process writes to"
        case .notAWorkspace(let directory, let searchedUpward):
            return "not in a consign workspace: no .consign/ in \(directory)\(searchedUpward ? " or any folder above it" : ""); "
                + "create one with consign init DIR (consign init --example DIR lays out the README's example), or name "
                + "one with --workspace DIR or CONSIGN_WORKSPACE"
        case .unknown(let kind, let id, let known):
            let registered = kind == .task ? "templates/ has" : "registered"
            guard !known.isEmpty else {
                return kind == .task
                    ? "unknown task '\(id)': templates/ has no task template yet (copy templates/example-task.xml to start one)"
                    : "unknown \(kind.rawValue) '\(id)': none is registered yet"
            }
            let more = known.count > 12 ? ", … and \(known.count - 12) more" : ""
            return "unknown \(kind.rawValue) '\(id)' (\(registered): \(known.prefix(12).joined(separator: ", "))\(more))"
        case .stopUseSkipped(let id, let hash, let why):
            let reason: String =
                switch why {
                case .repeated(let line): "repeats line \(line) of the file"
                case .alreadyListed(let on): "is already on the stop-use list (request received \(on))"
                case .erasureRequested(let on): "already asked for erasure (request received \(on)), which put them on the list"
                }
            return "subject '\(id)' (keyed hash \(hash)) \(reason); not added again"
        case .schema(let problem):
            return Message.english(problem)
        case .wellFormedness(let problem):
            return Message.english(problem)
        }
    }

    public var japanese: String {
        switch self {
        case .clockBehind(let clock, let overridden, let lastEvent, let last):
            return "時計が \(clock)\(overridden ? "（SOURCE_DATE_EPOCH）" : "") を示しており、台帳の最後のイベント（イベント "
                + "\(lastEvent)、\(last) に記録）より前です。台帳の時刻は先へ進む向きにしか記録できません。システムの時計"
                + "\(overridden ? "または SOURCE_DATE_EPOCH " : "")を直してから、やり直してください"
        case .planMoved(let transfer, let readThrough, let recheck):
            let planned = "提供 \(transfer) はイベント \(readThrough) の時点で計画されました"
            let again = "何も記録せず、パッケージを削除しました。抽出をやり直してください"
            switch recheck {
            case .dateChanged(let plannedOn, let committing):
                return "\(planned)（\(plannedOn) 付け）が、記録すると \(committing) 付けになります。抽出の実行中に日付が"
                    + "変わりました。\(again)"
            case .agreementRegistered(let agreement, let version, let event):
                return "\(planned)。その後、契約 \(agreement) の第 \(version) 版が登録されました（イベント \(event)）。"
                    + "新しい版で計画し直すため、\(again)"
            case .profileRegistered(let contractor, let version, let event):
                return "\(planned)。その後、委託先 \(contractor) のプロファイル第 \(version) 版が登録されました（イベント "
                    + "\(event)）。新しい版で計画し直すため、\(again)"
            case .keyRegistered(let contractor, let event):
                return "\(planned)。その後、委託先 \(contractor) の新しい受け渡し用の鍵が登録されました（イベント \(event)）。"
                    + "パッケージは置き換えられた鍵（二度と使いません）に宛てて暗号化されていました。新しい鍵に宛てて暗号化する"
                    + "ため、\(again)"
            case .pseudonymsRotated(let generation, let event):
                return "\(planned)。その後、仮名の鍵がローテーションされました（第 \(generation) 世代、イベント \(event)）。使用中の世代"
                    + "の仮名にするため、\(again)"
            case .standing(let events, let reasons):
                let since = events.isEmpty ? "時間の経過により" : "イベント " + events.map(String.init).joined(separator: "、") + " により"
                return "\(planned)。その後、\(since)次のとおり変わりました：" + reasons.joined(separator: "；") + "。\(again)"
            case .agreementReplaced(let now, let nowVersion, let plannedAgreement, let plannedVersion, let purpose):
                return "\(planned)。その後、利用目的 \(purpose) について有効な契約は \(plannedAgreement) 第 \(plannedVersion) "
                    + "版ではなく \(now) 第 \(nowVersion) 版になりました。\(again)"
            case .subjectsStopped(let count, let events):
                return "\(planned)。その後、この提供に含まれる本人のうち \(count) 人から利用停止の請求がありました（イベント "
                    + "\(events.map(String.init).joined(separator: "、"))）。その本人を除くため、\(again)"
            case .provisionStopped(let count, let events):
                return "\(planned)。その後、この提供に含まれる本人のうち \(count) 人から第三者提供の停止の請求がありました（イベント "
                    + "\(events.map(String.init).joined(separator: "、"))）。その本人を除くため、\(again)"
            }
        case .timeWentBack(let event, let at, let previous):
            return "イベント \(event) は \(at) に記録されており、直前のイベント \(event - 1)（\(previous)）より前です。台帳の"
                + "時刻が逆戻りしています（時計が戻されたか、イベントが順序を外れて挿入されました）"
        case .columnDisagrees(let event, let kind, let contractor, let recordKind, let recordContractor):
            return "イベント \(event) は種別 '\(kind)'・委託先 '\(contractor)' として保存されていますが、記録本体は "
                + "'\(recordKind)'・'\(recordContractor)' です。記録の横の列が書き換えられました"
        case .subjectChunkMisfiled(let event):
            return "イベント \(event) とともに保存された本人ハッシュの塊が、その最初のハッシュではないキーで保存されています"
                + "（または完全なハッシュを含みません）。ハッシュの横の列が書き換えられ、照会でその本人が見つからなくなります"
        case .tableMissing(let name):
            return "台帳のスキーマが壊れています：テーブル \(name) がありません"
        case .triggerMissing(let name):
            return "台帳のスキーマが壊れています：トリガー \(name) がありません。データベース上で追記専用ではなくなっています"
        case .packageNotInPlace(let transfer, let event, let reason, let waitsIn):
            return "提供 \(transfer) は記録済み（イベント \(event)）ですが、パッケージが所定の場所にありません：\(reason)。"
                + "\(waitsIn) で待機しており、次に consign のコマンドを実行すると所定の場所に移します"
        case .releaseNotInPlace(let release, let event, let reason, let waitsIn):
            return "公表 \(release) は記録済み（イベント \(event)）ですが、フォルダが所定の場所にありません：\(reason)。"
                + "\(waitsIn) で待機しており、次に consign のコマンドを実行すると所定の場所に移します"
        case .packageFile(let package, let transfer, let event, let problem):
            return Message.japanese(problem, in: package, folder: "パッケージ", of: "提供", transfer, event: event)
        case .manifestChanged(let manifest, let transfer, let event):
            return "\(manifest) の内容が提供 \(transfer) の記録（イベント \(event)）と異なります。マニフェストが変更されました"
        case .manifestUnknownTransfer(let manifest):
            return "\(manifest) は台帳にない提供を指しています"
        case .releaseFile(let folder, let release, let event, let problem):
            return Message.japanese(problem, in: folder, folder: "公表のフォルダ", of: "公表", release, event: event)
        case .releaseManifestChanged(let manifest, let release, let event):
            return "\(manifest) の内容が公表 \(release) の記録（イベント \(event)）と異なります。マニフェストが変更されました"
        case .manifestUnknownRelease(let manifest, let release):
            return "\(manifest) は台帳にない公表 \(release) を指しています"
        case .clockOverridden(let event, let kind, let at, let by):
            return "イベント \(event)（\(kind)、\(at) に \(by) が記録）は、台帳が実時間の時計で記録されるようになった後に、"
                + "人が設定した時計 SOURCE_DATE_EPOCH で記録されています。その時刻と、そこから取った日付は証拠になりません"
        case .sourceChanged(let change):
            let what: String =
                switch change {
                case .cutShort(let from, let to): "\(from) バイトから \(to) バイトに切り詰められました"
                case .writtenTo: "書き込まれました（サイズまたは更新時刻が変わりました）"
                case .removed: "削除されました"
                case .unreadable: "読めなくなりました"
                }
            return "読み込み中にファイルが変わりました（\(what)）。何も書き出していません。他のプロセスが書き込まない"
                + "コピーから抽出してください"
        case .notAWorkspace(let directory, let searchedUpward):
            return "consign のワークスペースの中ではありません：\(directory)\(searchedUpward ? " とその上のどのフォルダー" : "") "
                + "にも .consign/ がありません。consign init DIR で作成するか（consign init --example DIR は README の例を"
                + "展開します）、--workspace DIR または CONSIGN_WORKSPACE でワークスペースを指定してください"
        case .unknown(let kind, let id, let known):
            let noun: String =
                switch kind {
                case .contractor: "委託先"
                case .agreement: "契約"
                case .task: "業務テンプレート"
                case .transfer: "提供"
                case .incident: "インシデント"
                case .request: "請求"
                }
            guard !known.isEmpty else {
                return kind == .task
                    ? "\(noun) '\(id)' はありません。templates/ に業務テンプレートがまだありません（templates/example-task.xml を"
                        + "コピーして作成してください）"
                    : "\(noun) '\(id)' はありません。まだ何も登録されていません"
            }
            let more = known.count > 12 ? "、…ほか \(known.count - 12) 件" : ""
            return "\(noun) '\(id)' はありません（\(kind == .task ? "templates/ にあるもの" : "登録済み")："
                + "\(known.prefix(12).joined(separator: "、"))\(more)）"
        case .stopUseSkipped(let id, let hash, let why):
            let reason: String =
                switch why {
                case .repeated(let line): "は、ファイルの \(line) 行目と重複しています"
                case .alreadyListed(let on): "はすでに利用停止リストにあります（\(on) 受付）"
                case .erasureRequested(let on): "はすでに消去を請求しており（\(on) 受付）、利用停止リストにあります"
                }
            return "本人 '\(id)'（鍵付きハッシュ \(hash)）\(reason)。重ねては追加しません"
        case .schema(let problem):
            return Message.japanese(problem)
        case .wellFormedness(let problem):
            return Message.japanese(problem)
        }
    }
}

extension Message {
    /// A file of `path` (a transfer's package, a release's folder) against what its event recorded; `folder` and
    /// `recorder` name the two in the sentence.
    private static func english(
        _ problem: PackageFileProblem, in path: String, folder: String, of recorder: String, _ id: String, event: Int
    ) -> String {
        let subject = "\(path) (\(recorder) \(id), event \(event))"
        switch problem {
        case .missing(let file): return "\(subject): \(file), which the \(recorder) recorded, is missing"
        case .unreadable(let file): return "\(subject): \(file) cannot be read"
        case .changed(let file, let bytes, let sha256, let recordedBytes, let recordedSHA256):
            guard let recordedBytes else {
                return "\(subject): \(file) has SHA-256 \(sha256.prefix(16))…, but the \(recorder) recorded "
                    + "\(recordedSHA256.prefix(16))…: it was changed"
            }
            return "\(subject): \(file) has \(bytes) bytes and SHA-256 \(sha256.prefix(16))…, but the \(recorder) recorded "
                + "\(recordedBytes) bytes and \(recordedSHA256.prefix(16))…: it was changed"
        case .extra(let file): return "\(subject): \(file) is in \(folder), but the \(recorder) did not record it"
        }
    }

    private static func japanese(
        _ problem: PackageFileProblem, in path: String, folder: String, of recorder: String, _ id: String, event: Int
    ) -> String {
        let subject = "\(path)（\(recorder) \(id)、イベント \(event)）"
        switch problem {
        case .missing(let file): return "\(subject)：\(recorder)が記録した \(file) がありません"
        case .unreadable(let file): return "\(subject)：\(file) を読めません"
        case .changed(let file, let bytes, let sha256, let recordedBytes, let recordedSHA256):
            guard let recordedBytes else {
                return "\(subject)：\(file) は SHA-256 \(sha256.prefix(16))… ですが、\(recorder)の記録は "
                    + "\(recordedSHA256.prefix(16))… です。ファイルが変更されました"
            }
            return "\(subject)：\(file) は \(bytes) バイト、SHA-256 \(sha256.prefix(16))… ですが、\(recorder)の記録は "
                + "\(recordedBytes) バイト、\(recordedSHA256.prefix(16))… です。ファイルが変更されました"
        case .extra(let file): return "\(subject)：\(file) は\(folder)にありますが、\(recorder)の記録にはありません"
        }
    }
}
