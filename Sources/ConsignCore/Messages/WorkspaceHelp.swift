/// The help of the root command, of the options every command shares, and of `check`, `init` and
/// `sample`: what `--help` prints, in the language chosen before the parser reads it.
public enum WorkspaceHelp {
    // consign
    public static let consignAbstract = Sentence(
        "Send contractors only the personal data their task needs, under an agreement, on the record.",
        "委託先には、契約のもとで、業務に必要な個人データだけを、記録を残して提供します。")
    public static let consignDiscussion = Sentence(
        """
        A workspace holds the confidentiality agreements (agreements/), the contractor profiles \
        (agreements/contractors/), the catalog of personal data and the task templates (templates/), and \
        the register in .consign/: an append-only, hash-chained log of every registration, status change, \
        evaluation, stop-use request and transfer.

        Conventions of every command: --workspace DIR (else CONSIGN_WORKSPACE, else the nearest folder \
        upward holding .consign/); --on DATE for "as of" (YYYY-MM-DD, today, today+N or today-N); \
        --format for the output style; --out for a file (extract's --out names a directory); --operator \
        NAME on commands that record; --lang en|ja (or CONSIGN_LANG, or a ja_JP locale) for the language.

        Exit status: 0 success; 1 a finding or a refused operation; 2 a usage or input error, an unknown \
        id included (diagnostics on stderr as file:line:col: error: message).
        """,
        """
        ワークスペースには、秘密保持契約（agreements/）、委託先プロファイル（agreements/contractors/）、\
        個人データのカタログと業務テンプレート（templates/）、そして .consign/ の台帳があります。台帳は、\
        登録・取引状態の変更・評価・利用停止の請求・提供のすべてを、追記専用でハッシュの連鎖とともに記録します。

        全コマンド共通の約束：--workspace DIR（省略時は CONSIGN_WORKSPACE、それもなければ .consign/ を持つ\
        最も近い上位のフォルダー）；基準日は --on DATE（YYYY-MM-DD、today、today+N、today-N）；出力形式は \
        --format；ファイルの出力先は --out（extract の --out はフォルダー）；記録するコマンドでは --operator \
        NAME；言語は --lang en|ja（または CONSIGN_LANG、ja_JP のロケール）。

        終了ステータス：0 成功；1 指摘または拒否された操作；2 使い方または入力のエラー（不明な ID を含む。\
        診断は標準エラーに file:line:col: error: message の形で出力）。
        """)

    // Options every command shares.
    public static let workspace = Sentence(
        "The workspace (default: CONSIGN_WORKSPACE, else the nearest folder from here upward that holds .consign/).",
        "ワークスペース（省略時は CONSIGN_WORKSPACE、それもなければ、ここから上にたどって .consign/ を持つ最も近いフォルダー）。")
    public static let recordedBy = Sentence(
        "Who records this (default: CONSIGN_OPERATOR, else the login name).",
        "記録する操作者（省略時は CONSIGN_OPERATOR、それもなければログイン名）。")
    public static let format = Sentence("Output style: text or json.", "出力形式：text または json。")
    public static let signedDocuments = Sentence(
        "A folder holding the agreements' signed documents by their recorded references: each must be there (a warning) "
            + "and match its recorded SHA-256 (an error).",
        "契約の署名済み文書を、記録された参照名で置いたフォルダー。各文書があること（なければ警告）と、記録された SHA-256 と"
            + "一致すること（一致しなければエラー）を確かめます。")

    /// The help of a date option: what the date is, the forms it takes, and its default.
    public static func date(_ what: String, default: String?) -> Sentence {
        Sentence(
            "\(what) (YYYY-MM-DD, today, or today+N / today-N days\(`default`.map { "; default \($0)" } ?? "")).",
            "\(what)（YYYY-MM-DD、today、または today+N／today-N 日\(`default`.map { "。省略時は \($0)" } ?? "")）。")
    }

    // consign check
    public static let checkAbstract = Sentence(
        "Validate every document and cross-reference of the workspace, and compare files with the register.",
        "ワークスペースのすべての文書と相互参照を検証し、ファイルを台帳と照合します。")
    public static let checkDiscussion = Sentence(
        """
        Lists every problem, not just the first, as file:line:col: severity: message on stderr (the column \
        where it is known: always for malformed XML, and for schema errors where the element or attribute \
        is found on its line), the schema's errors restated in plain words with the fix. Errors \
        (exit 2): an XSD-invalid or unsafe document (DOCTYPE, entities, XInclude); a field, form, purpose, \
        contractor or sub-contractor that does not exist; two files with the same id and version; two \
        agreements of one contractor covering the same purpose on the same date; effective-to before \
        effective-from; a file whose bytes differ from its registered version. Warnings (exit 0): a \
        missing clause a)-h); a foreign contractor's agreement without a basis; a sub-contractor that no \
        agreement approves; workspace XSDs that differ from the built-in ones. Also lists the files not \
        yet registered.
        """,
        """
        最初の 1 つだけでなくすべての問題を、標準エラーに file:line:col: severity: message の形で挙げます\
        （列は分かる場合に表示：整形式でない XML では常に、スキーマのエラーでは要素や属性がその行に見つかる場合）。\
        スキーマのエラーは、直し方とともに平易な言葉で言い直します。エラー（終了ステータス 2）：XSD に合わない、\
        または安全でない文書（DOCTYPE、実体、XInclude）；存在しない項目・形式・利用目的・委託先・再委託先；\
        同じ ID と版を持つ 2 つのファイル；同じ日に同じ利用目的を対象にする、1 つの委託先の 2 つの契約；\
        有効期間の終了日が開始日より前；登録済みの版と内容が異なるファイル。警告（終了ステータス 0）：\
        条項 a)〜h) の欠落；根拠のない外国の委託先の契約；どの契約も承認していない再委託先；組み込みの\
        スキーマと異なるワークスペースの XSD。未登録のファイルも挙げます。
        """)

    // consign init
    public static let initAbstract = Sentence(
        "Create a workspace: folders, schemas, starter documents to copy, the register and a master key.",
        "ワークスペースを作成します：フォルダー、スキーマ、コピーして使うひな形の文書、台帳とマスター鍵。")
    public static let initDiscussion = Sentence(
        """
        Writes the schemas (agreements/agreement.xsd, agreements/contractors/contractor.xsd, \
        templates/catalog.xsd, templates/task.xsd) and, into folders that hold no document yet, a neutral \
        catalog and one commented example of a contractor profile, its agreement and a task template, valid \
        as they stand; existing files are kept. Then .consign/ with the register (SQLite) and the workspace \
        master key (32 random bytes, mode 0600), and prints the next steps, which lead to a first plan and \
        extract. With --example, the whole example workspace of the README instead (nothing registered). With \
        --key FILE, .consign/ gets that key file instead of a new master key: a role's keys from consign key \
        export (procurement, privacy, auditor, on a shared register: --database), or the staff's master key. \
        Keep .consign/ out of git; back the key up: every pseudonym and the ledger chain derive from it.
        """,
        """
        スキーマ（agreements/agreement.xsd、agreements/contractors/contractor.xsd、templates/catalog.xsd、\
        templates/task.xsd）を書き出し、まだ文書のないフォルダーには、汎用のカタログと、委託先プロファイル・\
        その契約・業務テンプレートのコメント付きの例を 1 つずつ書き出します（そのままで有効です）。既存の\
        ファイルは残します。続いて、台帳（SQLite）とワークスペースのマスター鍵（ランダムな 32 バイト、\
        モード 0600）を持つ .consign/ を作り、最初の計画と抽出までの次の手順を表示します。--example を\
        付けると、代わりに README の例のワークスペース全体を展開します（何も登録しません）。--key FILE を付けると、\
        新しいマスター鍵の代わりにその鍵ファイルを .consign/ に組み込みます：consign key export で書き出した\
        ロールの鍵（共有台帳の procurement、privacy、auditor。--database と共に）か、スタッフのマスター鍵です。.consign/ は \
        git に入れず、鍵はバックアップしてください：すべての仮名と台帳の連鎖はこの鍵から導かれます。
        """)
    public static let initDirectory = Sentence(
        "The workspace directory (created if missing).", "ワークスペースのフォルダー（なければ作成します）。")
    public static let initExample = Sentence(
        "Lay out the README's example workspace (Kumo Learning K.K., eight contractors) instead.",
        "代わりに README の例のワークスペース（Kumo Learning K.K.、委託先 8 社）を展開します。")

    // consign sample
    public static let sampleAbstract = Sentence(
        "Generate realistic sample data, so that nobody needs real personal data to try consign.",
        "本物らしいサンプルデータを生成します。consign を試すのに実際の個人データは要りません。")
    public static let customersAbstract = Sentence(
        "Write generated customers for the catalog's source columns as CSV.",
        "カタログの元データの列に合わせて生成した顧客を CSV で書き出します。")
    public static let customersDiscussion = Sentence(
        """
        One row per customer with a value for every source column of the workspace's catalog: \
        Japanese names with kana, addresses, e-mail addresses and phone numbers, consent flags, \
        dates, and the awkward cases of a real export (commas, quotes and newlines inside fields, \
        cells that look like spreadsheet formulas). RFC 4180, UTF-8, CRLF. The same seed always \
        gives the same bytes. Outside a workspace, the columns are those of the example catalog built \
        into consign.
        """,
        """
        顧客 1 人につき 1 行で、ワークスペースのカタログにある元データのすべての列に値を入れます：\
        かな付きの日本語の氏名、住所、メールアドレスと電話番号、同意フラグ、日付、そして実際の出力に\
        ある扱いにくい場合（値の中のカンマ・引用符・改行、表計算の数式に見えるセル）。RFC 4180、UTF-8、\
        CRLF。同じシードからは常に同じバイト列になります。ワークスペースの外では、consign に組み込まれた\
        例のカタログの列を使います。
        """)
    public static let rows = Sentence("How many customers.", "顧客の人数。")
    public static let out = Sentence("The CSV file to write.", "書き出す CSV ファイル。")
    public static let seed = Sentence("The generator's seed.", "生成のシード。")
}
