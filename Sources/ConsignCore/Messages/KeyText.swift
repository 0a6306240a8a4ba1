/// The keys each role holds in the catalogue: a key a role's key file lacks, a key file this release cannot
/// read, and what `consign key export` refuses and writes. Key names (`ledger`, `subject`,
/// `pseudonym:<contractor>`), role names and command lines are the same in every language.
package enum KeyText: CatalogueEntry {
    /// `holders`: the roles whose key files hold the key (none: only the master key derives it).
    case keyNotHeld(key: String, role: String, file: String, holders: [String])
    case keyFileVersion(String)
    case keyFileLine
    case staffKeepTheMasterKey
    case exportNeedsTheMasterKey(role: String, file: String)
    case exported(role: String, file: String, keys: [String])
    case rotated(generation: Int, event: Int)

    package var english: String {
        switch self {
        case .keyNotHeld(let key, let role, let file, let holders):
            let lacking = "this needs the key '\(key)', which \(file), the \(role) role's key file, does not hold"
            if holders.isEmpty {
                return lacking + ": only the staff's master key derives it; ask a member of staff, who holds "
                    + ".consign/master.key, to do this"
            }
            return lacking + ": the master key and the key files of \(holders.joined(separator: " and ")) hold it; ask "
                + "the holder of the master key (the staff) to do this, or for a key file that holds it (consign key "
                + "export --role \(holders.joined(separator: "|")) --out FILE)"
        case .keyFileVersion(let version):
            return "this key file is of version \(version) of its format, written by a later release of consign: "
                + "upgrade consign to read it"
        case .keyFileLine:
            return "a role's key file has the line 'role ROLE' (procurement, privacy or auditor) after its first, then "
                + "lines 'KEY HEX' (ledger, derived-state or subject, each once, with 64 hexadecimal digits); this line "
                + "is neither: ask the holder of the master key to export the file again (consign key export)"
        case .staffKeepTheMasterKey:
            return "--role staff: the staff keep the master key itself (.consign/master.key), which no key file holds; "
                + "export a key file for procurement, privacy or auditor"
        case .exportNeedsTheMasterKey(let role, let file):
            return "only the master key derives a role's key file, and this workspace holds \(file), the \(role) "
                + "role's key file: ask the holder of the master key (the staff) to export it"
        case .rotated(let generation, let event):
            return "started generation \(generation) of the pseudonym keys (event \(event), HKDF info pseudonym/g\(generation):<contractor>): "
                + "extracts from now on send pseudonyms of this generation; earlier generations stay derivable for lookups"
        case .exported(let role, let file, let keys):
            return "wrote \(file), the \(role) role's key file (keys: \(keys.joined(separator: ", ")); mode 0600); hand "
                + "it over privately, and have its holder install it: consign init --key \(file) [--database URL]"
        }
    }

    package var japanese: String {
        switch self {
        case .keyNotHeld(let key, let role, let file, let holders):
            let lacking = "この操作には鍵 '\(key)' が必要ですが、\(file)（\(role) ロールの鍵ファイル）にはありません"
            if holders.isEmpty {
                return lacking + "。この鍵はスタッフのマスター鍵からしか導けません。.consign/master.key を持つスタッフに"
                    + "操作を依頼してください"
            }
            return lacking + "。この鍵はマスター鍵と \(holders.joined(separator: "、")) の鍵ファイルにあります。マスター鍵を持つ"
                + "スタッフに操作を依頼するか、この鍵を含む鍵ファイルを書き出してもらってください（consign key export "
                + "--role \(holders.joined(separator: "|")) --out FILE）"
        case .keyFileVersion(let version):
            return "この鍵ファイルは形式の版 \(version) で、より新しい consign が書いたものです。読むには consign を"
                + "更新してください"
        case .keyFileLine:
            return "ロールの鍵ファイルは、1 行目の次に 'role ROLE'（procurement、privacy、auditor のいずれか）、続いて "
                + "'KEY HEX'（ledger、derived-state、subject のいずれかを 1 回ずつ、16 進数 64 桁）の行からなります。"
                + "この行はどちらでもありません。マスター鍵を持つスタッフに書き出し直してもらってください（consign key export）"
        case .staffKeepTheMasterKey:
            return "--role staff：スタッフはマスター鍵（.consign/master.key）そのものを持ち、どの鍵ファイルにも入りません。"
                + "鍵ファイルを書き出せるのは procurement、privacy、auditor です"
        case .exportNeedsTheMasterKey(let role, let file):
            return "ロールの鍵ファイルはマスター鍵からしか作れませんが、このワークスペースにあるのは \(file)（\(role) "
                + "ロールの鍵ファイル）です。マスター鍵を持つスタッフに書き出しを依頼してください"
        case .rotated(let generation, let event):
            return "仮名の鍵の第 \(generation) 世代を始めました（イベント \(event)、HKDF info pseudonym/g\(generation):<contractor>）。"
                + "今後の抽出はこの世代の仮名を送ります。以前の世代も照会のために導けます"
        case .exported(let role, let file, let keys):
            return "\(role) ロールの鍵ファイル \(file) を書き出しました（鍵：\(keys.joined(separator: "、"))、モード 0600）。"
                + "他人の目に触れない方法で渡し、受け取った人に組み込んでもらってください：consign init --key \(file) "
                + "[--database URL]"
        }
    }
}
