import ConsignCore
import ConsignKeys
import ConsignStore
import Foundation

/// A transfer made outside consign (on paper, from another system), as staff describe it to
/// `consign transfer record`.
public struct TransferByHand: Sendable {
    public var contractor: String
    public var task: String
    public var on: CalendarDate
    public var forms: [FieldForm]
    public var rows: Int
    /// The files handed over, if kept: their names, sizes and SHA-256 are recorded.
    public var files: [URL]
    /// A file of the ids of the subjects sent, one per line, if known: their keyed hashes are stored as an
    /// extract stores its subjects', so "who received my data?" and the stop-use check see the transfer.
    public var subjects: URL?
    public var subContractors: [String]
    public var note: String
    public var recordedBy: String
    /// How it went to the contractor, as staff say (any channel, a password ZIP too: the audit reports that).
    public var channel: DeliveryChannel?
    public var channelNote: String
    /// A disclosure without the persons' consent under an exception of APPI Art. 27(1), with the law, order or
    /// request it rests on; nil for a transfer under the agreement in force.
    public var exception: (ProvisionException, legalReference: String)?
    /// The recipient of such a disclosure when it is not a registered contractor (a court, a tax office):
    /// its name, address and representative as the record names them.
    public var recipient: (name: String, address: String, representative: String)?

    public init(
        contractor: String, task: String, on: CalendarDate, forms: [FieldForm], rows: Int, files: [URL], subjects: URL? = nil,
        subContractors: [String], note: String, recordedBy: String, channel: DeliveryChannel? = nil, channelNote: String = ""
    ) {
        self.channel = channel
        self.channelNote = channelNote
        self.contractor = contractor
        self.task = task
        self.on = on
        self.forms = forms
        self.rows = rows
        self.files = files
        self.subjects = subjects
        self.subContractors = subContractors
        self.note = note
        self.recordedBy = recordedBy
    }
}

extension Staff {
    /// Records a transfer made outside consign as it happened: the register takes it whether or not it was
    /// allowed (the audit judges it), with the agreement that was in force for the task's purpose on its
    /// date, if any, and the exact catalog and task template it refers to.
    public func record(_ made: TransferByHand) async throws -> Recorded<Transfer> {
        let documents = WorkspaceDocuments.load(workspace)
        let catalog = try documents.catalog()
        let task = try documents.task(made.task, in: workspace)
        let unknown = made.forms.filter { catalog.document.variant($0) == nil }
        if !unknown.isEmpty {
            throw InputError(TransferText.notInCatalog(unknown).text(), file: catalog.file)
        }
        guard made.rows >= 0 else { throw InputError(TransferText.rowsBelowZero.text()) }
        let files = try made.files.map { url throws(InputError) in
            let bytes = try workspace.read(url)
            return Transfer.File(name: workspace.displayPath(url), bytes: bytes.count, sha256: sha256Hex(bytes))
        }
        let subjects = try made.subjects.map { url in try subjectSet(listedIn: url, rows: made.rows) } ?? []
        if let recipient = made.recipient, made.exception == nil || recipient.name.isEmpty {
            throw InputError(TransferText.recipientOnlyForException.text())
        }
        let loadedCatalog = documents.loaded(catalog)
        let loadedTask = documents.loaded(task)
        let id = Staff.newID("T", on: made.on)
        // What the transfer records of its agreement is derived from the register as read here; the append
        // checks that no agreement of the contractor was registered since, and when one was, it is derived
        // again from the register as it then stands.
        while true {
            let snapshot = try await RegisterSnapshot.read(store, today: made.on)
            let profile = snapshot.documents.latestProfiles[made.contractor]?.document
            // The recipient of a disclosure under an exception need not be a registered contractor.
            if made.exception == nil || made.recipient == nil { _ = try snapshot.contractor(made.contractor) }
            var agreement: Agreement?
            if made.exception == nil,
                case .covered(let covering) = snapshot.agreementHistories(of: made.contractor)
                    .coverage(purpose: task.document.purpose, on: made.on)
            {
                agreement = covering
            }
            var provision: ProvisionRecord?
            if let (exception, reference) = made.exception {
                provision = ProvisionRecord(
                    transfer: id, contractor: made.contractor, basis: .exception(exception), legalReference: reference,
                    recipientName: made.recipient?.name ?? profile?.legalName ?? made.contractor,
                    recipientAddress: made.recipient?.address ?? profile?.address ?? "",
                    recipientRepresentative: made.recipient?.representative ?? profile?.representative ?? "",
                    recipientPurposes: "")
            } else if let agreement {
                provision = ProvisionRecord(
                    transfer: id, agreement: agreement, profile: profile,
                    sendsPersonalRelated: made.forms.contains { catalog.document.field($0.field)?.personalRelated ?? false })
            }
            var transfer = Transfer(
                id: id, origin: .recorded, on: made.on, contractor: made.contractor, under: agreement,
                agreementSHA256: agreement.flatMap { snapshot.registration(of: $0)?.registration.sha256 },
                task: loadedTask, catalog: loadedCatalog, forms: made.forms, rows: made.rows, files: files, package: "",
                receivingSubContractors: made.subContractors, encryption: RecordedWords.encryptionUnknown.english,
                subjects: SubjectChunks.summary(of: subjects), note: made.note,
                delivery: Transfer.Delivery(channel: made.channel, channelNote: made.channelNote))
            if let (exception, _) = made.exception { transfer.legalBasis = RecordedWords.exception(exception).english }
            FaultInjection.point("record-derived")
            do {
                guard
                    case .appended(let recorded) = try await store.append(
                        .transfer(transfer), by: Recorder(name: made.recordedBy, clock: clock),
                        documents: [loadedCatalog.bytes, loadedTask.bytes], subjects: subjects,
                        commit: TransferCommit(
                            basis: .recordedByHand(contractor: made.contractor, readThrough: snapshot.register.eventCount),
                            provision: provision))
                else { preconditionFailure("a transfer is appended or refused") }
                return Recorded(transfer, recorded)
            } catch is StaleTransferBasis {
                continue
            }
        }
    }

    /// The keyed hashes of the subjects a file lists (`SubjectList`), sorted and distinct, as an extract keeps
    /// its own; more subjects than rows sent is an input error.
    private func subjectSet(listedIn url: URL, rows: Int) throws -> [UInt64] {
        let name = workspace.displayPath(url)
        let hasher = try workspace.keys().subjectHasher()
        let hashes = try SubjectList.read(url, name: name).map { hasher.value(of: $0.key) }
        let subjects = Array(Set(hashes)).sorted()
        guard subjects.count <= rows else {
            throw InputError(TransferText.moreSubjectsThanRows(subjects: subjects.count, rows: rows).text(), file: name)
        }
        return subjects
    }
}
