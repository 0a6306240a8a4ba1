/// The help of the auditor's commands, `consign audit`, `consign report` and `consign ledger`: what
/// `--help` says of each command and option. Option names, formats and command lines stay as they are.
public enum AuditHelp: CatalogueEntry {
    /// What `consign audit` checks, with the finding codes it can report.
    case auditDiscussion(codes: [String])

    public static let audit = Sentence(
        "Check every transfer, contractor and agreement against the rules, from the records alone.",
        "記録だけをもとに、すべての提供・委託先・契約を規則に照らして確認します。")
    public static let findings = Sentence(
        "The findings of the audit (what `consign audit` prints; the same options).",
        "監査の指摘（`consign audit` が表示するもの。オプションも同じです）。")
    public static let coverage = Sentence(
        "Contractors × data categories: permitted by the agreement in force, actually sent, never sent.",
        "委託先 × データ区分：有効な契約で認められたもの、実際に提供したもの、提供していないもの。")
    public static let coverageDiscussion = Sentence(
        """
        Takes the options of consign audit, before or after its name: --on DATE, --format text or json, \
        --out FILE, --workspace DIR (consign audit coverage --on 2027-04-01 --format json).
        """,
        """
        consign audit のオプションを、コマンド名の前でも後でも受け付けます：--on DATE、--format text または json、\
        --out FILE、--workspace DIR（consign audit coverage --on 2027-04-01 --format json）。
        """)
    public static let auditOn = Sentence("The date to audit as of", "監査の基準日")
    public static let auditFormat = Sentence(
        "Output style: text, json, csv or html (the whole report, as `consign report html`).",
        "出力形式：text、json、csv または html（html は `consign report html` と同じ報告書全体）。")
    public static let csvEncoding = Sentence(
        "The CSV's encoding: utf-8-bom (Excel reads it as UTF-8), utf-8 or cp932 (Shift_JIS, for Japanese Windows); a "
            + "value it cannot hold is refused with its line, column and character.",
        "CSV の文字コード：utf-8-bom（Excel が UTF-8 として読みます）、utf-8、cp932（シフト JIS。日本語版 Windows 用）。"
            + "書けない文字を含む値は、その行・列・文字を示して拒否します。")
    public static let out = Sentence(
        "Write the report to this file instead of standard output.", "報告を標準出力ではなくこのファイルに書き出します。")

    public static let report = Sentence(
        "Registers for people, generated from the records: recipients, contractors, the HTML report.",
        "記録から作成する、人が読むための台帳：提供先、委託先、HTML の報告書。")
    public static let reportOn = Sentence("The date the report is for", "報告の基準日")
    public static let recipients = Sentence(
        "Per contractor: identity, purposes, data categories, countries and basis, retention.",
        "委託先ごとの名称と所在地、利用目的、データ区分、国と根拠、保存期間。")
    public static let provisions = Sentence(
        "The records of provisions to third parties (APPI Art. 29) in a period.",
        "期間内の第三者提供記録（個人情報保護法 29 条）。")
    public static let provisionsDiscussion = Sentence(
        """
        Every provision recorded in the register (with the persons' consent, or under an exception of APPI         Art. 27(1)): the date, the recipient's name, address and representative, the persons (how many, and the         SHA-256 of their keyed hashes; consign subject show answers for one person), the items, the consent or         the legal reference, the recipient's purposes, and from which date the record may be discarded (PPC         Rule 21: three years; one year after the last provision when the contract with the person stands for it).
        """,
        """
        台帳に記録したすべての第三者提供（本人の同意による提供と、個人情報保護法 27 条 1 項の例外による提供）：提供年月日、        提供先の名称・住所・代表者、本人（人数と鍵付きハッシュの SHA-256。一人については consign subject show で答えます）、        項目、本人の同意または法令等の根拠、提供先の利用目的、記録を廃棄できる日（施行規則：3 年。本人との契約を記録に        代える場合は最後の提供から 1 年）。
        """)
    public static let provisionsFrom = Sentence("The first date of provision to include", "含める最初の提供年月日")
    public static let provisionsTo = Sentence("The last date of provision to include", "含める最後の提供年月日")
    public static let recipientsDiscussion = Sentence(
        """
        The recipients part of a record of processing (GDPR Art. 30(1)(d), (e)) and the items of an APPI \
        record of provision: every contractor with an agreement in force or a transfer up to the date.
        """,
        """
        処理の記録のうち提供先の部分（GDPR 30 条 1 項 (d)、(e)）と、個人情報保護法の提供の記録の項目です。\
        その日に有効な契約があるか、その日までに提供した委託先をすべて載せます。
        """)
    public static let recipientsFormat = Sentence(
        "Output style: csv (UTF-8 with a BOM), xml or json.", "出力形式：csv（BOM 付き UTF-8）、xml または json。")
    public static let contractors = Sentence(
        "The contractor register a Privacy Mark auditor asks for (委託先管理台帳).",
        "プライバシーマークの審査で求められる委託先管理台帳。")
    public static let contractorsDiscussion = Sentence(
        """
        One row per contractor: tasks, data items and records sent, selection evaluation, agreement with \
        its period and clause coverage a)–h), sub-contractors, last and next periodic evaluation, deletion \
        confirmations. CSV in UTF-8 with a BOM, so that Excel opens it correctly; the headers are in the \
        language chosen (--lang ja for Japanese).
        """,
        """
        委託先ごとに 1 行：業務、提供した項目と件数、選定時評価、契約の期間と条項 a)〜h) の有無、再委託先、\
        直近と次回の定期評価、削除・返却の確認。CSV は Excel で正しく開けるよう BOM 付き UTF-8 です。\
        見出しと値は選んだ言語で書きます（英語は --lang en）。
        """)
    public static let contractorsFormat = Sentence(
        "Output style: csv (UTF-8 with a BOM) or json.", "出力形式：csv（BOM 付き UTF-8）または json。")
    public static let html = Sentence(
        "One self-contained HTML page for auditors: summary, findings, coverage, timeline, transfers.",
        "監査人のための、それだけで完結する 1 枚の HTML ページ：概要、指摘、提供範囲、契約の期間、提供。")
    public static let htmlDiscussion = Sentence(
        """
        No network, no scripts, no external fonts or images: it opens from a USB stick or an e-mail \
        attachment. The agreement timeline and the monthly transfers are inline SVG.
        """,
        """
        ネットワークもスクリプトも外部のフォントや画像も使わないので、USB メモリーやメールの添付ファイルから\
        そのまま開けます。契約の期間と月別の提供はインライン SVG で描きます。
        """)

    public static let ledger = Sentence(
        "The register's HMAC chain: its head, and a verification of every link.",
        "台帳の HMAC チェーン：そのヘッドと、すべてのリンクの検証。")
    public static let head = Sentence(
        "Print the number of events and the head hash: the anchor to keep outside the database.",
        "イベント数とヘッドのハッシュを表示します。データベースの外に保管するアンカーです。")
    public static let headDiscussion = Sentence(
        "Prints COUNT:HASH; give it to `consign ledger verify --anchor` later to detect removed events.",
        "COUNT:HASH を表示します。後で `consign ledger verify --anchor` に渡すと、削除されたイベントを検出できます。")
    public static let verify = Sentence(
        "Recompute the HMAC chain and report the first broken link.",
        "HMAC チェーンを計算し直し、最初に壊れたリンクを報告します。")
    public static let verifyDiscussion = Sentence(
        """
        Recomputes every event's chain hash with the workspace key and checks that the events run 1, 2, \
        3, … without a gap, that each is a well-formed canonical record, that each transfer's stored subject hashes match the \
        set its event records, and that the rows derived from the events (transfers by id, deletions, the stop-use list, the \
        subject index), which commands read instead of the chain, are those the chain implies. Detects an edited, removed, inserted or reordered event (also when the \
        database's triggers were bypassed) and a chain recomputed without the key. Against an anchor \
        (COUNT:HASH from `consign ledger head`) or the manifests of extract packages and of statistics and \
        anonymised releases, it also detects the removal of the newest events; with --packages, also each \
        package's or release's files changed, missing or added since its event recorded them.

        Exit status: 0 intact; 1 a break (each on stdout); 2 a usage or input error.
        """,
        """
        ワークスペースの鍵で各イベントのチェーンハッシュを計算し直し、イベントが 1、2、3、… と欠けずに続くこと、\
        各イベントが正しい正規形の記録であること、各提供の保存された本人ハッシュがそのイベントに記録された集合と\
        一致すること、そしてコマンドが連鎖の代わりに読む、イベントから導いた行（ID ごとの提供、削除確認、利用停止リスト、\
        本人索引）が連鎖の示すとおりであることを確かめます。編集・削除・挿入・並べ替えられたイベント（データベースのトリガーを迂回した場合も）と、\
        鍵なしで計算し直されたチェーンを検出します。アンカー（`consign ledger head` が表示する COUNT:HASH）や\
        抽出パッケージや統計表・匿名加工情報の公表のマニフェストと照らし合わせると、最新のイベントの削除も検出します。\
        --packages では、各パッケージ・公表のファイルがイベントの記録の後に変更・削除・追加されたことも検出します。

        終了ステータス：0 異常なし、1 破損あり（それぞれ標準出力に表示）、2 使い方または入力の誤り。
        """)
    public static let anchor = Sentence(
        "COUNT:HASH printed earlier by `consign ledger head`.", "以前に `consign ledger head` が表示した COUNT:HASH。")
    public static let packages = Sentence(
        "A package or release, or a directory of them (extract, stats or anonymise --out), whose manifests and files to check.",
        "マニフェストとファイルを確認するパッケージまたは公表、またはそれらのフォルダー（extract、stats、anonymise の --out）。")

    public var english: String {
        switch self {
        case .auditDiscussion(let codes):
            """
            Verifies the ledger chain, then checks each transfer against the agreement in force on its date \
            (purpose, fields and forms, mix or enrich, countries and basis, sub-contractors), the contractor's \
            status and selection evaluation, its deletion due date and the stop-use list; each contractor's \
            periodic evaluation and foreign-basis check; each agreement's clauses a)–h) and its end. Every \
            finding has a stable code, a severity, the rule it serves and the records involved.

            Codes: \(codes.joined(separator: ", ")).

            Exit status: 0 no errors (warnings allowed); 1 at least one error; 2 a usage or input error.
            """
        }
    }

    public var japanese: String {
        switch self {
        case .auditDiscussion(let codes):
            """
            台帳のチェーンを検証してから、各提供を、その日に有効な契約（利用目的、項目と形式、混合・付加、国と根拠、\
            再委託先）、委託先の状態と選定時評価、削除の期限、利用停止リストに照らして確認します。各委託先の定期評価と\
            外国移転の根拠の確認、各契約の条項 a)〜h) と終了も確認します。指摘にはそれぞれ、変わらないコード、重大度、\
            根拠、関係する記録があります。

            コード：\(codes.joined(separator: "、"))。

            終了ステータス：0 エラーなし（警告は可）、1 エラーが 1 件以上、2 使い方または入力の誤り。
            """
        }
    }
}
