/// The help of `consign contractor` and `consign agreement` (abstracts, discussions, and what each argument
/// and option takes), read by the argument parser after the language is chosen. Option names and the values
/// they take (`selection`, `pass`, `json`) are the same in every language.
public enum ProcurementHelp {
    // consign contractor
    public static let contractor = Sentence(
        "Register contractors, change their status and record their evaluations.",
        "委託先を登録し、取引状況を変更し、評価を記録します。")
    public static let contractorAdd = Sentence(
        "Register a contractor profile version (its exact bytes and SHA-256).",
        "委託先プロファイルの版を登録します（そのままのバイト列と SHA-256）。")
    public static let contractorAddDiscussion = Sentence(
        """
        The profile is validated against the built-in contractor schema and the catalog. Registering \
        the same bytes again does nothing; different bytes under a registered id and version are \
        refused: a changed profile is a new version.
        """,
        """
        プロファイルは組み込みの委託先スキーマとカタログに照らして検証します。同じバイト列をもう一度登録しても何も\
        起こりません。登録済みの ID と版で異なるバイト列は拒否します。変更したプロファイルは新しい版です。
        """)
    public static let profileFile = Sentence("The profile document.", "プロファイルの文書。")
    public static let contractorList = Sentence(
        "List the registered contractors, with their status and agreements in force on a date.",
        "登録済みの委託先を、指定日の取引状況と有効な契約とともに一覧表示します。")
    public static let contractorShow = Sentence(
        "Show a contractor: profile, status history, evaluations and agreements.",
        "委託先を表示します：プロファイル、取引状況の履歴、評価、契約。")
    public static let contractorID = Sentence("The contractor id.", "委託先の ID。")
    public static let contractorShownOn = Sentence(
        "The date its status and agreements are shown for", "取引状況と契約を表示する基準日")
    public static let suspend = Sentence(
        "Suspend a contractor from a date: it receives nothing until reinstated.",
        "指定日から委託先との取引を停止します。取引を再開するまで何も提供しません。")
    public static let reinstate = Sentence(
        "Reinstate a suspended contractor from a date.", "取引停止中の委託先との取引を指定日から再開します。")
    public static let terminate = Sentence(
        "Terminate a contractor from a date. Termination is final.",
        "指定日から委託先との取引を終了します。取引終了は取り消せません。")
    public static let statusChangeOn = Sentence("From when", "いつから")
    public static let statusChangeNote = Sentence("Why.", "理由。")
    public static let evaluate = Sentence(
        "Record an evaluation: selection, periodic, or the yearly foreign-basis check.",
        "評価を記録します：選定時評価（selection）、定期評価（periodic）、または年 1 回の外国移転の根拠の確認"
            + "（foreign-basis）。")
    public static let evaluateDiscussion = Sentence(
        """
        A passing selection evaluation must precede a contractor's first transfer (PPC guideline \
        3-4-4); periodic re-evaluations follow it (yearly by custom). With --evidence, the SHA-256 \
        of that file's bytes is recorded.
        """,
        """
        委託先への最初の提供の前に、合格した選定時評価が必要です（個人情報保護委員会ガイドライン 3-4-4）。その後は\
        定期評価を行います（慣行では年 1 回）。--evidence を付けると、そのファイルのバイト列の SHA-256 を記録します。
        """)
    public static let evaluatedOn = Sentence("The evaluation date", "評価日")
    public static let evaluationKind = Sentence(
        "selection, periodic or foreign-basis.", "selection、periodic、foreign-basis のいずれか。")
    public static let evaluationResult = Sentence("pass or fail.", "pass または fail。")
    public static let evidence = Sentence("A file documenting the evaluation.", "評価の内容を記録した文書のファイル。")
    public static let evaluationNote = Sentence("What was evaluated and how.", "何をどのように評価したか。")
    // consign agreement
    public static let agreement = Sentence(
        "Register confidentiality agreement versions and list them.", "秘密保持契約の版を登録し、一覧表示します。")
    public static let agreementAdd = Sentence(
        "Register an agreement version (its exact bytes and SHA-256).",
        "契約の版を登録します（そのままのバイト列と SHA-256）。")
    public static let agreementAddDiscussion = Sentence(
        """
        The agreement is validated against the built-in agreement schema, the catalog and the \
        register (its contractor must be registered; no other agreement of the contractor may cover \
        the same purpose on the same date). Registered versions never change: an amendment is a new \
        version, which supersedes the earlier ones from its own effective-from date.
        """,
        """
        契約は組み込みの契約スキーマ、カタログ、台帳に照らして検証します（委託先が登録済みであること。同じ委託先の\
        他の契約が同じ日に同じ利用目的を対象にしていないこと）。登録済みの版は変わりません。変更契約は新しい版で、\
        その有効開始日から以前の版に代わります。
        """)
    public static let agreementFile = Sentence("The agreement document.", "契約の文書。")
    public static let agreementList = Sentence(
        "List every registered agreement version and where it stands on a date.",
        "登録済みのすべての契約の版と、指定日の状況を一覧表示します。")
    public static let agreementShow = Sentence(
        "Show every registered version of an agreement, with its clauses a)-h).",
        "契約の登録済みのすべての版を、条項 a)〜h) とともに表示します。")
    public static let agreementID = Sentence("The agreement id.", "契約の ID。")
    public static let agreementShownOn = Sentence("The date its standing is shown for", "状況を表示する基準日")
    public static let verifyDocument = Sentence(
        "Check that a file is the signed document an agreement version records (its SHA-256).",
        "ファイルが契約の版が記録する署名済み文書か（SHA-256）を確かめます。")
    public static let verifyDocumentDiscussion = Sentence(
        "Exit status 0 when it is, 1 when it is not (both hashes are printed), 2 when it cannot be read.",
        "一致すれば終了ステータス 0、一致しなければ 1（両方のハッシュを表示します）、読めなければ 2 です。")
    public static let signedDocumentFile = Sentence("The signed document (a PDF, a scan).", "署名済み文書（PDF、スキャン）。")
    public static let agreementVersion = Sentence(
        "The agreement version (default: the newest registered).", "契約の版（既定：登録済みの最新の版）。")
    // Both
    public static let listedOn = Sentence("The date to list as of", "一覧の基準日")
    public static let format = Sentence("Output style: text or json.", "出力形式：text または json。")
}
