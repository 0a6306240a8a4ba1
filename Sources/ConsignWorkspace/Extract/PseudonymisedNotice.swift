import ConsignCore

/// What the package of a pseudonymised task tells the contractor (APPI Art. 41(6)–(8): the data is
/// 仮名加工情報, and re-identifying or contacting the persons is forbidden), in Japanese and English whatever
/// the user's language: `NOTICE.txt` beside the extract files, recorded among the transfer's files (name,
/// bytes, SHA-256) like every other, and repeated in the manifest and the XML extract. A transfer whose
/// files include it gave the notice, so the manifest is still written from the recorded event alone. It
/// names the task and the contractor, not the transfer: the extract files stay the same bytes whatever the
/// transfer (a table gives the extract its CSV gives).
enum PseudonymisedNotice {
    static let fileName = "NOTICE.txt"

    /// The notice in each language, Japanese first.
    static func texts(task: String, contractor: String) -> [(language: Language, text: String)] {
        let notice = ExtractText.pseudonymisedNotice(task: task, contractor: contractor)
        return [Language.ja, .en].map { ($0, notice.text($0)) }
    }

    /// `NOTICE.txt`: the Japanese, a blank line, the English.
    static func file(task: String, contractor: String) -> [UInt8] {
        Array(texts(task: task, contractor: contractor).map { $0.text + "\n" }.joined(separator: "\n").utf8)
    }

    /// Whether the transfer's package gave the notice.
    static func isGiven(by transfer: Transfer) -> Bool { transfer.files.contains { $0.name == fileName } }
}
