/// Secure delivery in the catalogue: contractors' delivery keys, encrypted extracts, the channel a package
/// goes by, and what `consign keygen` and `consign receive` say. Key fingerprints, file names and command
/// lines are the same in every language.
public enum DeliveryText: CatalogueEntry {
    case noDeliveryKey(contractor: String)
    case channelNotAccepted
    case notARecipient(String)
    case privateKeyGiven
    case recipientFile(lines: Int)
    case keyRegistered(contractor: String, recipient: String, fingerprint: String, on: CalendarDate, event: Int, replaced: String?)
    case keygenWrote(identity: String, recipient: String, key: String)
    case oneKeySource
    // `consign receive`.
    case noManifest(package: String)
    /// A file of a package not as its manifest records it.
    case fileProblem(Message.PackageFileProblem)
    case packageRefused(package: String, [String])
    case notForThisIdentity(encryptedTo: String, identities: [String])
    case identityFileLine
    case outputExists
    case cannotOpen(file: String, AgeFailure)
    case received(transfer: String, event: Int, chainHash: String, files: [String], out: String)
    /// How `receive` found the package's signature: by the company's key given, by a key not pinned, or none.
    case signedBy(fingerprint: String, pinned: Bool)
    case unsigned
    // Signatures.
    case signatureUnreadable(SignatureSite)
    case signatureInvalid(SignatureSite)
    case signedByAnotherKey(SignatureSite, signer: String, company: String)
    case signatureMissing(package: String)
    case signedTransferMissing(event: Int, transfer: String)
    case manifestDigestDiffers(event: Int, transfer: String)
    case notACompanyKey
    case companyKey(principal: String, line: String, allowedSigner: String, fingerprint: String)

    /// Where a signature was read: the register's event, or a package's file.
    public enum SignatureSite: Sendable {
        case event(Int)
        case file(String)

        var english: String {
            switch self {
            case .event(let n): "the package signature of event \(n)"
            case .file(let name): name
            }
        }

        var japanese: String {
            switch self {
            case .event(let n): "イベント \(n) のパッケージ署名"
            case .file(let name): name
            }
        }
    }

    public var english: String {
        switch self {
        case .noDeliveryKey(let contractor):
            return "contractor \(contractor) has no delivery key, so nothing can be encrypted to it: ask the contractor for "
                + "its age recipient (age-keygen -y key.txt, or consign keygen), then register it: consign contractor key "
                + "\(contractor) --age-recipient age1..."
        case .channelNotAccepted:
            return "--channel password-zip-same-route: a password ZIP whose password goes by the same route as the file "
                + "protects nothing (the Cabinet Office abolished it in 2020); encrypt to the contractor's key (--encrypt) "
                + "and send by sftp, storage-link, encrypted-file or hand-delivery"
        case .notARecipient(let value):
            return "'\(value)' is not an age X25519 recipient: give the contractor's public key as age-keygen prints it "
                + "(age1 followed by 58 lower-case letters and digits)"
        case .privateKeyGiven:
            return "this is an age identity, a private key (AGE-SECRET-KEY-1...), which only the contractor may hold: "
                + "register its public key instead (age-keygen -y FILE prints it); if the private key left the contractor, "
                + "have them make a new one"
        case .recipientFile(let lines):
            return "a recipient file holds exactly one age recipient (age1...) besides comments (#) and blank lines; this "
                + "one holds \(lines): give the file with the contractor's one public key"
        case .keyRegistered(let contractor, let recipient, let fingerprint, let on, let event, let replaced):
            return "registered \(recipient) (\(fingerprint)) as contractor \(contractor)'s delivery key from \(on) (event "
                + "\(event))" + (replaced.map { "; it replaces \($0), which is never used again" } ?? "")
        case .keygenWrote(let identity, let recipient, let key):
            return "wrote \(identity) (the private key, mode 0600: it never leaves you) and \(recipient) (the public key "
                + "\(key), to give the company)"
        case .oneKeySource:
            return "give the key once: --age-recipient age1... or --from-file FILE"
        case .noManifest(let package):
            return "\(package) has no manifest.xml: give the folder of one package, as it arrived"
        case .fileProblem(.missing(let name)):
            return "\(name) is named by the manifest but is not in the package"
        case .fileProblem(.unreadable(let name)):
            return "\(name) cannot be read"
        case .fileProblem(.changed(let name, let bytes, let sha256, let recordedBytes, let recordedSHA256)):
            return "\(name) is \(bytes) bytes with sha256 \(sha256), but the manifest records "
                + "\(recordedBytes.map { "\($0) bytes with " } ?? "")sha256 \(recordedSHA256): it changed after it was written"
        case .fileProblem(.extra(let name)):
            return "\(name) is in the package but not in its manifest"
        case .packageRefused(let package, let problems):
            return "package \(package) is not as it was sent, so nothing was opened: " + problems.joined(separator: "; ")
                + "; ask the company to send it again"
        case .notForThisIdentity(let encryptedTo, let identities):
            return "the package was encrypted to the key \(encryptedTo), and the identity file holds "
                + identities.joined(separator: ", ") + ": use the identity whose public key you gave the company"
        case .identityFileLine:
            return "an age identity file holds AGE-SECRET-KEY-1... lines, comments (#) and blank lines; this line is none of "
                + "these: give the file age-keygen or consign keygen wrote"
        case .outputExists:
            return "this file is already in the output folder, and receiving never overwrites: choose an empty folder"
        case .cannotOpen(let file, let failure):
            let why =
                switch failure {
                case .header(let problem): "its age header is malformed (\(problem.english))"
                case .version(let line): "it is of another version of the age format (\(line))"
                case .noMatch: "none of its recipients is the identity given"
                case .hmac: "its header was changed (the header's MAC does not match)"
                case .payload(let problem): "its contents were changed or cut (\(problem.english))"
                case .io(let reason): "it could not be read or written (\(reason))"
                }
            return "\(file) did not open: \(why); nothing was written"
        case .received(let transfer, let event, let chainHash, let files, let out):
            return "verified transfer \(transfer) (event \(event), chain hash \(chainHash)): every file as recorded; wrote "
                + files.joined(separator: ", ") + " to \(out)"
        case .signedBy(let fingerprint, let pinned):
            return pinned
                ? "manifest.xml is signed by the company's key \(fingerprint)"
                : "manifest.xml is signed by the key \(fingerprint); give --company-key FILE (from consign company-key) to "
                    + "check that it is the company's"
        case .unsigned:
            return "manifest.xml is not signed (a package made before consign signed its manifests)"
        case .signatureUnreadable(let site):
            return "\(site.english) is not an SSH signature consign reads (an armored Ed25519 signature of version 1)"
        case .signatureInvalid(let site):
            return "\(site.english) is not a valid signature of the manifest in namespace consign: the manifest or the "
                + "signature was changed"
        case .signedByAnotherKey(let site, let signer, let company):
            return "\(site.english) was made by the key \(signer), not the company's key \(company)"
        case .signatureMissing(let package):
            return "\(package) has no manifest.xml.sig, but its transfer was signed: the signature was removed"
        case .signedTransferMissing(let event, let transfer):
            return "event \(event) signs the package of transfer \(transfer), which the register does not hold"
        case .manifestDigestDiffers(let event, let transfer):
            return "event \(event) signs a manifest whose SHA-256 is not that of the manifest transfer \(transfer)'s event "
                + "writes: the transfer's event was changed"
        case .notACompanyKey:
            return "this file holds no ssh-ed25519 public key: give the company's key as consign company-key prints it (a "
                + "line of allowed_signers, or of a .pub file)"
        case .companyKey(let principal, let line, let allowedSigner, let fingerprint):
            return "the company's signing key (\(fingerprint)), which signs every package's manifest.xml:\n\(line)\n\n"
                + "give contractors this allowed_signers line:\n\(allowedSigner)\n\n"
                + "they check a package with:\nssh-keygen -Y verify -f allowed_signers -I \(principal) -n consign "
                + "-s manifest.xml.sig < manifest.xml"
        }
    }

    public var japanese: String {
        switch self {
        case .noDeliveryKey(let contractor):
            return "委託先 \(contractor) には受け渡し用の鍵がないため、暗号化できません。委託先に age の受信者（age-keygen -y "
                + "key.txt または consign keygen）を求め、登録してください：consign contractor key \(contractor) "
                + "--age-recipient age1..."
        case .channelNotAccepted:
            return "--channel password-zip-same-route：パスワードをファイルと同じ経路で送るパスワード付き ZIP は何も守りません"
                + "（内閣府は 2020 年に廃止しました）。委託先の鍵に宛てて暗号化し（--encrypt）、sftp、storage-link、"
                + "encrypted-file、hand-delivery のいずれかで送ってください"
        case .notARecipient(let value):
            return "'\(value)' は age の X25519 受信者ではありません。age-keygen が表示するとおりの委託先の公開鍵（age1 に続く "
                + "58 文字の英小文字と数字）を指定してください"
        case .privateKeyGiven:
            return "これは age の秘密鍵（AGE-SECRET-KEY-1...）で、委託先だけが持つものです。代わりに公開鍵を登録してください"
                + "（age-keygen -y FILE で表示できます）。秘密鍵が委託先の外に出たなら、新しい鍵を作ってもらってください"
        case .recipientFile(let lines):
            return "受信者ファイルには、コメント（#）と空行のほかに age の受信者（age1...）がちょうど 1 つ必要ですが、このファイル"
                + "には \(lines) 個あります。委託先の公開鍵 1 つだけのファイルを指定してください"
        case .keyRegistered(let contractor, let recipient, let fingerprint, let on, let event, let replaced):
            return "\(recipient)（\(fingerprint)）を委託先 \(contractor) の受け渡し用の鍵として \(on) から登録しました（イベント "
                + "\(event)）" + (replaced.map { "。これにより \($0) を置き換え、以後使いません" } ?? "")
        case .keygenWrote(let identity, let recipient, let key):
            return "\(identity)（秘密鍵、モード 0600。手元から出さないでください）と \(recipient)（公開鍵 \(key)、会社に渡すもの）"
                + "を書き出しました"
        case .oneKeySource:
            return "鍵は 1 回だけ指定してください：--age-recipient age1... または --from-file FILE"
        case .noManifest(let package):
            return "\(package) に manifest.xml がありません。届いたままのパッケージのフォルダーを指定してください"
        case .fileProblem(.missing(let name)):
            return "\(name) はマニフェストに記載されていますが、パッケージにありません"
        case .fileProblem(.unreadable(let name)):
            return "\(name) を読めません"
        case .fileProblem(.changed(let name, let bytes, let sha256, let recordedBytes, let recordedSHA256)):
            return "\(name) は \(bytes) バイト（sha256 \(sha256)）ですが、マニフェストの記録は "
                + "\(recordedBytes.map { "\($0) バイト" } ?? "")（sha256 \(recordedSHA256)）です。書き出された後に変わっています"
        case .fileProblem(.extra(let name)):
            return "\(name) はパッケージにありますが、マニフェストに記載されていません"
        case .packageRefused(let package, let problems):
            return "パッケージ \(package) は送られたときのままではないため、何も開きませんでした：" + problems.joined(separator: "；")
                + "。会社に送り直しを求めてください"
        case .notForThisIdentity(let encryptedTo, let identities):
            return "パッケージは鍵 \(encryptedTo) に宛てて暗号化されていますが、秘密鍵ファイルにあるのは "
                + identities.joined(separator: "、") + " です。会社に渡した公開鍵の秘密鍵を使ってください"
        case .identityFileLine:
            return "age の秘密鍵ファイルは AGE-SECRET-KEY-1... の行、コメント（#）、空行からなりますが、この行はどれでもありません。"
                + "age-keygen または consign keygen が書いたファイルを指定してください"
        case .outputExists:
            return "このファイルは出力先のフォルダーにすでにあります。受け取りでは上書きしません。空のフォルダーを指定してください"
        case .cannotOpen(let file, let failure):
            let why =
                switch failure {
                case .header(let problem): "age のヘッダーの形式が正しくありません（\(problem.japanese)）"
                case .version(let line): "age の別の版の形式です（\(line)）"
                case .noMatch: "受信者に指定の秘密鍵のものがありません"
                case .hmac: "ヘッダーが変更されています（ヘッダーの MAC が一致しません）"
                case .payload(let problem): "内容が変更されたか途中で切れています（\(problem.japanese)）"
                case .io(let reason): "読み書きできませんでした（\(reason)）"
                }
            return "\(file) を開けませんでした：\(why)。何も書き出していません"
        case .received(let transfer, let event, let chainHash, let files, let out):
            return "移転 \(transfer)（イベント \(event)、チェーンハッシュ \(chainHash)）を検証しました。すべてのファイルが記録どおり"
                + "です。" + files.joined(separator: "、") + " を \(out) に書き出しました"
        case .signedBy(let fingerprint, let pinned):
            return pinned
                ? "manifest.xml は会社の鍵 \(fingerprint) で署名されています"
                : "manifest.xml は鍵 \(fingerprint) で署名されています。会社の鍵であることを確かめるには --company-key FILE"
                    + "（consign company-key の出力）を指定してください"
        case .unsigned:
            return "manifest.xml は署名されていません（consign がマニフェストに署名する前に作られたパッケージです）"
        case .signatureUnreadable(let site):
            return "\(site.japanese) は consign が読める SSH 署名（版 1 の Ed25519 署名を ASCII 形式にしたもの）ではありません"
        case .signatureInvalid(let site):
            return "\(site.japanese) は名前空間 consign におけるマニフェストの正しい署名ではありません。マニフェストか署名が変更されています"
        case .signedByAnotherKey(let site, let signer, let company):
            return "\(site.japanese) は会社の鍵 \(company) ではなく、鍵 \(signer) で作られています"
        case .signatureMissing(let package):
            return "\(package) に manifest.xml.sig がありませんが、その移転は署名されています。署名が取り除かれています"
        case .signedTransferMissing(let event, let transfer):
            return "イベント \(event) は移転 \(transfer) のパッケージに署名していますが、台帳にその移転がありません"
        case .manifestDigestDiffers(let event, let transfer):
            return "イベント \(event) が署名したマニフェストの SHA-256 は、移転 \(transfer) のイベントが書くマニフェストのものと"
                + "異なります。移転のイベントが変更されています"
        case .notACompanyKey:
            return "このファイルには ssh-ed25519 の公開鍵がありません。consign company-key が表示する会社の鍵（allowed_signers "
                + "の行か .pub ファイルの行）を指定してください"
        case .companyKey(let principal, let line, let allowedSigner, let fingerprint):
            return "会社の署名鍵（\(fingerprint)）。すべてのパッケージの manifest.xml に署名します：\n\(line)\n\n"
                + "委託先にはこの allowed_signers の行を渡してください：\n\(allowedSigner)\n\n"
                + "委託先はパッケージを次のように確かめます：\nssh-keygen -Y verify -f allowed_signers -I \(principal) -n consign "
                + "-s manifest.xml.sig < manifest.xml"
        }
    }
}

/// Why an age file (C2SP age.md) did not open, in the classes the format's published test vectors
/// distinguish, so that a parsing error is never reported as a wrong key or a changed header.
public enum AgeFailure: Error, Equatable, Sendable {
    /// The header is not a well-formed age v1 header.
    case header(HeaderProblem)
    /// The file is of another version of the format (its first line).
    case version(String)
    /// The header parsed, but no stanza opens with the identities given.
    case noMatch
    /// The header's MAC does not match: the header was changed.
    case hmac
    /// The payload is cut, changed or extended.
    case payload(PayloadProblem)
    /// The file could not be read or the plaintext not written (the system's reason).
    case io(String)

    public enum HeaderProblem: Equatable, Sendable, CatalogueEntry {
        case truncated, tooLong, noLineFeed, notVersion1, noStanza, strayLine, macLine, scryptNotAlone, nonceCut
        case stanzaArgument(stanza: Int), stanzaBody(stanza: Int), bodyLine(stanza: Int)
        case x25519Arguments, x25519Body, lowOrderShare

        public var english: String {
            switch self {
            case .truncated: "the file ends inside its header"
            case .tooLong: "the header is longer than 1 MiB"
            case .noLineFeed: "the header does not end with a line feed"
            case .notVersion1: "the first line is not age-encryption.org/v1"
            case .noStanza: "the header has no recipient stanza"
            case .strayLine: "a line of the header is neither a stanza nor its body"
            case .macLine: "the MAC line is not '--- ' and the canonical base64 of 32 bytes"
            case .scryptNotAlone: "an scrypt stanza is not the only one"
            case .nonceCut: "the payload's nonce is cut short"
            case .stanzaArgument(let n): "stanza \(n) has an empty argument or a character age does not allow"
            case .stanzaBody(let n): "stanza \(n) has no final body line shorter than 64 columns"
            case .bodyLine(let n): "a body line of stanza \(n) is not canonical base64 of at most 64 columns"
            case .x25519Arguments: "an X25519 stanza does not have one argument, the base64 of a 32-byte share"
            case .x25519Body: "an X25519 stanza's body is not 32 bytes"
            case .lowOrderShare: "an X25519 stanza's share is a low-order point"
            }
        }

        public var japanese: String {
            switch self {
            case .truncated: "ファイルがヘッダーの途中で終わっています"
            case .tooLong: "ヘッダーが 1 MiB を超えています"
            case .noLineFeed: "ヘッダーが改行で終わっていません"
            case .notVersion1: "1 行目が age-encryption.org/v1 ではありません"
            case .noStanza: "ヘッダーに受信者のスタンザがありません"
            case .strayLine: "ヘッダーにスタンザでもその本体でもない行があります"
            case .macLine: "MAC の行が '--- ' と 32 バイトの正規の base64 ではありません"
            case .scryptNotAlone: "scrypt のスタンザが唯一のスタンザではありません"
            case .nonceCut: "ペイロードのナンスが途中で切れています"
            case .stanzaArgument(let n): "スタンザ \(n) に空の引数か age が認めない文字があります"
            case .stanzaBody(let n): "スタンザ \(n) に 64 桁未満の最後の本体の行がありません"
            case .bodyLine(let n): "スタンザ \(n) の本体の行が 64 桁以下の正規の base64 ではありません"
            case .x25519Arguments: "X25519 のスタンザの引数が、32 バイトの共有値の base64 の 1 つではありません"
            case .x25519Body: "X25519 のスタンザの本体が 32 バイトではありません"
            case .lowOrderShare: "X25519 のスタンザの共有値が位数の小さい点です"
            }
        }
    }

    public enum PayloadProblem: Equatable, Sendable, CatalogueEntry {
        case noChunk, emptyFinal
        case shortChunk(chunk: Int), chunk(chunk: Int), finalChunk(chunk: Int)

        public var english: String {
            switch self {
            case .noChunk: "the payload has no chunk"
            case .emptyFinal: "the final chunk is empty"
            case .shortChunk(let n): "chunk \(n) is shorter than its tag"
            case .chunk(let n): "chunk \(n) does not authenticate"
            case .finalChunk(let n): "chunk \(n), the last, does not authenticate as the final chunk: the file is cut, extended or changed"
            }
        }

        public var japanese: String {
            switch self {
            case .noChunk: "ペイロードにチャンクがありません"
            case .emptyFinal: "最後のチャンクが空です"
            case .shortChunk(let n): "チャンク \(n) がタグより短くなっています"
            case .chunk(let n): "チャンク \(n) が認証できません"
            case .finalChunk(let n): "最後のチャンク \(n) が最後のチャンクとして認証できません。ファイルが切れたか、延びたか、変更されています"
            }
        }
    }
}
