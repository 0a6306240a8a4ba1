/// The input errors of the data consign reads and writes: a source (CSV or XML) line by line, its
/// encoding and header, a value a transform cannot take, a subject key, and the files written (the disk
/// full, the key file, the clock and time zone the workspace is set to). Each says what to do.
public enum InputText: CatalogueEntry {
    // Reading a file.
    case cannotRead(reason: String)
    case cannotBeRead
    case noSuchFile
    // A CSV source.
    case unclosedQuote
    case textAfterClosingQuote(field: Int)
    case quoteInUnquotedField(field: Int)
    case loneCarriageReturn
    case utf16WithByteOrderMark
    case nulBytes
    case emptyCSV
    case fieldCount(Int, header: Int)
    /// A value that is not UTF-8, with the encoding it most likely is (nil: none recognised).
    case valueNotUTF8(likely: String?)
    case columnTwice(String, first: Int, second: Int)
    case columnMissing(String, field: String)
    /// A database table as the source.
    case tableColumnMissing(String, field: String)
    // An XML source.
    case cannotReadXML
    case xmlSourceNotUTF8(DocumentText.Encoding)
    case xmlSourceDoctype
    case xmlSourceEntityReference
    case endsInsideRecord
    case valueTwice(element: String)
    case elementInsideValue(String, value: String)
    case valueMissing(element: String)
    case notWellFormedXML
    // The extract's records.
    case noSubjectKey
    case controlCharacterForXML(element: String)
    case notADate(String)
    case notAWholeNumber(String)
    case belowZero(String)
    case bucketOutOfRange(String)
    // A subject key.
    case subjectKeyEmpty
    case subjectKeyNotUTF8
    case subjectKeyCharacter(key: String, character: String, SubjectKey.Problem.Kind, ascii: String?)
    // Writing files.
    case cannotWrite
    case cannotWriteHere
    case diskFull(reason: String)
    case quotaUsedUp(reason: String)
    case readOnly(reason: String)
    case cannotMoveIntoPlace(reason: String)
    /// What could not be done, and the system's reason.
    case failed(String, reason: String)
    // The workspace key.
    case cannotCreateKeyFile(reason: String)
    case cannotWriteKeyFile
    case noWorkspaceKey(reason: String)
    case keyReadableByOthers(mode: String, path: String)
    case keySize
    // The clock and the calendar.
    case sourceDateEpoch(String)
    case unknownTimeZone(String)

    public var english: String {
        switch self {
        case .cannotRead(let reason):
            return "cannot read: \(reason)"
        case .cannotBeRead:
            return "cannot be read"
        case .noSuchFile:
            return "no such file"
        case .unclosedQuote:
            return "a quoted field that starts here is never closed (unbalanced \")"
        case .textAfterClosingQuote(let field):
            return "text after the closing quote of field \(field); quote the whole field and double the quotes inside it"
        case .quoteInUnquotedField(let field):
            return "a double quote inside unquoted field \(field); quote the field and double the quote"
        case .loneCarriageReturn:
            return "a carriage return not followed by a line feed"
        case .utf16WithByteOrderMark:
            return "the file is UTF-16 (it starts with a byte-order mark); save it as UTF-8"
        case .nulBytes:
            return "the file contains NUL bytes: it looks like UTF-16 or UTF-32; save it as UTF-8"
        case .emptyCSV:
            return "the file is empty: a CSV source starts with a header naming its columns"
        case .fieldCount(let count, let header):
            return "this record has \(count) fields but the header has \(header); quote any field that holds a comma"
        case .valueNotUTF8(let likely):
            let looks = likely.map { "it looks like \($0)" } ?? "it is not UTF-8"
            return "a value here is not valid UTF-8 (\(looks)); save the file as UTF-8"
        case .columnTwice(let name, let first, let second):
            return "column '\(name)' appears twice in the header (columns \(first) and \(second)); the extract cannot "
                + "tell which one holds the data"
        case .columnMissing(let column, let field):
            return "column '\(column)' (field \(field)) is missing from the header; the plan needs it"
        case .tableColumnMissing(let column, let field):
            return "the table has no column '\(column)' (field \(field)); the plan needs it"
        case .cannotReadXML:
            return "cannot read the XML file"
        case .xmlSourceNotUTF8(let encoding):
            return "consign reads UTF-8 XML; this file is \(encoding.english) (save it as UTF-8)"
        case .xmlSourceDoctype:
            return "a DOCTYPE is not allowed in an XML source (DTDs and entities are refused for safety)"
        case .xmlSourceEntityReference:
            return "an entity reference is not allowed in an XML source (only the predefined entities and character "
                + "references)"
        case .endsInsideRecord:
            return "the file ends inside a record"
        case .valueTwice(let element):
            return "<\(element)> appears twice in this record; the extract cannot tell which one holds the data"
        case .elementInsideValue(let name, let value):
            return "element <\(name)> inside <\(value)>: a value holds text only"
        case .valueMissing(let element):
            return "this record has no <\(element)>; the extract needs it"
        case .notWellFormedXML:
            return "not well-formed XML"
        case .noSubjectKey:
            return "this record has no subject key (the catalog's subject-key field); every record needs one, so that "
                + "stop-use requests and subject queries can find it"
        case .controlCharacterForXML(let element):
            return "a value sent as <\(element)> holds a control character that XML 1.0 cannot carry; correct the source "
                + "or extract CSV only"
        case .notADate(let value):
            return "'\(value)' is not a date (YYYY-MM-DD, optionally followed by a time)"
        case .notAWholeNumber(let value):
            return "'\(value)' is not a whole number"
        case .belowZero(let value):
            return "'\(value)' is below zero: a table sums amounts of zero or more (its protection assumes no cell is "
                + "negative); check the source"
        case .bucketOutOfRange(let value):
            return "'\(value)' is out of range: its bucket would reach past ±9223372036854775807; check the source"
        case .subjectKeyEmpty:
            return "the subject key is empty"
        case .subjectKeyNotUTF8:
            return "the subject key is not valid UTF-8"
        case .subjectKeyCharacter(let key, let character, let kind, let ascii):
            let what: String =
                switch kind {
                case .whiteSpace: "white space inside it: a key holds none"
                case .invisible: "an invisible or control character: remove it"
                case .combiningMark: "a combining mark: write the letter it marks as one character"
                case .unassigned: "a private-use or unassigned code point"
                case .compatibilityVariant:
                    "a full-width, half-width or compatibility form of another character"
                        + (ascii.map { ": write the key as '\($0)'" } ?? "")
                }
            return "the subject key '\(key)' holds \(character), \(what); keys are compared exactly, so this one would "
                + "be another person"
        case .cannotWrite:
            return "cannot write"
        case .cannotWriteHere:
            return "cannot write here"
        case .diskFull(let reason):
            return "the disk is full (\(reason)): free space, then run the command again"
        case .quotaUsedUp(let reason):
            return "the disk quota is used up (\(reason)): free space, then run the command again"
        case .readOnly(let reason):
            return "the file system is read-only (\(reason))"
        case .cannotMoveIntoPlace(let reason):
            return "cannot move the finished file into place: \(reason)"
        case .failed(let what, let reason):
            return "\(what): \(reason)"
        case .cannotCreateKeyFile(let reason):
            return "cannot create the key file: \(reason)"
        case .cannotWriteKeyFile:
            return "cannot write the key file"
        case .noWorkspaceKey(let reason):
            return "no workspace key: \(reason); is this a consign workspace (consign init)?"
        case .keyReadableByOthers(let mode, let path):
            return "the workspace key is readable by others (mode \(mode)); run: chmod 600 \(path)"
        case .keySize:
            return "not a key file: a master key is exactly 32 bytes, and a role's key file (consign key export) begins "
                + "with the line 'consign-role-keys'"
        case .sourceDateEpoch(let value):
            return "SOURCE_DATE_EPOCH must be whole seconds since 1970, not '\(value)'"
        case .unknownTimeZone(let zone):
            return "unknown time zone '\(zone)' in the catalog (use an IANA name such as Asia/Tokyo)"
        }
    }

    public var japanese: String {
        switch self {
        case .cannotRead(let reason):
            return "読めません：\(reason)"
        case .cannotBeRead:
            return "読めません"
        case .noSuchFile:
            return "ファイルがありません"
        case .unclosedQuote:
            return "ここで始まる引用符付きの値が閉じられていません（\" の対応が取れていません）"
        case .textAfterClosingQuote(let field):
            return "\(field) 番目の値の閉じ引用符の後に文字があります。値全体を引用符で囲み、中の引用符は 2 つ重ねてください"
        case .quoteInUnquotedField(let field):
            return "引用符のない \(field) 番目の値に二重引用符があります。値を引用符で囲み、中の引用符は 2 つ重ねてください"
        case .loneCarriageReturn:
            return "改行（LF）の続かない復帰（CR）があります"
        case .utf16WithByteOrderMark:
            return "ファイルが UTF-16 です（バイト順マークで始まっています）。UTF-8 で保存してください"
        case .nulBytes:
            return "ファイルに NUL バイトがあります。UTF-16 または UTF-32 のようです。UTF-8 で保存してください"
        case .emptyCSV:
            return "ファイルが空です。CSV の元データは、列の名前を並べたヘッダーで始まります"
        case .fieldCount(let count, let header):
            return "このレコードの値は \(count) 個ですが、ヘッダーの列は \(header) 個です。カンマを含む値は引用符で囲んでください"
        case .valueNotUTF8(let likely):
            let looks = likely.map { "\($0) のようです" } ?? "UTF-8 ではありません"
            return "ここにある値が正しい UTF-8 ではありません（\(looks)）。ファイルを UTF-8 で保存してください"
        case .columnTwice(let name, let first, let second):
            return "列 '\(name)' がヘッダーに 2 回あります（\(first) 列目と \(second) 列目）。どちらにデータがあるのか"
                + "抽出では判断できません"
        case .columnMissing(let column, let field):
            return "列 '\(column)'（項目 \(field)）がヘッダーにありません。計画で必要です"
        case .tableColumnMissing(let column, let field):
            return "テーブルに列 '\(column)'（項目 \(field)）がありません。計画で必要です"
        case .cannotReadXML:
            return "XML ファイルを読めません"
        case .xmlSourceNotUTF8(let encoding):
            return "consign が読む XML は UTF-8 ですが、このファイルは \(encoding.japanese) です（UTF-8 で保存してください）"
        case .xmlSourceDoctype:
            return "XML の元データに DOCTYPE は使えません（DTD と実体は安全のため拒否します）"
        case .xmlSourceEntityReference:
            return "XML の元データに実体参照は使えません（使えるのは定義済みの実体と文字参照だけです）"
        case .endsInsideRecord:
            return "レコードの途中でファイルが終わっています"
        case .valueTwice(let element):
            return "このレコードに <\(element)> が 2 回あります。どちらにデータがあるのか抽出では判断できません"
        case .elementInsideValue(let name, let value):
            return "<\(value)> の中に要素 <\(name)> があります。値には文字だけを書きます"
        case .valueMissing(let element):
            return "このレコードに <\(element)> がありません。抽出で必要です"
        case .notWellFormedXML:
            return "整形式の XML ではありません"
        case .noSubjectKey:
            return "このレコードには本人キー（カタログの subject-key の項目）がありません。利用停止の請求や本人の照会で"
                + "見つけられるよう、どのレコードにも必要です"
        case .controlCharacterForXML(let element):
            return "<\(element)> として送る値に、XML 1.0 では表せない制御文字があります。元データを直すか、CSV だけを抽出してください"
        case .notADate(let value):
            return "'\(value)' は日付（YYYY-MM-DD、後ろに時刻があってもよい）ではありません"
        case .notAWholeNumber(let value):
            return "'\(value)' は整数ではありません"
        case .belowZero(let value):
            return "'\(value)' は 0 未満です。表は 0 以上の金額を合計します（保護はどのセルも負でないことを前提にしています）。元データを確認してください"
        case .bucketOutOfRange(let value):
            return "'\(value)' は範囲外です。その区間が ±9223372036854775807 を超えます。元データを確かめてください"
        case .subjectKeyEmpty:
            return "本人キーが空です"
        case .subjectKeyNotUTF8:
            return "本人キーが正しい UTF-8 ではありません"
        case .subjectKeyCharacter(let key, let character, let kind, let ascii):
            let what: String =
                switch kind {
                case .whiteSpace: "空白を含んでいます。キーに空白は入りません"
                case .invisible: "見えない文字または制御文字を含んでいます。削除してください"
                case .combiningMark: "結合文字を含んでいます。結合する文字と合わせて 1 文字で書いてください"
                case .unassigned: "私用または未割り当ての符号位置を含んでいます"
                case .compatibilityVariant:
                    "全角・半角または互換の形の文字を含んでいます"
                        + (ascii.map { "。キーは '\($0)' と書いてください" } ?? "")
                }
            return "本人キー '\(key)' は \(character) を含み、\(what)。キーは完全一致で比べるため、このままでは別の人になります"
        case .cannotWrite:
            return "書き込めません"
        case .cannotWriteHere:
            return "ここには書き込めません"
        case .diskFull(let reason):
            return "ディスクがいっぱいです（\(reason)）。空きを作ってから、コマンドをもう一度実行してください"
        case .quotaUsedUp(let reason):
            return "ディスクの割り当て量を使い切りました（\(reason)）。空きを作ってから、コマンドをもう一度実行してください"
        case .readOnly(let reason):
            return "ファイルシステムが読み取り専用です（\(reason)）"
        case .cannotMoveIntoPlace(let reason):
            return "書き終えたファイルを所定の場所に移せません：\(reason)"
        case .failed(let what, let reason):
            return "\(what)：\(reason)"
        case .cannotCreateKeyFile(let reason):
            return "鍵ファイルを作成できません：\(reason)"
        case .cannotWriteKeyFile:
            return "鍵ファイルに書き込めません"
        case .noWorkspaceKey(let reason):
            return "ワークスペースの鍵がありません：\(reason)。consign のワークスペース（consign init）ですか"
        case .keyReadableByOthers(let mode, let path):
            return "ワークスペースの鍵を他のユーザーが読めます（モード \(mode)）。chmod 600 \(path) を実行してください"
        case .keySize:
            return "鍵ファイルではありません。マスター鍵はちょうど 32 バイトで、ロールの鍵ファイル（consign key export）は "
                + "'consign-role-keys' の行で始まります"
        case .sourceDateEpoch(let value):
            return "SOURCE_DATE_EPOCH は 1970 年からの整数の秒数で指定してください（'\(value)' は使えません）"
        case .unknownTimeZone(let zone):
            return "カタログのタイムゾーン '\(zone)' はありません（Asia/Tokyo のような IANA の名前を使ってください）"
        }
    }
}
