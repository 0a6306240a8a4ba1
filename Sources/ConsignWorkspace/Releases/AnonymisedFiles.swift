import ConsignCore
import ConsignPipeline
import Foundation

/// The files of an anonymised release: `data.csv` (the rows, in a random order, formula-guarded), a notice per
/// notice recorded (Japanese, a blank line, English), and `manifest.xml`: everything the release's events record,
/// the k and l reached, with the events' positions and chain hashes.
enum AnonymisedFiles {
    static let dataName = "data.csv"
    static let manifestName = "manifest.xml"
    /// The root element of the manifest, which says what kind of release the folder is.
    static let manifestElement = "anonymised-release"

    static func noticeName(_ kind: AnonymisedNotice.Kind) -> String { "NOTICE-\(kind.rawValue).txt" }

    static func notice(
        _ kind: AnonymisedNotice.Kind, company: String, recipient: String, on: CalendarDate, release: String,
        items: [AnonymisedRelease.Item]
    ) -> [UInt8] {
        let text: AnonymisationText =
            switch kind {
            case .creation: .creationNotice(company: company, on: on, release: release, items: items)
            case .provision: .provisionNotice(company: company, on: on, release: release, items: items)
            case .recipient: .recipientNotice(company: company, recipient: recipient, on: on, release: release)
            }
        return Array([Language.ja, .en].map { text.text($0) }.joined(separator: "\n").utf8)
    }

    static func manifest(
        _ recorded: Recorded<AnonymisedRelease>, notices: ArraySlice<RecordedEvent>, counts: ScopeCounts,
        csvEncoding: CSVEncoding
    ) -> [UInt8] {
        let r = recorded.value
        var out = manifestHead(recorded)
        out += ReleaseFiles.recordsLine(counts, then: recordsTail(r)) + "\n"
        out += protectionLines(r).map { $0 + "\n" }.joined()
        out += "  <items>\n"
        out += itemLines(r).map { $0 + "\n" }.joined()
        out += "  </items>\n  <notices>\n"
        for notice in notices {
            guard case .anonymisedNotice(let n) = notice.event.payload else { continue }
            out += "    <notice kind=\"\(n.kind.rawValue)\" file=\"\(ReleaseFiles.escaped(n.files[0].name))\" event=\"\(notice.sequence)\"/>\n"
        }
        out += "  </notices>\n"
        return Array((out + ReleaseFiles.manifestTail(manifestElement, files: r.files, csvEncoding: csvEncoding, recorded: recorded)).utf8)
    }

    /// The attributes of an anonymised release's line of records after those its command counted.
    static func recordsTail(_ r: AnonymisedRelease) -> String {
        "in-scope=\"\(r.rows)\" suppressed=\"\(r.suppressed)\" published=\"\(r.rows - r.suppressed)\""
    }

    /// The k required and reached, and the l where the task asks for one.
    static func protectionLines(_ r: AnonymisedRelease) -> [String] {
        ["  <k required=\"\(r.k)\" achieved=\"\(r.achievedK)\"/>"] + (r.l > 0 ? ["  <l required=\"\(r.l)\" achieved=\"\(r.achievedL)\"/>"] : [])
    }

    static func itemLines(_ r: AnonymisedRelease) -> [String] {
        return r.items.map { "    <item name=\"\(ReleaseFiles.escaped($0.name))\" field=\"\(ReleaseFiles.escaped($0.fieldForm.field))\" form=\"\($0.fieldForm.form)\"/>" }
    }

    /// What of an anonymised release's manifest, between its head and its tail, the event decides.
    static func manifestMiddle(_ r: AnonymisedRelease) -> ReleaseManifestMiddle {
        ReleaseManifestMiddle(
            records: r.records, taken: r.rows, stopped: r.stopped, recordsTail: recordsTail(r),
            lines: protectionLines(r) + itemLines(r), openings: [])
    }

    /// The start of an anonymised release's manifest, all of it from the release's event.
    static func manifestHead(_ recorded: Recorded<AnonymisedRelease>) -> String {
        let r = recorded.value
        return ReleaseFiles.manifestHead(
            manifestElement, id: r.id, recorded: recorded, on: r.on, task: (r.task, r.taskVersion, r.taskSHA256),
            catalogSHA256: r.catalogSHA256, contractor: r.contractor, agreement: (r.agreement, r.agreementVersion))
    }
}
