/// The sentences of statistical tables: what `consign check` finds wrong in a statistics task, what
/// `consign stats` says and refuses, the legend of a released table, and the audit's finding on a release.
public enum StatisticsText: CatalogueEntry {
    // The task against the catalog.
    case unknownMeasure(String)
    case measureNeedsField(measure: String, StatisticsTable.Measure.Kind)
    case countTakesNoField(measure: String)
    case measureFieldNotNumeric(measure: String, field: String)
    case dimensionIdentifies(dimension: String, FieldForm)
    case minimumBelowCatalog(task: Int, catalog: Int)
    case purposeNotStatistics(String)
    case dominanceWithoutSum
    // `consign stats`.
    case notAStatisticsTask(String)
    case statisticsTaskHasNoPlan(String)
    case nothingInScope
    case categoryIsTotalLabel(String)
    case releaseAlreadyThere
    case badNodeLimit(Int)
    /// A table whose rules withhold so many cells that protecting them would take more memory than consign allows.
    case tooFineToProtect(withheld: String, cells: String, megabytes: String, budget: String, dimension: String, categories: String)
    case released(
        id: String, cells: Int, primary: Int, secondary: Int, method: StatisticsRelease.Method, leastSuppressed: Int,
        rows: String, records: String, outOfScope: String, stopped: String, folder: String, event: Int)
    /// A release whose rules withheld half its cells with anyone in them or more, and the dimension with the most
    /// categories.
    case mostlyWithheld(primary: String, occupied: String, dimension: String, categories: String)
    case releaseMoved(release: String, readThrough: Int, Moved)
    /// What changed in the register between the tabulation and the commit of a release.
    public enum Moved: Sendable {
        case dateChanged(planned: CalendarDate, committing: CalendarDate)
        case agreementRegistered(agreement: String, version: Int, event: Int)
        case standing([String])
    }
    case refused(task: String, contractor: String?, on: CalendarDate)
    /// The mark of a suppressed cell in a released table, and the legend that says what it means.
    case legend(minimum: Int, dominance: String, means: Bool)
    // The audit.
    case belowMinimum(release: String, task: String, on: CalendarDate, recorded: Int, minimum: Int)
    public static let belowMinimumRule = Sentence(
        "APPI Art. 2(1) and the PPC's guidance on statistical data: no published cell may identify a person "
            + "(the catalog's minimum frequency; the MHLW's NDB rule of no cell of 1-9 people)",
        "個人情報保護法第2条第1項及び統計情報に関する個人情報保護委員会の考え方：公表するセルから個人を識別できてはならない"
            + "（カタログの最小度数。NDB の公表基準は 1〜9 人のセルを公表しない）")

    public var english: String {
        switch self {
        case .unknownMeasure(let kind):
            return "unknown measure '\(kind)': a measure is count, sum or mean"
        case .measureNeedsField(let measure, let kind):
            return "measure '\(measure)' (\(kind.rawValue)) needs the numeric field it is of: add field=\"…\""
        case .countTakesNoField(let measure):
            return "measure '\(measure)' counts rows and takes no field: remove field=\"…\""
        case .measureFieldNotNumeric(let measure, let field):
            return "measure '\(measure)': field '\(field)' is not numeric in the catalog (numeric=\"true\"); "
                + "only a number can be summed or averaged"
        case .dimensionIdentifies(let dimension, let fieldForm):
            return "dimension '\(dimension)': \(fieldForm) tells people apart (a direct identifier or a pseudonym), so "
                + "every cell would be one person; break the table down by a coarser form"
        case .minimumBelowCatalog(let task, let catalog):
            return "minimum-frequency \(task) is below the catalog's \(catalog): a task may ask for more protection, never for less"
        case .purposeNotStatistics(let purpose):
            return "a task that publishes a statistical table has the purpose 'statistics' (creating statistical data that "
                + "identifies nobody), not '\(purpose)': make it <purpose>statistics</purpose>, or send records with <needs>"
        case .dominanceWithoutSum:
            return "a dominance rule protects sums, and the table has no sum or mean measure: remove the rule or add the measure"
        case .notAStatisticsTask(let task):
            return "task '\(task)' sends records, not a table: use consign extract --task \(task)"
        case .statisticsTaskHasNoPlan(let task):
            return "task '\(task)' publishes a statistical table, not records: use consign stats --task \(task)"
        case .nothingInScope:
            return "no record is in the task's scope: there is no table to publish"
        case .categoryIsTotalLabel(let label):
            return "this record's category is '\(label)', which the published table writes for a dimension's total: correct the "
                + "value in the source"
        case .releaseAlreadyThere:
            return "the release folder already exists; choose another --out or move it away"
        case .badNodeLimit(let n):
            return "--node-limit \(n): give a number of nodes, 0 or more (0 keeps the first protecting pattern found)"
        case .tooFineToProtect(let withheld, let cells, let megabytes, let budget, let dimension, let categories):
            return "the table's rules withhold \(withheld) of its \(cells) cells, and the attacker's program that protects them would "
                + "take \(megabytes) MB, more than the \(budget) MB consign allows; nothing was written: give the largest dimension, "
                + "\(dimension) (\(categories) categories), a coarser form (year, age_band(n), prefix(n) or bucket(n), as its field "
                + "allows), or narrow the row scope"
        case .released(
            let id, let cells, let primary, let secondary, let method, let least, let rows, let records, let outOfScope, let stopped,
            let folder, let event):
            return "released \(id): \(cells) cells, \(primary) suppressed by the rules and \(secondary) to protect them "
                + "(\(method == .exact ? "fewest possible, proved" : "not proved fewest within the node limit; at least \(least) cells suppressed in all are needed; a larger --node-limit searches further")); "
                + "\(rows) of \(records) records tabulated (\(outOfScope) out of scope, \(stopped) stopped) "
                + "into \(folder) (event \(event))"
        case .mostlyWithheld(let primary, let occupied, let dimension, let categories):
            return "most of the table is withheld by its rules (\(primary) of the \(occupied) cells with anyone in them): its largest dimension, "
                + "\(dimension), has \(categories) categories; a coarser form of it (fewer, larger categories) publishes more"
        case .releaseMoved(let release, let readThrough, let why):
            return "release \(release) was prepared on event \(readThrough), but the register changed before it was recorded: "
                + "\(StatisticsText.reason(why, .en)); nothing was recorded and its table was removed; run consign stats again"
        case .refused(let task, let contractor, let on):
            return "refused: task \(task)'s table may not be " + (contractor.map { "released to \($0)" } ?? "published")
                + " on \(on):"
        case .legend(let minimum, let dominance, let means):
            return "x: suppressed, so that no published or derivable cell holds fewer than \(minimum) people"
                + (dominance.isEmpty ? "" : " nor is dominated by its largest contributors (\(dominance))")
                + "; totals include the suppressed cells"
                + (means ? "; a mean is . in the CSV, and absent in the XML, where the cell holds nobody" : "")
        case .belowMinimum(let release, let task, let on, let recorded, let minimum):
            return "statistics release \(release) (task \(task), \(on)) protected cells of fewer than \(recorded) people, "
                + "below the catalog's minimum frequency of \(minimum): review the published table"
        }
    }

    public var japanese: String {
        switch self {
        case .unknownMeasure(let kind):
            return "集計値 '\(kind)' はありません。count、sum、mean のいずれかです"
        case .measureNeedsField(let measure, let kind):
            return "集計値 '\(measure)'（\(kind.rawValue)）には対象の数値項目が必要です。field=\"…\" を指定してください"
        case .countTakesNoField(let measure):
            return "集計値 '\(measure)' は行数を数えるため項目を取りません。field=\"…\" を削除してください"
        case .measureFieldNotNumeric(let measure, let field):
            return "集計値 '\(measure)'：項目 '\(field)' はカタログで数値（numeric=\"true\"）ではありません。合計・平均は数値にのみ使えます"
        case .dimensionIdentifies(let dimension, let fieldForm):
            return "分類軸 '\(dimension)'：\(fieldForm) は個人を区別する（直接識別子または仮名）ため、どのセルも一人になります。"
                + "より粗い形式で分類してください"
        case .minimumBelowCatalog(let task, let catalog):
            return "minimum-frequency \(task) はカタログの \(catalog) を下回っています。タスクは保護を強めることはできても、弱めることはできません"
        case .purposeNotStatistics(let purpose):
            return "統計表を公表するタスクの利用目的は 'statistics'（個人を識別しない統計データの作成）です。'\(purpose)' ではありません。"
                + "<purpose>statistics</purpose> とするか、<needs> でレコードを送ってください"
        case .dominanceWithoutSum:
            return "優越性規則は合計を保護するものですが、この表には sum も mean の集計値もありません。規則を削除するか集計値を追加してください"
        case .notAStatisticsTask(let task):
            return "タスク '\(task)' は表ではなくレコードを送ります。consign extract --task \(task) を使ってください"
        case .statisticsTaskHasNoPlan(let task):
            return "タスク '\(task)' はレコードではなく統計表を公表します。consign stats --task \(task) を使ってください"
        case .nothingInScope:
            return "タスクの対象となるレコードがありません。公表する表がありません"
        case .categoryIsTotalLabel(let label):
            return "このレコードの分類は '\(label)' ですが、公表する表ではこれを分類軸の合計に使います。元データの値を直してください"
        case .releaseAlreadyThere:
            return "公表フォルダが既にあります。別の --out を指定するか、移動してください"
        case .badNodeLimit(let n):
            return "--node-limit \(n)：0 以上のノード数を指定してください（0 は最初に見つかった保護パターンを使います）"
        case .tooFineToProtect(let withheld, let cells, let megabytes, let budget, let dimension, let categories):
            return "表の規則により \(cells) セル中 \(withheld) セルが秘匿され、それらを守る攻撃者の線形計画は \(megabytes) MB となり、"
                + "consign の上限 \(budget) MB を超えます。何も書き出していません。最も大きい分類軸 \(dimension)（区分 \(categories) 個）を"
                + "より粗い形式（year、age_band(n)、prefix(n)、bucket(n) のうち項目に合うもの）にするか、対象範囲を狭めてください"
        case .released(
            let id, let cells, let primary, let secondary, let method, let least, let rows, let records, let outOfScope, let stopped,
            let folder, let event):
            return "\(id) を公表しました：\(cells) セル、規則による秘匿 \(primary)、それを守るための秘匿 \(secondary)"
                + "（\(method == .exact ? "最少であることを証明済み" : "ノード数の上限までに最少とは証明できませんでした。秘匿は全体で少なくとも \(least) セル必要です。--node-limit を大きくするとさらに探索します")）。"
                + "\(records) レコード中 \(rows) を集計（対象外 \(outOfScope)、利用停止 \(stopped)）、\(folder) に出力（イベント \(event)）"
        case .mostlyWithheld(let primary, let occupied, let dimension, let categories):
            return "表の大半が規則により秘匿されました（該当者のいる \(occupied) セル中 \(primary) セル）。最も大きい分類軸 \(dimension) の区分は "
                + "\(categories) 個です。より粗い形式（少なく大きな区分）にすると、より多く公表できます"
        case .releaseMoved(let release, let readThrough, let why):
            return "公表 \(release) はイベント \(readThrough) の時点で準備しましたが、記録する前に登録簿が変わりました："
                + "\(StatisticsText.reason(why, .ja))。何も記録せず、表を削除しました。consign stats をやり直してください"
        case .refused(let task, let contractor, let on):
            return "拒否：タスク \(task) の表は \(on) に" + (contractor.map { "\($0) へ提供" } ?? "公表") + "できません："
        case .legend(let minimum, let dominance, let means):
            return "x：秘匿。公表または導出できるどのセルも \(minimum) 人未満にならないよう"
                + (dominance.isEmpty ? "" : "、また上位の寄与者が占めないよう（\(dominance)）")
                + "秘匿しています。合計には秘匿したセルを含みます"
                + (means ? "。該当者のいないセルの平均は CSV では .、XML では省略しています" : "")
        case .belowMinimum(let release, let task, let on, let recorded, let minimum):
            return "統計の公表 \(release)（タスク \(task)、\(on)）は \(recorded) 人未満のセルを保護しましたが、"
                + "カタログの最小度数 \(minimum) を下回ります。公表した表を見直してください"
        }
    }

    /// Why a release's register moved, in `language`.
    static func reason(_ why: Moved, _ language: Language) -> String {
        switch (why, language) {
        case (.dateChanged(let planned, let committing), .en):
            "it was prepared for \(planned) but would be recorded on \(committing)"
        case (.dateChanged(let planned, let committing), .ja):
            "\(planned) 付けで準備しましたが、記録すると \(committing) 付けになります"
        case (.agreementRegistered(let agreement, let version, let event), .en):
            "agreement \(agreement) version \(version) was registered since (event \(event))"
        case (.agreementRegistered(let agreement, let version, let event), .ja):
            "その後、契約 \(agreement) 第 \(version) 版が登録されました（イベント \(event)）"
        case (.standing(let reasons), .en): reasons.joined(separator: "; ")
        case (.standing(let reasons), .ja): reasons.joined(separator: "。")
        }
    }
}
