import ConsignCore
import ConsignPipeline
import Foundation

/// `manifest.xml`, the summary of an extract package: everything its transfer event records, and the
/// event's position and chain hash in the ledger (so that an auditor holding a package can tell when
/// newer events were removed). Written from the recorded event alone, so a package rolled forward after a
/// crash gets the same manifest.
enum PackageManifest {
    static let fileName = "manifest.xml"

    static func xml(_ recorded: Recorded<Transfer>) -> String {
        let t = recorded.value
        func e(_ text: String) -> String { XMLText.escaped(text) ?? "" }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <manifest transfer="\(e(t.id))">
              <recorded at="\(recorded.recordedAt)" operator="\(e(recorded.recordedBy))" on="\(t.on)" origin="\(t.origin.rawValue)"/>
              <contractor id="\(e(t.contractor))"/>
              <agreement id="\(e(t.agreement?.id ?? ""))" version="\(t.agreement?.version ?? 0)" sha256="\(t.agreement?.sha256 ?? "")"/>
              <relationship>\(t.relationship?.rawValue ?? "")</relationship>
              <legal-basis>\(e(t.legalBasis))</legal-basis>
              <destination-countries>\(t.countries.map { "<country>\(e($0))</country>" }.joined())</destination-countries>
              <approved-sub-contractors>\(t.approvedSubContractors.map { "<sub-contractor>\(e($0))</sub-contractor>" }.joined())</approved-sub-contractors>
              <task id="\(e(t.task.id))" version="\(t.task.version)" sha256="\(t.task.sha256)"/>
              <catalog id="\(e(t.catalog.id))" version="\(t.catalog.version)" sha256="\(t.catalog.sha256)"/>
              <purpose>\(e(t.purpose))</purpose>
              <fields>

            """
        for form in t.forms {
            // A field of special care says so (APPI 要配慮個人情報).
            let care = t.specialCare.contains(form.field) ? " special-care=\"true\"" : ""
            out += "    <field id=\"\(e(form.field))\" form=\"\(e(form.form.description))\"\(care)/>\n"
        }
        out += "  </fields>\n"
        if PseudonymisedNotice.isGiven(by: t) {
            out += "  <notice kind=\"pseudonymised-information\" file=\"\(PseudonymisedNotice.fileName)\">\n"
            for (language, text) in PseudonymisedNotice.texts(task: t.task.id, contractor: t.contractor) {
                out += "    <text lang=\"\(language.rawValue)\">\(e(text))</text>\n"
            }
            out += "  </notice>\n"
        }
        if let source = t.source {
            out += "  <source table=\"\(e(source.table))\" records=\"\(source.records)\"/>\n"
        }
        // Written only for a transfer that has them, so that a manifest of an earlier release reads the same.
        if t.csvEncoding != .utf8 || t.importProfile != nil {
            let layout = t.importProfile.map { " layout=\"\(e($0))\"" } ?? ""
            out += "  <csv encoding=\"\(t.csvEncoding.rawValue)\"\(layout)/>\n"
        }
        if !t.substitutions.isEmpty {
            out += "  <substitutions>\n"
            for substitution in t.substitutions {
                out += "    <substitution from=\"\(e(substitution.from))\" to=\"\(e(substitution.to))\" values=\"\(substitution.values)\"/>\n"
            }
            out += "  </substitutions>\n"
        }
        out += """
              <rows>\(t.rows)</rows>
              <files>

            """
        for file in t.files {
            out += "    <file name=\"\(e(file.name))\" bytes=\"\(file.bytes)\" sha256=\"\(file.sha256)\"/>\n"
        }
        let delivery = t.delivery
        let recipient = delivery.recipientFingerprint.map { " recipient-fingerprint=\"\(e($0))\"" } ?? ""
        out += "  </files>\n  <encryption\(recipient)>\(e(t.encryption))</encryption>\n"
        if let channel = delivery.channel {
            let note = delivery.channelNote.isEmpty ? "" : " note=\"\(e(delivery.channelNote))\""
            out += "  <channel\(note)>\(channel.rawValue)</channel>\n"
        }
        out += """
              <retention-due>\(t.retentionDue)</retention-due>
              <subjects count="\(t.subjects.count)" sha256="\(t.subjects.sha256)"/>
              <ledger event="\(recorded.sequence)" chain-hash="\(recorded.chainHash)"/>
            </manifest>

            """
        return out
    }

    static func write(_ recorded: Recorded<Transfer>, to url: URL) throws {
        try AtomicFile.write(xml(recorded).utf8, to: url)
    }
}
