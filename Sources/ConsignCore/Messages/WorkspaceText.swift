/// The workspace's sentences: what `consign init` says and writes besides the documents, what `consign
/// check` sums up after its diagnostics, and what `consign sample` reports.
public enum WorkspaceText: CatalogueEntry {
    // init
    case alreadyAWorkspace(state: String)
    case created(path: String)
    case initialized(root: String)
    case nextStepsHeading
    case gitignore
    // check
    case checked(documents: Int, errors: Int, warnings: Int)
    case notCompared(files: [String])
    case noRegister
    case allRegistered
    case notYetRegistered
    case unregistered(file: String, DocumentKind, id: String, version: Int)
    // sample
    case wroteSample(rows: Int, file: String, bytes: Int, seed: UInt64, exampleCatalog: Bool)
    case rowsNegative(Int)
    // The command line.
    case unknownLanguage(String)
    /// The operator's name holds a character that would act on a terminal or hide text.
    case unprintableOperator(option: String, codePoint: String)

    public var english: String {
        switch self {
        case .alreadyAWorkspace(let state):
            return "already a consign workspace (\(state) exists)"
        case .created(let path):
            return "created \(path)"
        case .initialized(let root):
            return "initialized a consign workspace in \(root)"
        case .nextStepsHeading:
            return "next steps:"
        case .gitignore:
            return "# the register and the workspace master key stay out of git\n"
        case .checked(let documents, let errors, let warnings):
            return "checked \(documents) documents: \(errors) error\(errors == 1 ? "" : "s"), "
                + "\(warnings) warning\(warnings == 1 ? "" : "s")"
        case .notCompared(let files):
            return "not valid, so not compared with the register: " + files.joined(separator: ", ")
        case .noRegister:
            return "no register here (.consign/ is missing): run consign init to register documents"
        case .allRegistered:
            return "every contractor profile and agreement file is registered"
        case .notYetRegistered:
            return "not yet registered (consign contractor add FILE / consign agreement add FILE):"
        case .unregistered(let file, let kind, let id, let version):
            return "\(file)  \(kind.rawValue) \(id) v\(version)"
        case .wroteSample(let rows, let file, let bytes, let seed, let example):
            return "wrote \(rows) customers to \(file) (\(bytes) bytes, seed \(seed)"
                + (example ? "; the example catalog's columns: no workspace here)" : ")")
        case .rowsNegative(let rows):
            return "--rows must be zero or more, not \(rows)"
        case .unknownLanguage(let value):
            return "error: --lang takes en or ja, not '\(value)'"
        case .unprintableOperator(let option, let codePoint):
            return "\(option) holds U+\(codePoint), a control or formatting character: give a name that can be printed"
        }
    }

    public var japanese: String {
        switch self {
        case .alreadyAWorkspace(let state):
            return "すでに consign のワークスペースです（\(state) があります）"
        case .created(let path):
            return "作成：\(path)"
        case .initialized(let root):
            return "\(root) に consign のワークスペースを作成しました"
        case .nextStepsHeading:
            return "次の手順："
        case .gitignore:
            return "# 台帳とワークスペースのマスター鍵は git に入れません\n"
        case .checked(let documents, let errors, let warnings):
            return "\(documents) 件の文書を検査しました：エラー \(errors) 件、警告 \(warnings) 件"
        case .notCompared(let files):
            return "有効でないため台帳と照合していません：" + files.joined(separator: "、")
        case .noRegister:
            return "ここには台帳がありません（.consign/ がありません）。文書を登録するには consign init を実行してください"
        case .allRegistered:
            return "委託先プロファイルと契約のファイルはすべて登録済みです"
        case .notYetRegistered:
            return "未登録（consign contractor add FILE／consign agreement add FILE で登録します）："
        case .unregistered(let file, let kind, let id, let version):
            return "\(file)  \(kind == .contractor ? "委託先" : "契約") \(id) 第 \(version) 版"
        case .wroteSample(let rows, let file, let bytes, let seed, let example):
            return "\(rows) 人分の顧客を \(file) に書き出しました（\(bytes) バイト、シード \(seed)"
                + (example ? "。ここにはワークスペースがないため、例のカタログの列を使いました）" : "）")
        case .rowsNegative(let rows):
            return "--rows には 0 以上を指定してください（\(rows) は使えません）"
        case .unknownLanguage(let value):
            return "error: --lang には en か ja を指定してください（'\(value)' は使えません）"
        case .unprintableOperator(let option, let codePoint):
            return "\(option) に制御文字または書式文字 U+\(codePoint) が含まれています。表示できる名前を指定してください"
        }
    }
}

/// The steps `consign init` prints after it writes a workspace, each with what it is for (in the user's
/// language) and the command that does it (the same in every language).
public enum NextStep: CatalogueEntry {
    /// `cd` into the workspace; `starter`: any folder inside it will do.
    case goInto(workspace: String, starter: Bool)
    case editCatalog
    case editContractor
    case registerProfile(file: String)
    case registerAgreement(file: String)
    case recordSelection(contractor: String)
    case plan(task: String, contractor: String)
    case sample
    case extract(task: String, contractor: String)
    case audit
    case seeWhatToRegister
    case followReadme

    public var command: String? {
        switch self {
        case .goInto(let workspace, _): "cd \(workspace)"
        case .editCatalog, .followReadme: nil
        case .editContractor, .seeWhatToRegister: "consign check"
        case .registerProfile(let file): "consign contractor add \(file)"
        case .registerAgreement(let file): "consign agreement add \(file)"
        case .recordSelection(let contractor):
            "consign contractor evaluate \(contractor) --kind selection --result pass --note \"checklist reviewed\""
        case .plan(let task, let contractor): "consign plan --task \(task) --contractor \(contractor)"
        case .sample: "consign sample customers --rows 100 --out customers.csv"
        case .extract(let task, let contractor):
            "consign extract --task \(task) --contractor \(contractor) --source customers.csv --out extracts"
        case .audit: "consign audit"
        }
    }

    public var english: String {
        switch self {
        case .goInto(_, let starter): "go into the workspace" + (starter ? " (any folder inside it will do)" : "")
        case .editCatalog: "edit templates/catalog.xml: your company, its purposes of use, the personal data you hold"
        case .editContractor: "edit the example contractor and its agreement (copy them for each contractor), then check them"
        case .registerProfile: "register the contractor's profile"
        case .registerAgreement: "register its agreement"
        case .recordSelection: "record the selection evaluation that must precede its first transfer"
        case .plan: "see the minimum necessary fields for the example task"
        case .sample: "make sample customers to try it on (never real data)"
        case .extract: "write the extract and its transfer record"
        case .audit: "check the register and every transfer"
        case .seeWhatToRegister: "see what is there to register"
        case .followReadme: "then follow the README from \"The same steps by hand\""
        }
    }

    public var japanese: String {
        switch self {
        case .goInto(_, let starter): "ワークスペースに移動します" + (starter ? "（その中のどのフォルダーでもかまいません）" : "")
        case .editCatalog: "templates/catalog.xml を編集します：自社、利用目的、保有する個人データ"
        case .editContractor: "例の委託先とその契約を編集し（委託先ごとにコピーします）、検査します"
        case .registerProfile: "委託先のプロファイルを登録します"
        case .registerAgreement: "その契約を登録します"
        case .recordSelection: "最初の提供の前に必要な選定時評価を記録します"
        case .plan: "例の業務に必要な最小限の項目を確かめます"
        case .sample: "試すためのサンプル顧客を作ります（実データは使いません）"
        case .extract: "抽出ファイルと提供の記録を書き出します"
        case .audit: "台帳とすべての提供を監査します"
        case .seeWhatToRegister: "登録するものを確かめます"
        case .followReadme: "その後は README の「The same steps by hand」に沿って進めます"
        }
    }
}
