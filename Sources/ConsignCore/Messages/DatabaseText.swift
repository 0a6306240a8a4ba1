/// The shared register on a PostgreSQL server in the catalogue: what is wrong with a database URL, why a
/// connection failed, what the database refused a role, and what `consign db setup`, `db grant` and
/// `db import` report. The server's own words (its error message) are quoted as it gives them.
public enum DatabaseText: CatalogueEntry {
    // The database URL and the connection.
    case notADatabaseURL(url: String)
    case passwordInURL
    case unknownSSLMode(mode: String)
    case unknownParameter(name: String)
    case cannotReadFile(setting: String, path: String)
    case cannotConnect(host: String, port: Int, reason: String)
    case certificateRefused(host: String, reason: String)
    case authenticationFailed(user: String, reason: String)
    case noTLS(host: String)
    case server(message: String)
    case serverTime(handedOut: String)
    // The schema and the roles.
    case notSetUp(database: String)
    case damagedSchema(url: String, message: String)
    case setUpByOlderRelease(database: String, missing: [String])
    case roleMayNotAppend(user: String, kind: String)
    case roleOnlyReads(user: String)
    case permissionDenied(user: String, message: String)
    case appendOnly(table: String)
    case unknownRole(role: String)
    case setUpDone(database: String, applied: [String])
    case granted(role: String, user: String)
    // Copying a SQLite register into the database.
    case importTargetNotEmpty(database: String, events: Int)
    case importSourceBroken(file: String, reason: String)
    case importDiffers(event: Int)
    case imported(events: Int, head: String)

    public var english: String {
        switch self {
        case .notADatabaseURL(let url):
            return "'\(url)' is not a database URL: give postgresql://USER@HOST[:PORT]/DATABASE[?sslmode=verify-full&"
                + "sslrootcert=FILE], or sqlite:PATH"
        case .passwordInURL:
            return "the database URL holds a password: leave it out, and give it in PGPASSWORD or ~/.pgpass (or log in "
                + "with a client certificate: sslcert and sslkey); consign never records a password"
        case .unknownSSLMode(let mode):
            return "sslmode '\(mode)' is not one of disable, allow, prefer, require, verify-ca, verify-full"
        case .unknownParameter(let name):
            return "the database URL's parameter '\(name)' is not one consign reads (sslmode, sslrootcert, sslcert, "
                + "sslkey, user, application_name, connect_timeout)"
        case .cannotReadFile(let setting, let path):
            return "\(setting) names \(path), which cannot be read"
        case .cannotConnect(let host, let port, let reason):
            return "cannot connect to the database server at \(host):\(port) (\(reason)): check that it runs and that "
                + "the URL names it"
        case .certificateRefused(let host, let reason):
            return "the database server at \(host) was refused: its TLS certificate does not verify (\(reason)); check "
                + "sslrootcert, and that the URL's host is the name in the server's certificate"
        case .authenticationFailed(let user, let reason):
            return "the database refused to log in '\(user)' (\(reason)): check PGPASSWORD or ~/.pgpass, or the "
                + "client certificate"
        case .noTLS(let host):
            return "the database server at \(host) does not offer TLS, which sslmode requires: ask its administrator to "
                + "turn ssl on"
        case .server(let message):
            return "the database server said: \(message)"
        case .serverTime(let handedOut):
            return "the database server handed out '\(handedOut)' as the time of the append, which is not a time; nothing "
                + "was recorded"
        case .notSetUp(let database):
            return "database '\(database)' holds no consign register: a database administrator runs consign db setup "
                + "URL once"
        case .damagedSchema(let url, let message):
            return "\(url): the register's schema is damaged (\(message)): restore the database from a backup"
        case .setUpByOlderRelease(let database, let missing):
            return "database '\(database)' was set up by an older consign (missing migrations: "
                + "\(missing.joined(separator: ", "))): a database administrator runs consign db setup URL"
        case .roleMayNotAppend(let user, let kind):
            return "database user '\(user)' may not record \(kind) events: the database grants that to another role "
                + "(consign db grant ROLE USER); nothing was recorded"
        case .roleOnlyReads(let user):
            return "database user '\(user)' may not append to the register: its role only reads; nothing was recorded"
        case .permissionDenied(let user, let message):
            return "the database refused database user '\(user)' (\(message)): a database administrator grants the role "
                + "for it (consign db grant ROLE USER)"
        case .appendOnly(let table):
            return "the register is append-only: the database refused to change or remove rows of \(table)"
        case .unknownRole(let role):
            return "'\(role)' is not a consign role: give procurement, staff, privacy or auditor"
        case .setUpDone(let database, let applied):
            return applied.isEmpty
                ? "database '\(database)' is set up; no migration was missing"
                : "database '\(database)' is set up; applied: \(applied.joined(separator: ", "))"
        case .granted(let role, let user):
            return "database user '\(user)' now holds consign_\(role)"
        case .importTargetNotEmpty(let database, let events):
            return "database '\(database)' already holds \(events) events: a register is copied only into an empty one"
        case .importSourceBroken(let file, let reason):
            return "\(file): the register to copy does not verify (\(reason)); nothing was copied: consign ledger verify "
                + "says more"
        case .importDiffers(let event):
            return "the copy of event \(event) would not be the same bytes as the original; nothing was copied"
        case .imported(let events, let head):
            return "copied \(events) events; the copy verifies, head \(head)"
        }
    }

    public var japanese: String {
        switch self {
        case .notADatabaseURL(let url):
            return "'\(url)' はデータベースの URL ではありません。postgresql://USER@HOST[:PORT]/DATABASE[?sslmode=verify-full&"
                + "sslrootcert=FILE] か sqlite:PATH を指定してください"
        case .passwordInURL:
            return "データベースの URL にパスワードが含まれています。URL からは外し、PGPASSWORD か ~/.pgpass で渡してください"
                + "（またはクライアント証明書 sslcert と sslkey でログインしてください）。consign はパスワードを記録しません"
        case .unknownSSLMode(let mode):
            return "sslmode '\(mode)' は disable、allow、prefer、require、verify-ca、verify-full のいずれでもありません"
        case .unknownParameter(let name):
            return "データベースの URL のパラメーター '\(name)' は consign が読むものではありません（sslmode、sslrootcert、"
                + "sslcert、sslkey、user、application_name、connect_timeout）"
        case .cannotReadFile(let setting, let path):
            return "\(setting) が指す \(path) を読めません"
        case .cannotConnect(let host, let port, let reason):
            return "\(host):\(port) のデータベースサーバーに接続できません（\(reason)）。サーバーが動いていること、URL が"
                + "それを指していることを確かめてください"
        case .certificateRefused(let host, let reason):
            return "\(host) のデータベースサーバーを拒否しました。TLS 証明書を検証できません（\(reason)）。sslrootcert と、"
                + "URL のホスト名がサーバー証明書の名前であることを確かめてください"
        case .authenticationFailed(let user, let reason):
            return "データベースが '\(user)' のログインを拒否しました（\(reason)）。PGPASSWORD か ~/.pgpass、または"
                + "クライアント証明書を確かめてください"
        case .noTLS(let host):
            return "\(host) のデータベースサーバーは、sslmode が求める TLS を提供していません。サーバーの管理者に ssl を"
                + "有効にするよう依頼してください"
        case .server(let message):
            return "データベースサーバーの応答：\(message)"
        case .serverTime(let handedOut):
            return "データベースサーバーが追記の時刻として '\(handedOut)' を返しましたが、時刻ではありません。何も記録していません"
        case .notSetUp(let database):
            return "データベース '\(database)' には consign の台帳がありません。データベース管理者が consign db setup URL を"
                + "一度実行してください"
        case .damagedSchema(let url, let message):
            return "\(url)：台帳のスキーマが壊れています（\(message)）。データベースをバックアップから復元してください"
        case .setUpByOlderRelease(let database, let missing):
            return "データベース '\(database)' は古い consign で準備されています（未適用のマイグレーション："
                + "\(missing.joined(separator: "、"))）。データベース管理者が consign db setup URL を実行してください"
        case .roleMayNotAppend(let user, let kind):
            return "データベースユーザー '\(user)' は \(kind) のイベントを記録できません。データベースはそれを別のロールに"
                + "許可しています（consign db grant ROLE USER）。何も記録していません"
        case .roleOnlyReads(let user):
            return "データベースユーザー '\(user)' は台帳に追記できません。そのロールは読むだけです。何も記録していません"
        case .permissionDenied(let user, let message):
            return "データベースがデータベースユーザー '\(user)' の操作を拒否しました（\(message)）。データベース管理者が"
                + "必要なロールを付与してください（consign db grant ROLE USER）"
        case .appendOnly(let table):
            return "台帳は追記のみです。データベースは \(table) の行の変更・削除を拒否しました"
        case .unknownRole(let role):
            return "'\(role)' は consign のロールではありません。procurement、staff、privacy、auditor のいずれかを指定してください"
        case .setUpDone(let database, let applied):
            return applied.isEmpty
                ? "データベース '\(database)' は準備済みです。未適用のマイグレーションはありませんでした"
                : "データベース '\(database)' を準備しました。適用したマイグレーション：\(applied.joined(separator: "、"))"
        case .granted(let role, let user):
            return "データベースユーザー '\(user)' に consign_\(role) を付与しました"
        case .importTargetNotEmpty(let database, let events):
            return "データベース '\(database)' にはすでに \(events) 件のイベントがあります。台帳は空のデータベースにだけ"
                + "複製します"
        case .importSourceBroken(let file, let reason):
            return "\(file)：複製する台帳を検証できません（\(reason)）。何も複製していません。詳しくは consign ledger verify "
                + "で確かめてください"
        case .importDiffers(let event):
            return "イベント \(event) の複製が元と同じバイト列になりません。何も複製していません"
        case .imported(let events, let head):
            return "\(events) 件のイベントを複製しました。複製は検証済みで、先頭は \(head) です"
        }
    }
}
