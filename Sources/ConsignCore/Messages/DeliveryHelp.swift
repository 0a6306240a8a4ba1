/// The help of secure delivery: `consign contractor key`, the delivery options of `consign extract`,
/// `consign keygen` and `consign receive`.
public enum DeliveryHelp {
    public static let contractorKey = Sentence(
        "Register a contractor's delivery key (its age recipient), to which extracts are encrypted.",
        "委託先の受け渡し用の鍵（age の受信者）を登録します。抽出ファイルはこの鍵に宛てて暗号化します。")
    public static let contractorKeyDiscussion = Sentence(
        """
        The contractor makes its key pair (age-keygen -o key.txt, or consign keygen --out key.txt) and gives the \
        company the public key only (age1...). The newest key is the one consign extract --encrypt uses; a key once \
        replaced is never registered or used again, for this contractor or any other. A private key \
        (AGE-SECRET-KEY-1...) is refused. Exit status: 0 registered; 1 refused (a key registered before, a terminated \
        contractor); 2 a usage or input error.
        """,
        """
        委託先が鍵ペアを作り（age-keygen -o key.txt または consign keygen --out key.txt）、公開鍵（age1...）だけを会社に\
        渡します。consign extract --encrypt は最新の鍵を使います。置き換えた鍵は、この委託先でも他の委託先でも二度と\
        登録も使用もしません。秘密鍵（AGE-SECRET-KEY-1...）は受け付けません。終了ステータス：0 登録した、1 拒否（以前\
        登録した鍵、契約終了の委託先）、2 使い方または入力の誤り。
        """)
    public static let ageRecipient = Sentence(
        "The contractor's age recipient (age1..., as age-keygen -y prints it).",
        "委託先の age の受信者（age-keygen -y が表示する age1...）。")
    public static let fromFile = Sentence(
        "A file holding the contractor's one age recipient (key.txt.pub, or the output of age-keygen -y).",
        "委託先の age の受信者を 1 つだけ含むファイル（key.txt.pub または age-keygen -y の出力）。")
    public static let keyOn = Sentence(
        "The day the key is used from (YYYY-MM-DD; default today).",
        "鍵を使い始める日（YYYY-MM-DD。既定は今日）。")
    public static let note = Sentence("A note kept with the event.", "イベントに残すメモ。")
    public static let encrypt = Sentence(
        "Encrypt every file but the manifest to the contractor's delivery key (age; NAME.age).",
        "マニフェスト以外のすべてのファイルを委託先の受け渡し用の鍵に宛てて暗号化します（age。NAME.age）。")
    public static let channel = Sentence(
        "How the package goes to the contractor: sftp, storage-link, encrypted-file or hand-delivery (recorded).",
        "パッケージを委託先に渡す経路：sftp、storage-link、encrypted-file、hand-delivery のいずれか（記録します）。")
    public static let recordedChannel = Sentence(
        "How it went: sftp, storage-link, encrypted-file, hand-delivery, or password-zip-same-route (which the audit reports).",
        "渡した経路：sftp、storage-link、encrypted-file、hand-delivery、password-zip-same-route（監査で指摘します）のいずれか。")
    public static let channelNote = Sentence(
        "What to record of the channel (a link's expiry, a courier).",
        "経路について記録すること（リンクの有効期限、運送者など）。")
    public static let keygen = Sentence(
        "Write a new age key pair: PREFIX (the private key, mode 0600) and PREFIX.pub (the recipient to give the company).",
        "age の鍵ペアを書き出します：PREFIX（秘密鍵、モード 0600）と PREFIX.pub（会社に渡す受信者）。")
    public static let keygenDiscussion = Sentence(
        """
        For contractors who prefer consign to age-keygen, and for tests: the files are the same as age-keygen's, and \
        age -d -i PREFIX opens what consign encrypts to PREFIX.pub. Neither file is ever overwritten. Exit status: 0 \
        written; 2 a usage or input error (an existing file).
        """,
        """
        age-keygen の代わりに consign を使いたい委託先やテストのためのものです。ファイルは age-keygen のものと同じで、\
        PREFIX.pub に宛てて consign が暗号化したものは age -d -i PREFIX で開けます。どちらのファイルも上書きしません。\
        終了ステータス：0 書き出した、2 使い方または入力の誤り（既にあるファイル）。
        """)
    public static let keygenOut = Sentence(
        "The private key file to write; the recipient goes to the same name with .pub.",
        "書き出す秘密鍵ファイル。受信者は同じ名前に .pub を付けたファイルに書き出します。")
    public static let receive = Sentence(
        "Verify a package as it arrived and decrypt it: the contractor's side.",
        "届いたパッケージを検証して復号します（委託先の側）。")
    public static let receiveDiscussion = Sentence(
        """
        Needs no workspace. Reads the package's manifest.xml against its schema, checks every file it names (size \
        and SHA-256 of what arrived) and that nothing else is there, then opens each encrypted file with the \
        identity. All or nothing: a changed byte anywhere, a cut file or another key's package writes nothing. The \
        same checks need no consign: sha256sum and age -d -i key.txt FILE.age. Exit status: 0 received; 1 refused (a \
        changed, missing or extra file, a file that does not open); 2 a usage or input error.
        """,
        """
        ワークスペースは要りません。パッケージの manifest.xml をスキーマで検証し、記載された各ファイル（届いたものの\
        サイズと SHA-256）と他のファイルがないことを確かめてから、暗号化されたファイルを秘密鍵で開きます。\
        すべてかゼロか：どこかの 1 バイトの変更、途中で切れたファイル、他の鍵のパッケージでは何も書き出しません。\
        同じ確認は consign なしでもできます：sha256sum と age -d -i key.txt FILE.age。終了ステータス：0 受け取った、\
        1 拒否（変更・欠落・余分なファイル、開けないファイル）、2 使い方または入力の誤り。
        """)
    public static let package = Sentence("The package folder, as it arrived.", "届いたままのパッケージのフォルダー。")
    public static let identity = Sentence(
        "The age identity file (the contractor's private key).", "age の秘密鍵ファイル（委託先の秘密鍵）。")
    public static let companyKey = Sentence(
        "A file holding the company's public key (a line of allowed_signers or a .pub file, from consign company-key).",
        "会社の公開鍵を含むファイル（consign company-key が表示する allowed_signers の行または .pub ファイル）。")
    public static let companyKeyAbstract = Sentence(
        "Print the company's public signing key and the allowed_signers line to give contractors.",
        "会社の署名用の公開鍵と、委託先に渡す allowed_signers の行を表示します。")
    public static let companyKeyDiscussion = Sentence(
        """
        Every package's manifest.xml is signed with the company's Ed25519 key (derived from the master key; it \
        never leaves the workspace) as manifest.xml.sig, an SSH signature in namespace consign. Contractors check it \
        with ssh-keygen -Y verify and the allowed_signers line printed here, or with consign receive --company-key. \
        Needs the master key. Exit status: 0 printed; 2 a usage or input error (a role's key file).
        """,
        """
        すべてのパッケージの manifest.xml は、会社の Ed25519 鍵（マスター鍵から導き、ワークスペースの外には出ません）で \
        署名され、名前空間 consign の SSH 署名 manifest.xml.sig になります。委託先はここに表示する allowed_signers の行と \
        ssh-keygen -Y verify、または consign receive --company-key で確かめます。マスター鍵が必要です。終了ステータス：\
        0 表示した、2 使い方または入力の誤り（ロールの鍵ファイル）。
        """)
    public static let receiveOut = Sentence(
        "The folder to write the decrypted files to (made if missing; nothing in it is overwritten).",
        "復号したファイルを書き出すフォルダー（なければ作ります。中のファイルは上書きしません）。")
}
