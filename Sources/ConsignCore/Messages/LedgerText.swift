/// The ledger's sentences: the breaks of the HMAC chain that `ledger verify` and the audit report (beside
/// those of the register's guarantees in `Message`), the packages it cannot check, and its verdict.
public enum LedgerText: CatalogueEntry {
    // Breaks of the chain.
    case newestEventsRemoved(anchor: String, anchorEvent: Int, lastEvent: Int)
    case anchorDisagrees(event: Int, anchor: String)
    case eventMissing(Int)
    case hashMismatch(event: Int)
    case doesNotDecode(event: Int)
    case subjectsWithoutTransfer(event: Int)
    /// A derived table (transfers, deletions, stop-use, subject index) holds other rows than the chain implies.
    case derivedDiffers(table: DerivedTable, stored: Int, implied: Int)

    /// The tables of rows derived from the chain that commands read.
    public enum DerivedTable: Sendable {
        case transfers, deletions, stopUse, subjectIndex

        var english: String {
            switch self {
            case .transfers: "transfers"
            case .deletions: "deletion"
            case .stopUse: "stop-use"
            case .subjectIndex: "subject index"
            }
        }

        var japanese: String {
            switch self {
            case .transfers: "提供"
            case .deletions: "削除確認"
            case .stopUse: "利用停止"
            case .subjectIndex: "本人索引"
            }
        }
    }
    case subjectsDisagree(transfer: String, event: Int)
    case eventsMissing(from: Int, through: Int)
    case outOfPlace(event: Int, after: Int)
    // A package that waits to be put in place.
    case somethingElseAt(String)
    // The verdict of `ledger verify`.
    case broken(events: [Int], message: String)
    case intact(events: Int, head: String)

    /// The anchor given with `--anchor`, as a break names it.
    public static let anchor = Sentence("the anchor", "アンカー")
    public static let notYetInPlace = Sentence("it was not yet moved into place", "まだ所定の場所に移されていません")
    public static let unreadablePackages = Sentence("cannot read the packages directory", "パッケージのフォルダーを読めません")
    public static let noLedgerElement = Sentence(
        "no <ledger event=… chain-hash=…/> in this manifest", "このマニフェストには <ledger event=… chain-hash=…/> がありません")
    public static let noManifest = Sentence("no package manifest here", "ここにはパッケージのマニフェストがありません")
    public static let anchorFormat = Sentence(
        "--anchor must be COUNT:HASH as `consign ledger head` prints it",
        "--anchor には `consign ledger head` が表示する COUNT:HASH を指定してください")

    public var english: String {
        switch self {
        case .newestEventsRemoved(let anchor, let anchorEvent, let lastEvent):
            return "\(anchor) has event \(anchorEvent) but the register ends at event \(lastEvent): the newest events were removed"
        case .anchorDisagrees(let event, let anchor):
            return "event \(event) has another chain hash than \(anchor) records: the chain up to it was changed"
        case .eventMissing(let event):
            return "event \(event) is missing"
        case .hashMismatch(let event):
            return "event \(event) does not match its chain hash: it was edited, inserted or moved, or the chain from here on "
                + "was recomputed without the workspace key"
        case .doesNotDecode(let event):
            return "event \(event) does not decode"
        case .subjectsWithoutTransfer(let event):
            return "subject hashes are stored with event \(event), which records no transfer"
        case .derivedDiffers(let table, let stored, let implied):
            return "the register's \(table.english) rows, which commands read instead of replaying the chain, are not what the "
                + "chain says (\(stored) stored, \(implied) implied, or the same number with other contents): they were "
                + "changed beside the chain; commands may miss or invent records until the register is restored from a backup"
        case .subjectsDisagree(let transfer, let event):
            return "the subject hashes stored with transfer \(transfer) (event \(event)) do not match the subject set its event "
                + "records"
        case .eventsMissing(let from, let through):
            return "events \(from)…\(through) are missing: removed from the register"
        case .outOfPlace(let event, let after):
            return "event \(event) appears out of place after event \(after): inserted or reordered"
        case .somethingElseAt(let path):
            return "something else is at \(path)"
        case .broken(let events, let message):
            let involved = events.isEmpty ? "" : " (events \(events.map(String.init).joined(separator: ", ")))"
            return "BROKEN\(involved): \(message)"
        case .intact(let events, let head):
            return "intact: \(events) events, head \(events):\(head)"
        }
    }

    /// A name inside Japanese text: a path gets a space on each side within the sentence (after it only at
    /// its start), a Japanese word none.
    private static func spaced(_ name: String, first: Bool = false) -> String {
        guard name.last?.isASCII == true else { return name }
        return first ? name + " " : " " + name + " "
    }

    public var japanese: String {
        switch self {
        case .newestEventsRemoved(let anchor, let anchorEvent, let lastEvent):
            return "\(LedgerText.spaced(anchor, first: true))にはイベント \(anchorEvent) がありますが、台帳はイベント \(lastEvent) で終わっています。最新の"
                + "イベントが削除されました"
        case .anchorDisagrees(let event, let anchor):
            return "イベント \(event) のチェーンハッシュが\(LedgerText.spaced(anchor))の記録と異なります。そこまでのチェーンが変更されました"
        case .eventMissing(let event):
            return "イベント \(event) がありません"
        case .hashMismatch(let event):
            return "イベント \(event) がチェーンハッシュと一致しません。編集・挿入・移動されたか、ここから先のチェーンが"
                + "ワークスペースの鍵なしで計算し直されました"
        case .doesNotDecode(let event):
            return "イベント \(event) を記録として読み取れません"
        case .subjectsWithoutTransfer(let event):
            return "イベント \(event) とともに本人ハッシュが保存されていますが、このイベントは提供を記録していません"
        case .derivedDiffers(let table, let stored, let implied):
            return "コマンドが台帳を再生する代わりに読む\(table.japanese)の行が、連鎖の示す内容と異なります（保存 \(stored) 行、連鎖から "
                + "\(implied) 行、または同じ行数で内容が異なる）。連鎖の外で変更されました。台帳をバックアップから復元するまで、"
                + "コマンドは記録を見落とすか、ない記録を示すおそれがあります"
        case .subjectsDisagree(let transfer, let event):
            return "提供 \(transfer)（イベント \(event)）とともに保存された本人ハッシュが、イベントに記録された本人の集合と"
                + "一致しません"
        case .eventsMissing(let from, let through):
            return "イベント \(from)…\(through) がありません。台帳から削除されました"
        case .outOfPlace(let event, let after):
            return "イベント \(after) の後に、順序を外れてイベント \(event) があります。挿入されたか、並べ替えられました"
        case .somethingElseAt(let path):
            return "\(path) に別のものがあります"
        case .broken(let events, let message):
            let involved = events.isEmpty ? "" : "（イベント \(events.map(String.init).joined(separator: "、"))）"
            return "破損\(involved)：\(message)"
        case .intact(let events, let head):
            return "異常なし：イベント \(events) 件、ヘッド \(events):\(head)"
        }
    }
}
