/// The help of staff's and the privacy office's commands (`plan`, `extract`, `transfer`, `subject`) and of
/// `demo`: argument-parser reads it after the language is chosen, so `--help` speaks it too. The option
/// names, ids and file names inside stay as they are typed.
public enum StaffHelp {
    public static let task = Sentence("The task template id.", "業務テンプレートの id。")
    public static let contractor = Sentence("The contractor id.", "委託先の id。")

    public enum Plan {
        public static let abstract = Sentence(
            "The minimum necessary field set for a task and a contractor, or why there is none.",
            "業務と委託先に必要最小限の項目、またはそれがない理由。")
        public static let discussion = Sentence(
            """
            Chooses one option for every need of the task so that every field form sent is permitted by \
            the contractor's agreement in force for the task's purpose, every field was collected for that \
            purpose, and the total weight is minimal (exactly, not greedily). Prints each form sent with the \
            weight it adds and the needs it serves, and each catalog field withheld with why. Refuses, with \
            every reason, when the contractor is suspended or terminated or not evaluated, when no agreement \
            covers the purpose, when a need cannot be met, when a task that mixes or enriches data would go \
            under an entrustment, when a transfer abroad lacks its basis, or when pseudonymised information \
            would include a direct identifier or contact the person.

            Exit status: 0 a plan; 1 refused (the diagnosis is on stdout); 2 a usage or input error.
            """,
            """
            業務の要件ごとに選択肢を 1 つ選びます。送る項目の形式はすべて業務の利用目的について有効な委託先の契約で\
            認められ、どの項目もその利用目的のために取得したもので、重みの合計が最小になるように選びます（貪欲法では\
            なく厳密に）。送る形式ごとに加わる重みと満たす要件を、提供しないカタログの項目ごとにその理由を表示します。\
            委託先が取引停止中・取引終了・未評価のとき、利用目的を対象にする契約がないとき、満たせない要件があるとき、\
            データを混合・付加する業務が委託で行われようとするとき、外国への提供に根拠がないとき、仮名加工情報が直接\
            識別子を含むか本人に連絡しようとするときは、すべての理由を挙げて拒否します。

            終了ステータス：0 計画あり；1 拒否（診断は標準出力）；2 使い方または入力の誤り。
            """)
        public static let on = Sentence("The date to plan for", "計画する日付")
    }

    public enum Extract {
        public static let abstract = Sentence(
            "Write the minimum necessary extract for a task and a contractor, and record the transfer.",
            "業務と委託先に必要最小限の抽出ファイルを書き出し、提供を記録します。")
        public static let discussion = Sentence(
            """
            Plans first (as consign plan) and refuses when the planner refuses. Then streams the source (CSV \
            with a header row, XML with one element per record by its .xml extension, or a database table: \
            postgresql://USER@HOST/DATABASE?table=[SCHEMA.]NAME or sqlite:PATH?table=NAME, read in one \
            read-only SELECT of only the columns the plan needs, with the row scope as its WHERE clause, so the \
            columns the plan withholds never leave the database; the password comes from PGPASSWORD or \
            ~/.pgpass, never the URL) through the task's \
            row scope and the stop-use list, puts each column of the task's layout that the plan sends into \
            its form (hmac pseudonyms keyed per contractor, prefix, mask, year, age_band, bucket, null), and \
            writes the package DIR/<transfer id>/: extract.csv and/or extract.xml (with extract.xsd), and \
            manifest.xml. The transfer, with the exact catalog and task template used and the keyed hashes of \
            the subjects sent, is appended to the register before the package becomes visible; a refused or \
            failed extract leaves DIR and the register as they were.

            Exit status: 0 extracted; 1 refused (the planner's diagnosis is on stdout); 2 a usage or input \
            error (file:line: error: message on stderr, nothing written).
            """,
            """
            まず（consign plan と同じく）計画し、計画が拒否されれば拒否します。次に元データ（ヘッダー行のある CSV、\
            拡張子 .xml でレコードごとに 1 要素の XML、またはデータベースのテーブル：\
            postgresql://USER@HOST/DATABASE?table=[SCHEMA.]NAME か sqlite:PATH?table=NAME。テーブルは計画で必要な\
            列だけを対象行の条件を WHERE 句とした読み取り専用の 1 つの SELECT で読むので、計画が送らない列はデータベース\
            の外に出ません。パスワードは URL でなく PGPASSWORD か ~/.pgpass で渡します）を業務の対象行の条件と利用停止\
            リストに通し、計画が送る\
            業務のレイアウトの列をそれぞれの形式（委託先ごとの鍵による hmac の仮名、prefix、mask、year、age_band、\
            bucket、null）にして、パッケージ DIR/<transfer id>/ に extract.csv と extract.xml のどちらかまたは両方\
            （extract.xsd 付き）と manifest.xml を書き出します。提供は、使ったカタログと業務テンプレートそのもの、\
            送った本人の鍵付きハッシュとともに、パッケージが見えるようになる前に台帳に追記されます。拒否された抽出や\
            失敗した抽出は、DIR も台帳も元のままにします。

            終了ステータス：0 抽出済み；1 拒否（計画の診断は標準出力）；2 使い方または入力の誤り\
            （標準エラーに file:line: error: メッセージ、何も書き出しません）。
            """)
        public static let source = Sentence(
            "The customer data: a CSV file, an XML file (.xml), or a table: postgresql://…?table=NAME or sqlite:PATH?table=NAME.",
            "顧客データ：CSV ファイル、XML ファイル（.xml）、またはテーブル（postgresql://…?table=NAME か sqlite:PATH?table=NAME）。")
        public static let out = Sentence("The directory the package is written into.", "パッケージを書き出すディレクトリ。")
        public static let formats = Sentence("The files to write: csv, xml or csv,xml.", "書き出すファイル：csv、xml、または csv,xml。")
        public static let encoding = Sentence(
            "The CSV's encoding: utf-8, utf-8-bom (for Excel) or cp932 (Shift_JIS, for couriers and mailing houses); a value "
                + "it cannot hold is refused with its line, column and character.",
            "CSV の文字コード：utf-8、utf-8-bom（Excel 用）、cp932（シフト JIS。運送会社・発送代行用）。書けない文字を含む値は、"
                + "その行・列・文字を示して拒否します。")
        public static let substitute = Sentence(
            "A table of substitutions for this job (a line such as '𠮷 吉'): every value it changes is counted in the manifest.",
            "この作業で使う置換表（'𠮷 吉' のような行）。置き換えた値は件数をマニフェストに記録します。")
    }

    public enum Stats {
        public static let abstract = Sentence(
            "Publish a statistics task's table, its small cells suppressed so that nobody can be identified, and record the release.",
            "統計業務の表を、個人を識別できないよう小さなセルを秘匿して公表し、公表を記録します。")
        public static let discussion = Sentence(
            """
            Reads the source (CSV, XML by its .xml extension, or a table) through the task's row scope and the stop-use \
            list and counts the rows, and sums the numeric fields, of every combination of the categories of the \
            task's dimensions, with every total when the task has margins. A non-zero count of fewer people than \
            the minimum frequency (the task's, else the catalog's) and a sum its dominance rule finds dominated \
            are suppressed; then the fewest complementary cells (ties broken by their value) so that no \
            suppressed cell can be recovered from the published cells and totals, nor narrowed by an attacker \
            who solves linear programs to an interval that does not reach both zero and the minimum (exact \
            branch and cut; beyond --node-limit the best pattern found, said so). Zero cells are published as \
            zero. Writes DIR/<release id>/ with table.csv and/or table.xml (suppressed cells marked x) and \
            manifest.xml, and records the release (task, protection, method, cells, files' SHA-256; no person) \
            before the folder becomes visible. With --contractor the table goes to that contractor and needs its \
            standing and an agreement in force for the task's purpose; without it the table is published.

            Exit status: 0 released; 1 refused (the reasons on stdout); 2 a usage or input error (file:line: \
            error: message on stderr, nothing written).
            """,
            """
            元データ（CSV、拡張子 .xml の XML、またはテーブル）を業務の対象行の条件と利用停止リストに通し、業務の分類軸の区分の\
            組合せごとに行数と数値項目の合計を集計します（周辺合計ありの業務はすべての合計も）。最小度数（業務の値、\
            なければカタログの値）未満の 0 でない度数と、支配性規則にかかる合計を秘匿し、さらに、公表するセルと合計から\
            秘匿したセルを復元できず、線形計画を解く攻撃者にも 0 と最小度数の両方に届かない区間まで絞り込まれないよう、\
            最少の補完セル（同数なら値の小さいもの）を秘匿します（厳密な分枝カット法。--node-limit を超えると、\
            見つかった最良の秘匿パターンを使い、そう表示します）。0 のセルは 0 と公表します。DIR/<release id>/ に \
            table.csv と table.xml のどちらかまたは両方（秘匿セルは x）と manifest.xml を書き出し、フォルダが見える\
            ようになる前に公表（業務、保護の条件、方法、セル数、ファイルの SHA-256。個人は含みません）を記録します。\
            --contractor を指定すると表はその委託先に渡り、委託先の状態と業務の利用目的について有効な契約が必要です。\
            指定しなければ表を公表します。

            終了ステータス：0 公表済み；1 拒否（理由は標準出力）；2 使い方または入力の誤り（標準エラーに \
            file:line: error: メッセージ、何も書き出しません）。
            """)
        public static let contractor = Sentence(
            "The contractor that receives the table (omit to publish it).", "表を受け取る委託先（公表するときは省略）。")
        public static let out = Sentence("The directory the release folder is written into.", "公表フォルダを書き出すディレクトリ。")
        public static let nodeLimit = Sentence(
            "Branch-and-cut nodes the exact suppression may visit before it settles for the best pattern found.",
            "厳密な秘匿の計算が、見つかった最良のパターンで打ち切るまでに調べてよい分枝カット法のノード数。")
    }

    public enum Anonymise {
        public static let abstract = Sentence(
            "Make an anonymised-data task's records (匿名加工情報, APPI Art. 43), with the notices the law requires, and record them.",
            "匿名加工の業務のレコード（匿名加工情報、個人情報保護法第43条）を、法が求める公表・明示とともに作成し、記録します。")
        public static let discussion = Sentence(
            """
            Reads the source (CSV, XML by its .xml extension, or a table) through the task's row scope and the stop-use \
            list and processes every row to PPC Rule 34: no column identifies or links to a person (the task is \
            refused by consign check otherwise); each row may carry a random id no key reproduces; numbers are \
            top- and bottom-coded and values fewer rows hold than merge-below become (other); then every \
            combination of the quasi-identifiers' <generalise> steps is tried and the one with the fewest steps \
            up (then the fewest rows suppressed) is taken whose classes under k rows, or with fewer than l distinct \
            values of a sensitive column, hold at most max-suppressed percent of the rows; those rows are \
            suppressed. Writes DIR/<release id>/ with data.csv (rows in a random order), manifest.xml (k and l \
            required and achieved, the form of every column) and NOTICE-creation.txt, the public notice of the \
            items (Art. 43(3)); with --contractor also NOTICE-provision.txt, the public notice of the items and \
            the method (Art. 43(4)), and NOTICE-recipient.txt, the statement to the recipient, which needs the \
            contractor's standing and an agreement in force for the task's purpose. Each notice and then the \
            release are recorded in one append before the folder becomes visible.

            Exit status: 0 released; 1 refused (the reasons on stdout); 2 a usage or input error, or no \
            combination of steps reaches k and l (file:line: error: message on stderr, nothing written).
            """,
            """
            元データ（CSV、拡張子 .xml の XML、またはテーブル）を業務の対象行の条件と利用停止リストに通し、各行を個人情報保護法\
            施行規則第34条の基準で加工します。個人を識別する列や個人に連結する列はありません（あれば consign check が\
            業務を拒否します）。各行には、どの鍵からも再現できない乱数の ID を付けられます。数値はトップ・ボトム\
            コーディングし、merge-below 未満の行しか持たない値は (other) にまとめます。そのうえで準識別子の \
            <generalise> の段階のあらゆる組合せを試し、k 行未満のクラスと機微な列の異なる値が l 種類未満のクラスの行が\
            max-suppressed パーセント以下になるもののうち、一般化の段階が最も少なく（同じなら削除行が最も少ない）\
            組合せを選び、それらの行を削除します。DIR/<release id>/ に data.csv（行の順序は無作為）、manifest.xml\
            （求めた k・l と達成した k・l、各列の形式）と項目の公表文 NOTICE-creation.txt（第43条第3項）を書き出し\
            ます。--contractor を指定すると、項目と提供の方法の公表文 NOTICE-provision.txt（第43条第4項）と提供先への\
            明示 NOTICE-recipient.txt も書き出します。このときは委託先の状態と業務の利用目的について有効な契約が必要\
            です。各公表・明示と作成は、フォルダが見えるようになる前に一度の追記で記録します。

            終了ステータス：0 作成済み；1 拒否（理由は標準出力）；2 使い方または入力の誤り、または k と l に届く\
            組合せがない（標準エラーに file:line: error: メッセージ、何も書き出しません）。
            """)
        public static let contractor = Sentence(
            "The third party that receives the records (omit to keep them in the company).",
            "レコードを受け取る第三者（社内で使うときは省略）。")
        public static let out = Sentence("The directory the release folder is written into.", "作成したフォルダを書き出すディレクトリ。")
    }

    public enum Transfer {
        public static let abstract = Sentence(
            "The transfers in the register: what went to whom, under which agreement.",
            "台帳にある提供：何を誰に、どの契約のもとで送ったか。")
        public static let listAbstract = Sentence(
            "List every transfer made on or before a date, oldest first, with its deletion status then.",
            "ある日付までに行ったすべての提供を、古い順に、その日の削除・返却の状況とともに一覧にします。")
        public static let listOn = Sentence("The date to list as of", "一覧の基準日")
        public static let showAbstract = Sentence(
            "Show one transfer as its event records it.", "1 件の提供を、そのイベントが記録したとおりに表示します。")
        public static let id = Sentence("The transfer id (T-…).", "提供の id（T-…）。")
        public static let showOn = Sentence("The date its deletion status is shown for", "削除・返却の状況を示す日付")
        public static let recordAbstract = Sentence(
            "Record a transfer made outside consign (on paper, from another system).",
            "consign の外で行った提供（紙で、別のシステムから）を記録します。")
        public static let recordDiscussion = Sentence(
            """
            The register takes the transfer as it happened, with the agreement in force for the task's purpose \
            on that date if there is one; the audit checks it like any other.
            """,
            """
            台帳は提供を行われたとおりに、その日に業務の利用目的について有効な契約があればその契約とともに記録します。\
            監査は他の提供と同じように確認します。
            """)
        public static let recordOn = Sentence("The date of the transfer", "提供の日付")
        public static let fields = Sentence(
            "The field forms sent: field or field:form, comma-separated.",
            "送った項目の形式：「項目」または「項目:形式」をカンマ区切りで。")
        public static let rows = Sentence("How many records were sent.", "送ったレコードの数。")
        public static let file = Sentence(
            "A file handed over (its size and SHA-256 are recorded); repeatable.",
            "渡したファイル（サイズと SHA-256 を記録します）。繰り返し指定できます。")
        public static let subContractor = Sentence(
            "A sub-contractor that received the data; repeatable.", "データを受け取った再委託先。繰り返し指定できます。")
        public static let subjects = Sentence(
            "A file of the ids of the subjects sent, one per line: their keyed hashes are stored, as an extract stores "
                + "its subjects', so that subject show and the stop-use check see this transfer.",
            "送った本人の id を 1 行に 1 つ書いたファイル。抽出と同じく鍵付きハッシュで保存し、subject show と利用停止の確認の"
                + "対象にします。")
        public static let note = Sentence(
            "What was sent, how, and why it was made outside consign.", "何をどのように送ったか、なぜ consign の外で行ったか。")
        public static let basis = Sentence(
            "A disclosure without the persons' consent under an exception of APPI Art. 27(1): law (i), life-property (ii), "
                + "public-health (iii), public-authority (iv), academic-publication (v), academic-joint (vi), "
                + "academic-research (vii). No agreement is needed; the audit accepts it only with --legal-reference.",
            "個人情報保護法 27 条 1 項の例外による本人の同意によらない提供：law（1 号）、life-property（2 号）、public-health（3 号）、"
                + "public-authority（4 号）、academic-publication（5 号）、academic-joint（6 号）、academic-research（7 号）。"
                + "契約は不要です。監査は --legal-reference があるときだけ認めます。")
        public static let legalReference = Sentence(
            "The law, order or written request the disclosure rests on (e.g. Code of Criminal Procedure Art. 197(2), "
                + "inquiry no. 123).",
            "提供の根拠となる法令、命令または書面による照会（例：刑事訴訟法 197 条 2 項、照会番号 123）。")
        public static let recipientName = Sentence(
            "The recipient of a disclosure under --basis when it is not a registered contractor (a court, a police "
                + "station, a tax office); --contractor then gives it an id.",
            "--basis による提供の提供先が登録された委託先でないとき（裁判所、警察署、税務署）の名前。--contractor はその id です。")
        public static let recipientAddress = Sentence("The recipient's address.", "提供先の住所。")
        public static let recipientRepresentative = Sentence(
            "The recipient's representative (or the officer who made the request).", "提供先の代表者（または照会した担当者）。")
        public static let confirmDeletionAbstract = Sentence(
            "Record the contractor's certificate that a transfer's data was deleted or returned.",
            "提供したデータを削除・返却したという委託先の削除証明書を記録します。")
        public static let confirmDeletionDiscussion = Sentence(
            "Appends an event with the certificate's SHA-256; the certificate itself is kept outside consign.",
            "削除証明書の SHA-256 をイベントとして追記します。削除証明書そのものは consign の外で保管します。")
        public static let deletedOn = Sentence(
            "The date of deletion or return the certificate states", "削除証明書に記載された削除・返却の日付")
        public static let certificate = Sentence(
            "The certificate file (its SHA-256 is recorded).", "削除証明書のファイル（SHA-256 を記録します）。")
        public static let confirmationNote = Sentence("A note.", "備考。")
    }

    public enum Subject {
        public static let abstract = Sentence(
            "Data subjects: who received their data, and their stop-use and erasure requests.",
            "本人：そのデータを誰が受け取ったか、利用停止と消去の請求。")
        public static let discussion = Sentence(
            """
            The register knows a data subject only by a keyed hash of the catalog's subject key (SipHash-2-4 \
            with a key derived from the workspace master key), never by the id itself.
            """,
            """
            台帳は本人を、カタログの本人キーの鍵付きハッシュ（ワークスペースのマスターキーから導いた鍵による \
            SipHash-2-4）でしか知りません。id そのものは記録しません。
            """)
        public static let id = Sentence(
            "The subject's id (the catalog's subject key, e.g. a customer id).",
            "本人の id（カタログの本人キー。例：顧客 id）。")
        public static let reason = Sentence("The request, as the person made it.", "本人が述べたとおりの請求の内容。")
        public static let receivedOn = Sentence("The date the request was received", "請求を受け付けた日付")
        public static let answersRequest = Sentence(
            "The request this answers, recorded before with consign subject request (default: the request is recorded now).",
            "この操作が回答する、consign subject request で記録済みの請求（既定：請求をいま記録します）。")
        public static let identityEvidence = Sentence(
            "The proof of identity the person gave with the request (its SHA-256 is recorded, never its content).",
            "請求とともに本人が示した本人確認書類（SHA-256 だけを記録し、内容は記録しません）。")
        public static let stopUseAbstract = Sentence(
            "Put a data subject on the stop-use list (a stop-use request, answered): every later extract leaves them out.",
            "本人を利用停止リストに載せます（利用停止の請求とその回答）。以後の抽出には含まれません。")
        public static let file = Sentence(
            "A file of subject ids, one per line, for requests received together.",
            "まとめて受け付けた請求の本人 id のファイル（1 行に 1 つ）。")
        public static let stoppedAbstract = Sentence(
            "List the stop-use list: every request received on or before a date, oldest first.",
            "利用停止リスト：ある日付までに受け付けたすべての請求を古い順に表示します。")
        public static let stoppedOn = Sentence("The date to list as of", "一覧の基準日")
        public static let showAbstract = Sentence(
            "List every transfer that included a data subject: when, to whom, under which agreement, what.",
            "本人を含むすべての提供を一覧にします：いつ、誰に、どの契約のもとで、何を。")
        public static let showOn = Sentence(
            "The date the deletion status of each transfer is shown for", "各提供の削除・返却の状況を示す日付")
        public static let eraseAbstract = Sentence(
            "Record an erasure request, put the subject on the stop-use list, and list the recipients to tell.",
            "消去の請求を記録し、本人を利用停止リストに載せて、通知すべき提供先を一覧にします。")
        public static let eraseDiscussion = Sentence(
            """
            consign never held the person's data itself: it records the request (a chained event), leaves the \
            person out of every later extract, and lists each contractor that received their data, with its \
            privacy contact, the transfers and the sub-contractors, so that each can be told to erase it.
            """,
            """
            consign は本人のデータそのものを保持していません。請求を（チェーンでつながったイベントとして）記録し、\
            以後のすべての抽出から本人を除き、そのデータを受け取った委託先ごとに個人情報の窓口、提供、再委託先を\
            一覧にして、それぞれに消去を依頼できるようにします。
            """)
    }

    public enum Demo {
        public static let abstract = Sentence(
            "Run the main job end to end on the example workspace built into consign.",
            "consign に組み込まれた例のワークスペースで、主な業務を最初から最後まで実行します。")
        public static let discussion = Sentence(
            """
            Creates a new workspace in DIR from the example workspace built into the binary (a catalog from a \
            real privacy policy, task templates, contractors and their agreements), registers the contractors \
            and agreements on the embedded SQLite register, records their evaluations on the day it runs, and \
            prints what it did. DIR must be new or empty. SOURCE_DATE_EPOCH fixes the clock.
            """,
            """
            バイナリに組み込まれた例のワークスペース（実際のプライバシーポリシーから作ったカタログ、業務テンプレート、\
            委託先とその契約）から DIR に新しいワークスペースを作り、組み込みの SQLite の台帳に委託先と契約を登録し、\
            実行した日付でそれらの評価を記録して、行ったことを表示します。DIR は新しいか空のディレクトリにしてください。\
            SOURCE_DATE_EPOCH で時計を固定できます。
            """)
        public static let directory = Sentence("Where to create the demo workspace.", "デモのワークスペースを作る場所。")
    }
}
