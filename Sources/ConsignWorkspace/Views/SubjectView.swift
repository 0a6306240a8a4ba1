import ConsignCore

/// "Who received my data?": every transfer that included one data subject, as `subject show` prints it.
public struct SubjectView: Codable, Sendable {
    /// One transfer that included the subject: when, to whom, under which agreement, what was sent.
    public struct Transfer: Codable, Sendable {
        public var id: String
        public var on: CalendarDate
        public var contractor: String
        public var contractorName: String
        public var agreement: ConsignCore.Transfer.DocumentReference?
        public var legalBasis: String
        public var purpose: String
        public var task: String
        public var forms: [String]
        public var countries: [String]
        public var receivingSubContractors: [String]
        /// Sub-contractors the agreement approved for the purpose then, which may have received the data.
        public var approvedSubContractors: [String]
        public var deletion: String

        init(_ t: ConsignCore.Transfer, contractorName: String, deletion: String) {
            id = t.id
            on = t.on
            contractor = t.contractor
            self.contractorName = contractorName
            agreement = t.agreement
            legalBasis = t.legalBasis
            purpose = t.purpose
            task = t.task.id
            forms = t.forms.map(\.description)
            countries = t.countries
            receivingSubContractors = t.receivingSubContractors
            approvedSubContractors = t.approvedSubContractors
            self.deletion = deletion
        }
    }

    public var subject: String
    public var subjectHash: String
    public var stopUse: StopUseView?
    public var erasure: StopUseView?
    public var transfers: [Transfer]

    public var text: String {
        var lines = ["subject \(subject) (keyed hash \(subjectHash)): included in \(transfers.count) transfer(s)"]
        if let stopUse { lines.append("on the stop-use list from \(stopUse.on) (\(stopUse.request.rawValue): \(stopUse.reason))") }
        if let erasure, erasure.event != stopUse?.event { lines.append("erasure requested on \(erasure.on) (\(erasure.reason))") }
        var table = TextTable(["TRANSFER", "DATE", "CONTRACTOR", "AGREEMENT", "PURPOSE", "COUNTRY", "SENT", "DELETION"])
        for t in transfers {
            table.append([
                t.id, "\(t.on)", t.contractor, t.agreement.map { "\($0.id) v\($0.version)" } ?? "none", t.purpose,
                t.countries.joined(separator: " "), t.forms.joined(separator: ", "), t.deletion,
            ])
        }
        if !transfers.isEmpty { lines.append(table.rendered) }
        return lines.joined(separator: "\n")
    }
}

/// What `subject erase` recorded, and whom to tell.
public struct ErasureView: Codable, Sendable {
    /// A contractor that received the subject's data and must be told of the erasure.
    public struct Recipient: Codable, Sendable {
        public var contractor: String
        public var legalName: String
        public var privacyContact: PrivacyContact?
        public var transfers: [String]
        public var subContractors: [String]
        public var deletion: [String]
    }

    public var subject: SubjectView
    public var event: Int
    public var on: CalendarDate
    public var recipients: [Recipient]

    public var text: String {
        var lines = [
            "erasure of subject \(subject.subject) (keyed hash \(subject.subjectHash)) recorded as event \(event), "
                + "received \(on); on the stop-use list from \(subject.stopUse?.on ?? on): every later extract leaves them out"
        ]
        if recipients.isEmpty {
            lines.append("no transfer included this subject: nobody to tell")
            return lines.joined(separator: "\n")
        }
        lines.append("tell these recipients (GDPR Art. 19; APPI Art. 35):")
        var table = TextTable(["CONTRACTOR", "NAME", "PRIVACY CONTACT", "TRANSFERS", "SUB-CONTRACTORS"])
        for r in recipients {
            let contact = r.privacyContact?.description ?? ""
            table.append([r.contractor, r.legalName, contact, r.transfers.joined(separator: " "), r.subContractors.joined(separator: " ")])
        }
        lines.append(table.rendered)
        return lines.joined(separator: "\n")
    }
}
