/// The help of `consign key` and of `consign init --key`: the keys each role holds.
package enum KeyHelp {
    package static let key = Sentence(
        "Give each role the keys its work needs: the staff keep the master key; the others get a key file.",
        "各ロールに仕事に必要な鍵だけを渡します。スタッフはマスター鍵を持ち、他のロールは鍵ファイルを受け取ります。")
    package static let export = Sentence(
        "Write a role's key file: the keys derived from this workspace's master key that the role needs.",
        "ロールの鍵ファイルを書き出します：このワークスペースのマスター鍵から導いた、そのロールに必要な鍵です。")
    package static let exportDiscussion = Sentence(
        """
        Run by a member of staff, who holds the master key (.consign/master.key); it never leaves them. \
        procurement gets ledger and derived-state (to record its events and verify the ledger); privacy and \
        auditor also get subject (to record and look up subjects' requests). No key file holds a contractor's \
        pseudonym key: only the master key extracts. The file is written with mode 0600 and never over an \
        existing one; its holder installs it with consign init --key FILE. Exit status: 0 written; 2 a usage or \
        input error (--role staff, a workspace without the master key, an existing file).
        """,
        """
        マスター鍵（.consign/master.key）を持つスタッフが実行します。マスター鍵そのものは渡しません。procurement \
        には ledger と derived-state（イベントの記録と台帳の検証用）、privacy と auditor にはさらに subject（本人の\
        請求の記録と照会用）を渡します。委託先の仮名の鍵はどの鍵ファイルにも入らず、抽出できるのはマスター鍵を\
        持つ人だけです。ファイルはモード 0600 で書き、既存のファイルは上書きしません。受け取った人は consign init \
        --key FILE で組み込みます。終了ステータス：0 書き出した、2 使い方または入力の誤り（--role staff、マスター\
        鍵のないワークスペース、既にあるファイル）。
        """)
    package static let rotate = Sentence(
        "Start a new generation of every contractor's pseudonym keys.",
        "すべての委託先の仮名の鍵の新しい世代を始めます。")
    package static let rotateDiscussion = Sentence(
        """
        Run by a member of staff, who holds the master key. Records a pseudonym-rotation event: from it on, the hmac \
        forms of every extract use generation N (HKDF info pseudonym/g<N>:<contractor>; generation 0 is \
        pseudonym:<contractor>, as before rotation existed), so a contractor cannot link new pseudonyms to those it \
        received before. Each transfer records the generation it used; an extract planned before a rotation and \
        committed after it is refused. Exit status: 0 rotated; 2 a usage or input error (a role's key file).
        """,
        """
        マスター鍵を持つスタッフが実行します。pseudonym-rotation イベントを記録し、以後すべての抽出の hmac 形式は第 N 世代 \
        （HKDF info pseudonym/g<N>:<contractor>。第 0 世代はローテーション導入前と同じ pseudonym:<contractor>）を使うため、\
        委託先は新しい仮名を以前受け取った仮名と結び付けられません。各移転は使った世代を記録します。ローテーション前に計画され\
        その後に確定する抽出は拒否します。終了ステータス：0 ローテーションした、2 使い方または入力の誤り（ロールの鍵ファイル）。
        """)
    package static let role = Sentence(
        "procurement, privacy or auditor (the staff keep the master key).",
        "procurement、privacy、auditor のいずれか（スタッフはマスター鍵を持ちます）。")
    package static let out = Sentence(
        "The key file to write (mode 0600; an existing file is never overwritten).",
        "書き出す鍵ファイル（モード 0600。既存のファイルは上書きしません）。")
    package static let initKey = Sentence(
        "Install this key file (from consign key export, or the staff's master key) instead of creating a master key.",
        "マスター鍵を作る代わりに、この鍵ファイル（consign key export で書き出したもの、またはスタッフのマスター鍵）を組み込みます。")
}
