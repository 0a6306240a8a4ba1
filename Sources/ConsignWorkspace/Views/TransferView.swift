import ConsignCore

/// A recorded transfer as `transfer list` and `transfer show` print it (JSON keys in snake_case), with its
/// deletion status: confirmed by a certificate, or read against the retention due date.
public struct TransferView: Codable, Sendable {
    public var id: String
    public var origin: Transfer.Origin
    public var on: CalendarDate
    public var recordedAt: Timestamp
    public var recordedBy: String
    public var event: Int
    public var chainHash: String
    public var contractor: String
    /// Nil for a transfer recorded by hand without an agreement in force.
    public var agreement: Transfer.DocumentReference?
    public var relationship: Agreement.Relationship?
    /// As the register records it, in English (`RecordedWords`); `text` shows it in the language chosen.
    public var legalBasis: String
    public var countries: [String]
    public var approvedSubContractors: [String]
    public var receivingSubContractors: [String]
    public var task: Transfer.DocumentReference
    public var catalog: Transfer.DocumentReference
    public var purpose: String
    public var forms: [String]
    /// The fields of special care among them (APPI 要配慮個人情報).
    public var specialCare: [String]
    public var rows: Int
    /// The table an extract read, with the rows it read; nil for a file.
    public var source: Transfer.Source?
    public var files: [Transfer.File]
    public var package: String
    public var encryption: String
    /// The key the files were encrypted to, the channel and what staff said of it, the pseudonym generation.
    public var delivery: DeliveryView
    public var retentionDue: CalendarDate
    public var subjects: Transfer.SubjectSet
    public var note: String
    /// `confirmed on DATE`, `not confirmed (due DATE)`, or `overdue (due DATE)` once that date has passed, in
    /// the language chosen.
    public var deletion: String
    public var deletionCertificate: Evaluation.Evidence?

    public init(_ recorded: Recorded<Transfer>, deletion confirmation: DeletionConfirmation?, today: CalendarDate) {
        let t = recorded.value
        id = t.id
        origin = t.origin
        on = t.on
        recordedAt = recorded.recordedAt
        recordedBy = recorded.recordedBy
        event = recorded.sequence
        chainHash = recorded.chainHash
        contractor = t.contractor
        agreement = t.agreement
        relationship = t.relationship
        legalBasis = t.legalBasis
        countries = t.countries
        approvedSubContractors = t.approvedSubContractors
        receivingSubContractors = t.receivingSubContractors
        task = t.task
        catalog = t.catalog
        purpose = t.purpose
        forms = t.forms.map(\.description)
        specialCare = t.specialCare
        rows = t.rows
        source = t.source
        files = t.files
        package = t.package
        encryption = t.encryption
        delivery = DeliveryView(
            recipientFingerprint: t.delivery.recipientFingerprint, channel: t.delivery.channel?.rawValue,
            channelNote: t.delivery.channelNote, pseudonymGeneration: t.delivery.pseudonymGeneration)
        retentionDue = t.retentionDue
        subjects = t.subjects
        note = t.note
        deletion = TransferView.deletionStatus(t, confirmation, today: today)
        deletionCertificate = confirmation?.certificate
    }

    /// `confirmed on DATE`, `not confirmed (due DATE)`, or `overdue (due DATE)` once that date has passed.
    static func deletionStatus(_ t: Transfer, _ confirmation: DeletionConfirmation?, today: CalendarDate) -> String {
        let status: TransferText =
            if let confirmation { .confirmed(on: confirmation.on) }
            else if today > t.retentionDue { .overdue(due: t.retentionDue) }
            else { .notConfirmed(due: t.retentionDue) }
        return status.text()
    }

    /// One line a transfer, ending with who recorded it: on a shared register, the database login.
    public static func table(_ views: [TransferView]) -> String {
        var table = TextTable(
            [.transfer, .date, .contractor, .task, .rows, .agreement, .deletion, .recordedBy].map { TransferText.column($0).text() })
        for v in views {
            table.append([
                v.id, "\(v.on)", v.contractor, v.task.id, thousands(v.rows), TransferText.agreement(v.agreement).text(),
                v.deletion, v.recordedBy,
            ])
        }
        return table.rendered
    }

    public var text: String {
        var lines: [TransferText] = [
            .heading(transfer: id, origin, on: on, event: event, recordedAt: recordedAt, by: recordedBy),
            .contractorLine(contractor: contractor, agreement: agreement, relationship),
            .legalBasisLine(recorded: legalBasis, countries: countries),
            .taskLine(task: task, purpose: purpose, catalog: catalog),
            .sent(forms: forms),
        ]
        if !specialCare.isEmpty { lines.append(.specialCare(specialCare)) }
        lines += [
            .rowsLine(rows: thousands(rows), subjects: thousands(subjects.count), sha256: subjects.sha256),
        ]
        if let source { lines.append(.sourceTable(table: source.table, records: thousands(source.records))) }
        if !approvedSubContractors.isEmpty { lines.append(.approvedSubContractors(approvedSubContractors)) }
        if !receivingSubContractors.isEmpty { lines.append(.receivingSubContractors(receivingSubContractors)) }
        for file in files { lines.append(.file(name: file.name, bytes: thousands(file.bytes), sha256: file.sha256)) }
        if !package.isEmpty { lines.append(.package(package)) }
        if let fingerprint = delivery.recipientFingerprint { lines.append(.encryptedTo(format: encryption, fingerprint: fingerprint)) }
        if let channel = delivery.channel { lines.append(.channel(channel, note: delivery.channelNote)) }
        lines.append(.deletionLine(status: deletion, certificate: deletionCertificate))
        if !note.isEmpty { lines.append(.note(note)) }
        lines.append(.chainHash(chainHash))
        return lines.map { $0.text() }.joined(separator: "\n")
    }
}

/// How a transfer's package was protected and sent, as `transfer show --format json` gives it.
public struct DeliveryView: Codable, Sendable {
    public var recipientFingerprint: String?
    public var channel: String?
    public var channelNote: String
    public var pseudonymGeneration: Int
}
