import ConsignCore

/// A recorded transfer as `transfer list` and `transfer show` print it (JSON keys in snake_case), with its
/// deletion status: confirmed by a certificate, or read against the retention due date.
public struct TransferView: Codable, Sendable {
    public var id: String
    public var origin: String
    public var on: CalendarDate
    public var recordedAt: Timestamp
    public var recordedBy: String
    public var event: Int
    public var chainHash: String
    public var contractor: String
    /// Nil for a transfer recorded by hand without an agreement in force.
    public var agreement: Transfer.DocumentReference?
    public var relationship: String?
    public var legalBasis: String
    public var countries: [String]
    public var approvedSubContractors: [String]
    public var receivingSubContractors: [String]
    public var task: Transfer.DocumentReference
    public var catalog: Transfer.DocumentReference
    public var purpose: String
    public var forms: [String]
    public var rows: Int
    public var files: [Transfer.File]
    public var package: String
    public var encryption: String
    public var retentionDue: CalendarDate
    public var subjects: Transfer.SubjectSet
    public var note: String
    /// `confirmed on DATE`, `not confirmed (due DATE)`, or `overdue (due DATE)` once that date has passed.
    public var deletion: String
    public var deletionCertificate: Evaluation.Evidence?

    public init(_ recorded: Recorded<Transfer>, deletion confirmation: DeletionConfirmation?, today: CalendarDate) {
        let t = recorded.value
        id = t.id
        origin = t.origin.rawValue
        on = t.on
        recordedAt = recorded.recordedAt
        recordedBy = recorded.recordedBy
        event = recorded.sequence
        chainHash = recorded.chainHash
        contractor = t.contractor
        agreement = t.agreement
        relationship = t.relationship?.rawValue
        legalBasis = t.legalBasis
        countries = t.countries
        approvedSubContractors = t.approvedSubContractors
        receivingSubContractors = t.receivingSubContractors
        task = t.task
        catalog = t.catalog
        purpose = t.purpose
        forms = t.forms.map(\.description)
        rows = t.rows
        files = t.files
        package = t.package
        encryption = t.encryption
        retentionDue = t.retentionDue
        subjects = t.subjects
        note = t.note
        deletion = TransferView.deletionStatus(t, confirmation, today: today)
        deletionCertificate = confirmation?.certificate
    }

    /// `confirmed on DATE`, `not confirmed (due DATE)`, or `overdue (due DATE)` once that date has passed.
    static func deletionStatus(_ t: Transfer, _ confirmation: DeletionConfirmation?, today: CalendarDate) -> String {
        if let confirmation { return "confirmed on \(confirmation.on)" }
        return today > t.retentionDue ? "overdue (due \(t.retentionDue))" : "not confirmed (due \(t.retentionDue))"
    }

    public static func table(_ views: [TransferView]) -> String {
        var table = TextTable(["TRANSFER", "DATE", "CONTRACTOR", "TASK", "ROWS", "AGREEMENT", "DELETION"])
        for v in views {
            table.append([
                v.id, "\(v.on)", v.contractor, v.task.id, thousands(v.rows), v.agreementName,
                v.deletion,
            ])
        }
        return table.rendered
    }

    var agreementName: String { agreement.map { "\($0.id) v\($0.version)" } ?? "none" }

    public var text: String {
        var lines = [
            "transfer \(id) (\(origin)) on \(on), event \(event), recorded \(recordedAt) by \(recordedBy)",
            "contractor \(contractor); "
                + (agreement.map { "agreement \($0.id) v\($0.version) (\(relationship ?? ""), sha256 \($0.sha256.prefix(12))…)" }
                    ?? "no agreement in force"),
            "legal basis: \(legalBasis); countries: \(countries.joined(separator: ", "))",
            "task \(task.id) v\(task.version), purpose \(purpose); catalog \(catalog.id) v\(catalog.version)",
            "sent: \(forms.joined(separator: ", "))",
            "rows \(thousands(rows)); subjects \(thousands(subjects.count)) (sha256 \(subjects.sha256.prefix(12))…)",
        ]
        if !approvedSubContractors.isEmpty {
            lines.append("sub-contractors approved for the purpose: \(approvedSubContractors.joined(separator: ", "))")
        }
        if !receivingSubContractors.isEmpty {
            lines.append("sub-contractors receiving it: \(receivingSubContractors.joined(separator: ", "))")
        }
        for file in files { lines.append("file \(file.name): \(thousands(file.bytes)) bytes, sha256 \(file.sha256)") }
        if !package.isEmpty { lines.append("package \(package)") }
        lines.append(
            "deletion: \(deletion)"
                + (deletionCertificate.map { " (certificate \($0.file), sha256 \($0.sha256))" } ?? ""))
        if !note.isEmpty { lines.append("note: \(note)") }
        lines.append("chain hash \(chainHash)")
        return lines.joined(separator: "\n")
    }
}
