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
        var lines = [SubjectText.includedIn(subject: subject, hash: subjectHash, transfers: transfers.count).text()]
        if let stopUse {
            lines.append(SubjectText.onStopUseList(from: stopUse.on, stopUse.request, reason: stopUse.reason).text())
        }
        if let erasure, erasure.event != stopUse?.event {
            lines.append(SubjectText.erasureRequested(on: erasure.on, reason: erasure.reason).text())
        }
        let columns: [SubjectText.Column] = [.transfer, .date, .contractor, .agreement, .purpose, .country, .sent, .deletion]
        var table = TextTable(columns.map { SubjectText.column($0).text() })
        for t in transfers {
            table.append([
                t.id, "\(t.on)", t.contractor, TransferText.agreement(t.agreement).text(), t.purpose,
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
    /// The erasure request in the request register, and the day it was answered.
    public var request: String
    public var answered: CalendarDate
    public var answerEvent: Int
    public var recipients: [Recipient]

    public var text: String {
        var lines = [
            SubjectText.erasureRecorded(
                subject: subject.subject, hash: subject.subjectHash, event: event, received: on,
                stopUseFrom: subject.stopUse?.on ?? on
            ).text(),
            RequestText.answerRecorded(id: request, on: answered, event: answerEvent).text(),
        ]
        if recipients.isEmpty {
            lines.append(SubjectText.nobodyToTell.text())
            return lines.joined(separator: "\n")
        }
        lines.append(SubjectText.tellRecipients(request: request).text())
        var table = TextTable(
            [.contractor, .name, .privacyContact, .transfers, .subContractors].map { SubjectText.column($0).text() })
        for r in recipients {
            let contact = r.privacyContact?.description ?? ""
            table.append([r.contractor, r.legalName, contact, r.transfers.joined(separator: " "), r.subContractors.joined(separator: " ")])
        }
        lines.append(table.rendered)
        return lines.joined(separator: "\n")
    }
}
