/// The sentences of anonymised records (匿名加工情報, APPI Art. 43): what `consign check` finds wrong in an
/// anonymised-data task, what `consign anonymise` says and refuses, the notices Art. 43 requires, and the audit's
/// finding on a release without them.
public enum AnonymisationText: CatalogueEntry {
    // The task against the catalog.
    case unknownRole(String)
    case columnIdentifies(column: String, FieldForm)
    case quasiIdentifyingUndeclared(column: String, FieldForm, role: String)
    case fieldInTwoColumns(column: String, field: String, first: String)
    case codingNeedsNumber(column: String, field: String)
    case codesCross(column: String, bottom: Int, top: Int)
    case onlyQuasiIdentifiersGeneralise(column: String)
    case noQuasiIdentifier
    case diversityWithoutSensitive(l: Int)
    case diversityAboveK(l: Int, k: Int)
    case searchTooLarge(combinations: Int, limit: Int)
    // `consign anonymise`.
    case notAnAnonymisedTask(String)
    case anonymisedTaskHasNoPlan(String)
    case nothingInScope
    case cannotReach(k: Int, l: Int?, leastSuppressed: Int, rows: Int, percent: Int)
    case released(
        id: String, published: String, rows: String, records: String, suppressed: String, k: Int, l: Int?, folder: String,
        event: Int)
    case releaseMoved(release: String, readThrough: Int, StatisticsText.Moved)
    case refused(task: String, contractor: String?, on: CalendarDate)
    // The notices (Art. 43(3) and (4)): a file each, Japanese then English.
    case creationNotice(company: String, on: CalendarDate, release: String, items: [AnonymisedRelease.Item])
    case provisionNotice(company: String, on: CalendarDate, release: String, items: [AnonymisedRelease.Item])
    case recipientNotice(company: String, recipient: String, on: CalendarDate, release: String)
    // The audit.
    case withoutNotice(release: String, task: String, on: CalendarDate, missing: AnonymisedNotice.Kind)
    public static let withoutNoticeRule = Sentence(
        "APPI Art. 43(3) and (4): the items of anonymised records are made public when they are created and, before they "
            + "are provided, with the method; the recipient is told they are anonymised",
        "個人情報保護法第43条第3項・第4項：匿名加工情報を作成したときはその項目を、第三者に提供するときはあらかじめその項目と"
            + "提供の方法を公表し、提供先に匿名加工情報である旨を明示する")

    /// A notice's list of items, one line each: the column, the catalog's field, and what the column holds of it in
    /// words (a column withheld, `null`, holds no item).
    static func items(_ items: [AnonymisedRelease.Item], _ language: Language) -> String {
        items.filter { $0.fieldForm.form != .null }.map { item in
            let field = item.fieldForm.field
            return switch language {
            case .en: "  - \(item.name): \(field), \(formInWords(item.fieldForm.form, .en))\n"
            case .ja: "  - \(item.name)：\(field)（\(formInWords(item.fieldForm.form, .ja))）\n"
            }
        }.joined()
    }

    /// What a column holds of its field, as a notice says it.
    static func formInWords(_ form: Form, _ language: Language) -> String {
        switch (form, language) {
        case (.keep, .en): "as recorded"
        case (.keep, .ja): "そのまま"
        case (.year, .en): "the year only"
        case (.year, .ja): "年のみ"
        case (.prefix(let n), .en): "its first \(n) characters"
        case (.prefix(let n), .ja): "先頭 \(n) 文字"
        case (.ageBand(let n), .en): "as an age band of \(n) years"
        case (.ageBand(let n), .ja): "\(n) 歳刻みの年齢階級"
        case (.bucket(let n), .en): "as a range of \(n)"
        case (.bucket(let n), .ja): "\(n) 刻みの区分"
        case (.mask(let n), .en): "masked but for its last \(n) characters"
        case (.mask(let n), .ja): "末尾 \(n) 文字以外を伏せたもの"
        case (.hmac, .en): "as a keyed pseudonym"
        case (.hmac, .ja): "鍵付きの仮名"
        case (.null, .en): "withheld"
        case (.null, .ja): "提供しない"
        }
    }

    public var english: String {
        switch self {
        case .unknownRole(let role):
            return "unknown role '\(role)': a column is a quasi-identifier, sensitive or an attribute"
        case .columnIdentifies(let column, let fieldForm):
            return "column '\(column)': \(fieldForm) identifies a person or links to them (a direct identifier, a payment "
                + "credential or a pseudonym), which PPC Rule 34(1)-(3) removes from anonymised records; leave it out "
                + "or use a random-id column"
        case .quasiIdentifyingUndeclared(let column, let fieldForm, let role):
            return "column '\(column)' (\(role)): the catalog rates \(fieldForm) quasi-identifying, so it must be a "
                + "role=\"quasi-identifier\" column that k-anonymity covers; or publish a form the catalog rates "
                + "identifiability=\"none\""
        case .fieldInTwoColumns(let column, let field, let first):
            return "column '\(column)': field '\(field)' is already in column '\(first)'; one field is published once, or "
                + "one column would give away what the other's generalisation removed"
        case .codingNeedsNumber(let column, let field):
            return "column '\(column)': top-code and bottom-code need a numeric field, and '\(field)' is not numeric in the "
                + "catalog (numeric=\"true\")"
        case .codesCross(let column, let bottom, let top):
            return "column '\(column)': bottom-code \(bottom) is not below top-code \(top)"
        case .onlyQuasiIdentifiersGeneralise(let column):
            return "column '\(column)': only a quasi-identifier is generalised; remove its <generalise> or make it "
                + "role=\"quasi-identifier\""
        case .noQuasiIdentifier:
            return "an anonymised task needs at least one quasi-identifier column to check k-anonymity on"
        case .diversityWithoutSensitive(let l):
            return "l=\"\(l)\" needs a sensitive column to count distinct values of; add one or remove l"
        case .diversityAboveK(let l, let k):
            return "l=\"\(l)\" is above k=\"\(k)\": a class of k rows cannot hold more than k distinct values"
        case .searchTooLarge(let combinations, let limit):
            return "the quasi-identifiers' ladders make \(combinations) combinations, more than the \(limit) consign "
                + "tries; give fewer <generalise> steps"
        case .notAnAnonymisedTask(let task):
            return "task '\(task)' is not an anonymised-data task: use consign extract or consign stats --task \(task)"
        case .anonymisedTaskHasNoPlan(let task):
            return "task '\(task)' publishes anonymised records, not an extract: use consign anonymise --task \(task)"
        case .nothingInScope:
            return "no record is in the task's scope: there is nothing to anonymise"
        case .cannotReach(let k, let l, let least, let rows, let percent):
            return "no combination of the ladders reaches k=\(k)" + (l.map { " and l=\($0)" } ?? "")
                + " suppressing at most \(percent)% of the \(rows) rows (the fewest suppressed would be \(least)); "
                + "add coarser <generalise> steps or raise max-suppressed"
        case .released(let id, let published, let rows, let records, let suppressed, let k, let l, let folder, let event):
            return "released \(id): \(published) anonymised rows of \(rows) in scope (\(records) records read, "
                + "\(suppressed) suppressed), every class at least \(k) rows"
                + (l.map { " with at least \($0) distinct sensitive values" } ?? "") + ", into \(folder) (event \(event))"
        case .releaseMoved(let release, let readThrough, let why):
            return "release \(release) was prepared on event \(readThrough), but the register changed before it was recorded: "
                + "\(StatisticsText.reason(why, .en)); nothing was recorded and its files were removed; run consign anonymise again"
        case .refused(let task, let contractor, let on):
            return "refused: task \(task)'s anonymised records may not be " + (contractor.map { "provided to \($0)" } ?? "made")
                + " on \(on):"
        case .creationNotice(let company, let on, let release, let items):
            return "Public notice (Act on the Protection of Personal Information, Art. 43(3))\n\n"
                + "On \(on), \(company) created anonymously processed information (\(release)). "
                + "It contains the following items of information about individuals:\n" + Self.items(items, .en)
        case .provisionNotice(let company, let on, let release, let items):
            return "Public notice (Act on the Protection of Personal Information, Art. 43(4))\n\n"
                + "On \(on), \(company) provides anonymously processed information (\(release)) to a third party.\n"
                + "Items of information about individuals it contains:\n" + Self.items(items, .en)
                + "Method of provision: an electronic file handed to the recipient.\n"
        case .recipientNotice(let company, let recipient, let on, let release):
            return "To \(recipient): the records \(company) provides to you on \(on) (\(release)) are anonymously processed "
                + "information under Art. 43 of the Act on the Protection of Personal Information. You may not identify the "
                + "persons they were made from, nor obtain the descriptions deleted from them or the method of processing "
                + "(Art. 45), and you must keep them secure (Art. 46).\n"
        case .withoutNotice(let release, let task, let on, let missing):
            let notice =
                switch missing {
                case .creation: "no public notice of its items (Art. 43(3))"
                case .provision: "no public notice of its items and method before the provision (Art. 43(4))"
                case .recipient: "no statement to the recipient that the records are anonymised (Art. 43(4))"
                }
            return "anonymised release \(release) (task \(task), \(on)) has \(notice) recorded: publish the notice and record it"
        }
    }

    public var japanese: String {
        switch self {
        case .unknownRole(let role):
            return "役割 '\(role)' はありません。列は quasi-identifier、sensitive、attribute のいずれかです"
        case .columnIdentifies(let column, let fieldForm):
            return "列 '\(column)'：\(fieldForm) は個人を識別するか個人に連結します（直接識別子、決済情報または仮名）。"
                + "匿名加工情報では施行規則第34条第1号から第3号により削除します。列から外すか random-id 列を使ってください"
        case .quasiIdentifyingUndeclared(let column, let fieldForm, let role):
            return "列 '\(column)'（\(role)）：カタログは \(fieldForm) を準識別子としています。k-匿名性の対象となる "
                + "role=\"quasi-identifier\" の列にするか、カタログが identifiability=\"none\" とする形式で出力してください"
        case .fieldInTwoColumns(let column, let field, let first):
            return "列 '\(column)'：項目 '\(field)' は既に列 '\(first)' にあります。一つの項目は一度だけ出力します。"
                + "さもないと一方の列が他方の一般化で除いた情報を明かします"
        case .codingNeedsNumber(let column, let field):
            return "列 '\(column)'：top-code と bottom-code は数値項目にのみ使えます。'\(field)' はカタログで数値（numeric=\"true\"）ではありません"
        case .codesCross(let column, let bottom, let top):
            return "列 '\(column)'：bottom-code \(bottom) が top-code \(top) より小さくありません"
        case .onlyQuasiIdentifiersGeneralise(let column):
            return "列 '\(column)'：一般化するのは準識別子だけです。<generalise> を削除するか role=\"quasi-identifier\" にしてください"
        case .noQuasiIdentifier:
            return "匿名加工のタスクには k-匿名性を確かめる準識別子の列が少なくとも一つ必要です"
        case .diversityWithoutSensitive(let l):
            return "l=\"\(l)\" には異なる値を数える機微な列が必要です。列を加えるか l を削除してください"
        case .diversityAboveK(let l, let k):
            return "l=\"\(l)\" が k=\"\(k)\" を上回っています。k 行のクラスは k を超える異なる値を持てません"
        case .searchTooLarge(let combinations, let limit):
            return "準識別子の一般化の段階の組合せが \(combinations) 通りあり、consign が試す \(limit) 通りを超えます。"
                + "<generalise> を減らしてください"
        case .notAnAnonymisedTask(let task):
            return "タスク '\(task)' は匿名加工のタスクではありません。consign extract または consign stats --task \(task) を使ってください"
        case .anonymisedTaskHasNoPlan(let task):
            return "タスク '\(task)' は抽出ではなく匿名加工情報を作成します。consign anonymise --task \(task) を使ってください"
        case .nothingInScope:
            return "タスクの対象となるレコードがありません。匿名加工するものがありません"
        case .cannotReach(let k, let l, let least, let rows, let percent):
            return "どの一般化の組合せでも、\(rows) 行の \(percent)% 以下の削除では k=\(k)" + (l.map { "、l=\($0)" } ?? "")
                + " に届きません（最少でも \(least) 行の削除が必要）。より粗い <generalise> を加えるか max-suppressed を上げてください"
        case .released(let id, let published, let rows, let records, let suppressed, let k, let l, let folder, let event):
            return "\(id) を作成しました：対象 \(rows) 行のうち匿名加工した \(published) 行（\(records) レコードを読み、"
                + "\(suppressed) 行を削除）。どのクラスも \(k) 行以上" + (l.map { "、機微な値は \($0) 種類以上" } ?? "")
                + "。\(folder) に出力（イベント \(event)）"
        case .releaseMoved(let release, let readThrough, let why):
            return "\(release) はイベント \(readThrough) の時点で準備しましたが、記録する前に登録簿が変わりました："
                + "\(StatisticsText.reason(why, .ja))。何も記録せず、ファイルを削除しました。consign anonymise をやり直してください"
        case .refused(let task, let contractor, let on):
            return "拒否：タスク \(task) の匿名加工情報は \(on) に" + (contractor.map { "\($0) へ提供" } ?? "作成") + "できません："
        case .creationNotice(let company, let on, let release, let items):
            return "公表（個人情報の保護に関する法律第43条第3項）\n\n"
                + "\(company)は、\(on)、匿名加工情報（\(release)）を作成しました。これに含まれる個人に関する情報の項目は次のとおりです。\n"
                + Self.items(items, .ja)
        case .provisionNotice(let company, let on, let release, let items):
            return "公表（個人情報の保護に関する法律第43条第4項）\n\n"
                + "\(company)は、\(on)、匿名加工情報（\(release)）を第三者に提供します。\n"
                + "含まれる個人に関する情報の項目：\n" + Self.items(items, .ja)
                + "提供の方法：電子ファイルを提供先に交付します。\n"
        case .recipientNotice(let company, let recipient, let on, let release):
            return "\(recipient) 御中：\(company)が \(on) に提供するレコード（\(release)）は、個人情報の保護に関する法律第43条の"
                + "匿名加工情報です。作成に用いられた本人を識別すること、削除された記述等や加工の方法に関する情報を取得することは"
                + "できません（第45条）。また、安全管理のための措置を講じてください（第46条）。\n"
        case .withoutNotice(let release, let task, let on, let missing):
            let notice =
                switch missing {
                case .creation: "項目の公表（第43条第3項）"
                case .provision: "提供前の項目と方法の公表（第43条第4項）"
                case .recipient: "提供先への匿名加工情報である旨の明示（第43条第4項）"
                }
            return "匿名加工情報 \(release)（タスク \(task)、\(on)）について\(notice)の記録がありません。公表して記録してください"
        }
    }
}
