/// The help of the options and commands of the shared register on PostgreSQL (`--database`, `consign db`).
public enum DatabaseHelp {
    public static let database = Sentence(
        """
        The register's database: postgresql://USER@HOST[:PORT]/DB[?sslmode=verify-full&sslrootcert=FILE] \
        (default: CONSIGN_DATABASE, else the one consign init --database recorded, else SQLite in .consign/). \
        Never a password: PGPASSWORD, ~/.pgpass or a client certificate.
        """,
        """
        台帳のデータベース：postgresql://USER@HOST[:PORT]/DB[?sslmode=verify-full&sslrootcert=FILE]\
        （省略時は CONSIGN_DATABASE、それもなければ consign init --database が記録したもの、それもなければ \
        .consign/ の SQLite）。パスワードは含めず、PGPASSWORD、~/.pgpass またはクライアント証明書で渡します。
        """)
    public static let db = Sentence(
        "Set up the shared register on a PostgreSQL server, and give users their roles.",
        "PostgreSQL サーバー上の共有台帳を準備し、利用者にロールを付与します。")
    public static let setup = Sentence(
        "Create consign's roles and the register's schema in a database (a database administrator, once; idempotent).",
        "データベースに consign のロールと台帳のスキーマを作成します（データベース管理者が一度実行。繰り返しても安全）。")
    public static let setupDiscussion = Sentence(
        """
        Run as a superuser (or a role that may create roles and schemas). Creates the roles consign_owner \
        (owns the schema; nobody logs in as it), consign_procurement, consign_staff, consign_privacy and \
        consign_auditor, then the schema consign and every named migration not yet applied, in one \
        transaction. Nobody gets UPDATE, DELETE or TRUNCATE; events are appended only through functions that \
        check the caller's role, its login as the operator and the server's time.
        """,
        """
        スーパーユーザー（またはロールとスキーマを作成できるロール）で実行します。ロール consign_owner\
        （スキーマの所有者。誰もログインしません）、consign_procurement、consign_staff、consign_privacy、\
        consign_auditor を作り、続いてスキーマ consign と、未適用の名前付きマイグレーションを 1 つの\
        トランザクションで適用します。UPDATE・DELETE・TRUNCATE は誰にも許可しません。イベントは、呼び出した\
        ロール、操作者としてのログイン名、サーバーの時刻を確かめる関数を通してだけ追記されます。
        """)
    public static let setupURL = Sentence(
        "The database, as a postgresql:// URL (without a password).", "データベース（パスワードを含まない postgresql:// の URL）。")
    public static let grant = Sentence(
        "Give a database user one of consign's roles: procurement, staff, privacy or auditor.",
        "データベースユーザーに consign のロール（procurement、staff、privacy、auditor）を付与します。")
    public static let grantDiscussion = Sentence(
        """
        procurement registers contractors and agreements and records status changes and evaluations; staff \
        record transfers (by extract or by hand) and deletion confirmations; privacy records stop-use and \
        erasure requests; auditor only reads. The same as GRANT consign_ROLE TO "USER"; in SQL.
        """,
        """
        procurement は委託先と契約を登録し、取引状況の変更と評価を記録します。staff は提供（抽出または手作業）と\
        削除の確認を記録します。privacy は利用停止と消去の請求を記録します。auditor は読むだけです。SQL の \
        GRANT consign_ROLE TO "USER"; と同じです。
        """)
    public static let role = Sentence("procurement, staff, privacy or auditor.", "procurement、staff、privacy、auditor のいずれか。")
    public static let user = Sentence("The database user (a login role).", "データベースユーザー（ログインできるロール）。")
    public static let importAbstract = Sentence(
        "Copy the workspace's SQLite register into an empty shared one, unchanged (the schema's owner only).",
        "ワークスペースの SQLite の台帳を、空の共有台帳にそのまま複製します（スキーマの所有者だけが実行できます）。")
    public static let importDiscussion = Sentence(
        """
        Every event keeps its own bytes (so its original time and operator), with its subject set and the \
        documents it names, in one transaction run as consign_owner (a superuser, or a member of it). The \
        register to copy must verify, the database's register must be empty, and the copy is verified to \
        have the same head before the command says it is done.
        """,
        """
        各イベントは元のバイト列のまま（記録時刻と操作者もそのまま）、本人の集合と参照する文書とともに、\
        consign_owner として 1 つのトランザクションで複製されます（スーパーユーザーかそのメンバーが実行します）。\
        複製する台帳が検証できること、データベースの台帳が空であることが条件で、複製の先頭が同じであることを\
        確かめてから完了を表示します。
        """)
    public static let demoLogin = Sentence(
        """
        On a shared register, the database login a role's part of the demo runs as: procurement=LOGIN, \
        staff=LOGIN or privacy=LOGIN (repeat the option; default: the URL's user).
        """,
        """
        共有台帳で、デモの各ロールの部分を実行するデータベースのログイン名：procurement=LOGIN、staff=LOGIN、\
        privacy=LOGIN（オプションを繰り返して指定。省略時は URL のユーザー）。
        """)
}
