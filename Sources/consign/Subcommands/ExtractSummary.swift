import ConsignWorkspace
import Foundation

/// The one line `consign extract` ends with.
struct ExtractSummary {
    let text: String

    init(_ result: ExtractResult, seconds: Double) {
        let c = result.counts
        let t = result.transfer
        let files = t.value.files.map(\.name).joined(separator: ", ")
        let rate = seconds > 0 ? Double(result.sourceBytes) / seconds / 1e6 : 0
        text =
            "extracted \(formatted(c.rows)) of \(formatted(c.records)) records (\(formatted(c.outOfScope)) out of scope, "
            + "\(formatted(c.stopped)) on the stop-use list) into \(result.package.path)/ (\(files), manifest.xml) in "
            + String(format: "%.2f s (%.0f MB/s)", seconds, rate) + "; transfer \(t.value.id) is event \(t.sequence)"
    }
}
