import Foundation

/// The extract's sentences: the summary `consign extract` ends with, its progress on a terminal, and why an
/// extract or its package cannot be made (the task's layout, `--format`, the output folder, the package's
/// marker). Counts come formatted for people (with thousands separators), as the line shows them.
public enum ExtractText: CatalogueEntry {
    case summary(
        rows: String, records: String, outOfScope: String, stopped: String, package: String, files: [String],
        seconds: Double, megabytesPerSecond: Double, transfer: String, event: Int)
    case progress(records: String, megabytesPerSecond: Double, secondsLeft: Double)
    // The task and the request.
    case noSuchField(String)
    case noLayoutColumn(FieldForm)
    case notAnElementName(column: String)
    case badFormat(String)
    // A database table as the source.
    case noTableInSource(String)
    case noSuchTable(String)
    case tableRefused(user: String, message: String)
    case tableRowNotAnArray(String)
    case cannotOpenDatabase(reason: String)
    // The package.
    case packageAlreadyThere
    case cannotMoveIntoPlace(reason: String)
    case somethingElseThere
    case outIsAFile
    case outKeepsDisappearing
    case cannotClaimMarker(reason: String)
    case cannotWriteMarker(reason: String)
    case cannotCreate(Folder, reason: String)
    case cannotCreateFolder(Folder)
    case cannotFlushPackage
    // What a pseudonymised task's package tells the contractor, in both languages whatever the user's.
    case pseudonymisedNotice(task: String, contractor: String)

    /// The folders an extract creates.
    public enum Folder: Sendable {
        case markers, output, package
    }

    public var english: String {
        switch self {
        case .summary(let rows, let records, let outOfScope, let stopped, let package, let files, let seconds, let rate, let transfer, let event):
            return "extracted \(rows) of \(records) records (\(outOfScope) out of scope, \(stopped) on the stop-use list) "
                + "into \(package)/ (\(files.joined(separator: ", "))) in "
                + String(format: "%.2f s (%.0f MB/s)", seconds, rate) + "; transfer \(transfer) is event \(event)"
        case .progress(let records, let rate, let left):
            return String(format: "%@ records  %.0f MB/s  ETA %.0f s ", records, rate, left)
        case .noSuchField(let field):
            return "the catalog has no field '\(field)'"
        case .noLayoutColumn(let fieldForm):
            return "the layout has no column for \(fieldForm), which the plan sends; add one"
        case .notAnElementName(let column):
            return "column name '\(column)' cannot be an XML element name (names starting with 'xml' are reserved); rename it"
        case .badFormat(let format):
            return "--format must be csv, xml or csv,xml (not '\(format)')"
        case .noTableInSource(let source):
            return "'\(source)' names a database but no table: add ?table=NAME (or ?table=SCHEMA.NAME)"
        case .noSuchTable(let table):
            return "the database has no table '\(table)' (or this user cannot see it); check the source's ?table="
        case .tableRefused(let user, let message):
            return "the database refused database user '\(user)' the columns the plan needs (\(message)): a database "
                + "administrator grants SELECT on them (GRANT SELECT (columns) ON table TO user)"
        case .tableRowNotAnArray(let table):
            return "a row of table '\(table)' did not come back as the array of its columns consign asked for; check "
                + "that the source URL names a PostgreSQL server, not a proxy that rewrites results"
        case .cannotOpenDatabase(let reason):
            return "cannot open the database file read-only (\(reason)); check the path after sqlite:"
        case .packageAlreadyThere:
            return "a package with this transfer's id is already there; move it away"
        case .cannotMoveIntoPlace(let reason):
            return "cannot move the finished package into place: \(reason)"
        case .somethingElseThere:
            return "something else is there"
        case .outIsAFile:
            return "--out must be a directory; this is a file"
        case .outKeepsDisappearing:
            return "cannot create the package folder: --out keeps disappearing (is another process removing it?)"
        case .cannotClaimMarker(let reason):
            return "cannot claim the package marker: \(reason)"
        case .cannotWriteMarker(let reason):
            return "cannot write the package marker: \(reason)"
        case .cannotCreate(let folder, let reason):
            return "cannot create \(Self.english(folder)): \(reason) (its parent directory must exist)"
        case .cannotCreateFolder(let folder):
            return "cannot create \(Self.english(folder))"
        case .cannotFlushPackage:
            return "cannot flush the package folder"
        case .pseudonymisedNotice(let task, let contractor):
            return """
                Pseudonymised personal information: task \(task), contractor \(contractor)

                The data in this package is pseudonymised personal information under Japan's Act on the Protection of \
                Personal Information (APPI), entrusted to you for task \(task) only.
                - Do not collate it with other information to identify the persons it concerns (APPI Art. 41(7)).
                - Do not use the contact details or any other information in it to telephone, post to, send telegrams, \
                faxes or e-mail to, or visit the persons it concerns (APPI Art. 41(8)).
                - Do not use it beyond the entrusted task, and do not provide it to a third party (APPI Art. 41(6)).
                """
        }
    }

    public var japanese: String {
        switch self {
        case .summary(let rows, let records, let outOfScope, let stopped, let package, let files, let seconds, let rate, let transfer, let event):
            return "\(records) 件のレコードのうち \(rows) 件を \(package)/（\(files.joined(separator: "、"))）に抽出しました"
                + "（対象行の条件に当たらないもの \(outOfScope) 件、利用停止リストにあるもの \(stopped) 件）。所要 "
                + String(format: "%.2f 秒（%.0f MB/s）", seconds, rate) + "。提供 \(transfer) はイベント \(event) です"
        case .progress(let records, let rate, let left):
            return String(format: "%@ 件  %.0f MB/s  残り %.0f 秒 ", records, rate, left)
        case .noSuchField(let field):
            return "カタログに項目 '\(field)' がありません"
        case .noLayoutColumn(let fieldForm):
            return "計画が送る \(fieldForm) の列がレイアウトにありません。列を追加してください"
        case .notAnElementName(let column):
            return "列名 '\(column)' は XML の要素名にできません（'xml' で始まる名前は予約されています）。名前を変えてください"
        case .badFormat(let format):
            return "--format には csv、xml、csv,xml のいずれかを指定してください（'\(format)' は使えません）"
        case .noTableInSource(let source):
            return "'\(source)' はデータベースを指していますが、テーブルを指定していません。?table=NAME（または "
                + "?table=SCHEMA.NAME）を付けてください"
        case .noSuchTable(let table):
            return "データベースにテーブル '\(table)' がありません（またはこのユーザーからは見えません）。元データの ?table= を"
                + "確かめてください"
        case .tableRefused(let user, let message):
            return "データベースがデータベースユーザー '\(user)' に計画で必要な列の読み取りを拒否しました（\(message)）。"
                + "データベース管理者がその列の SELECT を付与してください（GRANT SELECT (列) ON テーブル TO ユーザー）"
        case .tableRowNotAnArray(let table):
            return "テーブル '\(table)' の行が consign の求めた列の配列として返りませんでした。元データの URL が "
                + "PostgreSQL サーバーを指していること（結果を書き換えるプロキシでないこと）を確かめてください"
        case .cannotOpenDatabase(let reason):
            return "データベースファイルを読み取り専用で開けません（\(reason)）。sqlite: の後のパスを確かめてください"
        case .packageAlreadyThere:
            return "この提供の id のパッケージがすでにあります。別の場所へ移してください"
        case .cannotMoveIntoPlace(let reason):
            return "完成したパッケージを所定の場所に移せません：\(reason)"
        case .somethingElseThere:
            return "そこにはすでに別のものがあります"
        case .outIsAFile:
            return "--out にはディレクトリを指定してください。これはファイルです"
        case .outKeepsDisappearing:
            return "パッケージのフォルダーを作れません：--out が何度も消えます（別のプロセスが削除していませんか？）"
        case .cannotClaimMarker(let reason):
            return "パッケージのマーカーを確保できません：\(reason)"
        case .cannotWriteMarker(let reason):
            return "パッケージのマーカーを書き込めません：\(reason)"
        case .cannotCreate(let folder, let reason):
            return "\(Self.japanese(folder))を作れません：\(reason)（親ディレクトリが必要です）"
        case .cannotCreateFolder(let folder):
            return "\(Self.japanese(folder))を作れません"
        case .cannotFlushPackage:
            return "パッケージのフォルダーをディスクに書き出せません"
        case .pseudonymisedNotice(let task, let contractor):
            return """
                仮名加工情報の取扱いについて：業務 \(task)、委託先 \(contractor)

                このパッケージのデータは、個人情報の保護に関する法律（個人情報保護法）上の仮名加工情報であり、業務 \(task) \
                のためにのみ委託するものです。
                - 本人を識別するために、他の情報と照合してはなりません（個人情報保護法 41 条 7 項）。
                - 含まれる連絡先その他の情報を用いて、本人に電話をかけ、郵便等で送付し、電報を送達し、ファクシミリ若しくは電子メール\
                等で送信し、又は住居を訪問してはなりません（同法 41 条 8 項）。
                - 委託された業務の範囲を超えて利用し、又は第三者に提供してはなりません（同法 41 条 6 項）。
                """
        }
    }

    private static func english(_ folder: Folder) -> String {
        switch folder {
        case .markers: "the folder of package markers"
        case .output: "the output directory"
        case .package: "the package folder"
        }
    }

    private static func japanese(_ folder: Folder) -> String {
        switch folder {
        case .markers: "パッケージのマーカーのフォルダー"
        case .output: "出力ディレクトリ"
        case .package: "パッケージのフォルダー"
        }
    }
}
