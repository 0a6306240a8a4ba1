/// What a transfer rested on when it was prepared, for the check inside the append that commits it
/// (`Register.recheck`): the register may have moved on while the extract ran.
public enum TransferBasis: Sendable {
    /// An extract: the plan's inputs and the agreement it chose. Any event recorded since that takes
    /// away what the plan relied on refuses the transfer.
    case plan(PlanBasis)
    /// A transfer recorded by hand: never refused for a violation (the audit judges it), but the agreement,
    /// legal basis and sub-contractors it records were derived from the register as of `readThrough`, and
    /// must be those of the register at the commit.
    case recordedByHand(contractor: String, readThrough: Int)
}

/// What a plan relied on.
public struct PlanBasis: Sendable {
    /// The planner's inputs: the catalog, the task, the contractor as the register knew it, its agreements,
    /// the date.
    public var request: PlanRequest
    /// The agreement the plan sends under.
    public var agreement: (id: String, version: Int)
    /// The last event the plan read.
    public var readThrough: Int
    /// The calendar date of an instant in the workspace's time zone (the commit's date is the transfer's).
    public var calendar: @Sendable (Timestamp) -> CalendarDate

    public init(
        request: PlanRequest, agreement: (id: String, version: Int), readThrough: Int,
        calendar: @escaping @Sendable (Timestamp) -> CalendarDate
    ) {
        self.request = request
        self.agreement = agreement
        self.readThrough = readThrough
        self.calendar = calendar
    }
}

/// The agreements a transfer recorded by hand was derived from have changed since: derive it again from
/// the register as it now stands (`Staff.record` does, at once).
public struct StaleTransferBasis: Error, Sendable {
    public var event: Int
}

extension Register {
    /// Checks, inside the append that commits `transfer` at `time`, that the register still allows what its
    /// basis relied on. For a plan: the commit's date is the plan's; no agreement or profile version of the
    /// contractor was registered since, nor, for an encrypted transfer, a delivery key, nor, for one that sends
    /// pseudonyms, a new generation of the pseudonym keys; the contractor's status and evaluations, the agreement in force and what it
    /// allows for the task (`Planner.standing`) still admit it; and no subject it sends asked to stop use
    /// or erasure since. `subjects` are the transfer's keyed subject hashes, sorted.
    public func recheck(_ transfer: Transfer, subjects: [UInt64], basis: TransferBasis, at time: Timestamp) throws {
        switch basis {
        case .recordedByHand(let contractor, let readThrough):
            if let amended = agreementRegistered(of: contractor, after: readThrough) {
                throw StaleTransferBasis(event: amended.sequence)
            }
        case .plan(let plan):
            try recheck(transfer, subjects: subjects, plan: plan, at: time)
        }
    }

    private func recheck(_ transfer: Transfer, subjects: [UInt64], plan: PlanBasis, at time: Timestamp) throws {
        func refused(_ recheck: Message.Recheck) -> Refusal {
            Refusal(Message.planMoved(transfer: transfer.id, readThrough: plan.readThrough, recheck).text())
        }
        let committing = plan.calendar(time)
        guard committing == plan.request.on else { throw refused(.dateChanged(planned: plan.request.on, committing: committing)) }
        if let amended = agreementRegistered(of: transfer.contractor, after: plan.readThrough) {
            throw refused(
                .agreementRegistered(
                    agreement: amended.registration.documentID, version: amended.registration.version, event: amended.sequence))
        }
        if let profile = contractors[transfer.contractor]?.profiles.last(where: { $0.sequence > plan.readThrough }) {
            throw refused(
                .profileRegistered(contractor: transfer.contractor, version: profile.registration.version, event: profile.sequence))
        }
        if transfer.delivery.recipientFingerprint != nil,
            let key = contractors[transfer.contractor]?.keys.last(where: { $0.sequence > plan.readThrough })
        {
            throw refused(.keyRegistered(contractor: transfer.contractor, event: key.sequence))
        }
        if transfer.forms.contains(where: { $0.form == .hmac }), let rotation = pseudonymRotations.last,
            rotation.value.generation != transfer.delivery.pseudonymGeneration
        {
            throw refused(.pseudonymsRotated(generation: rotation.value.generation, event: rotation.sequence))
        }
        var request = plan.request
        request.contractor = contractors[transfer.contractor] ?? ContractorRecord(id: transfer.contractor)
        let (agreement, reasons) = Planner.standing(request)
        if !reasons.isEmpty {
            throw refused(.standing(events: events(about: transfer.contractor, after: plan.readThrough), reasons: reasons.map(\.message)))
        }
        if let agreement, (agreement.id, agreement.version) != plan.agreement {
            throw refused(
                .agreementReplaced(
                    now: agreement.id, nowVersion: agreement.version, planned: plan.agreement.id,
                    plannedVersion: plan.agreement.version, purpose: request.task.purpose))
        }
        let stopped = stopUseRequests(after: plan.readThrough).filter { request in
            UInt64(request.value.subject, radix: 16).map { subjects.containsSorted($0) } ?? false
        }
        if !stopped.isEmpty {
            throw refused(.subjectsStopped(count: Set(stopped.map(\.value.subject)).count, events: stopped.map(\.sequence)))
        }
        if transfer.relationship == .provision {
            let unprovided = stopProvisionRequests(after: plan.readThrough).filter { request in
                UInt64(request.value.subject, radix: 16).map { subjects.containsSorted($0) } ?? false
            }
            if !unprovided.isEmpty {
                throw refused(.provisionStopped(count: Set(unprovided.map(\.value.subject)).count, events: unprovided.map(\.sequence)))
            }
        }
    }

    /// The newest agreement version of `contractor` registered after event `sequence`, if any.
    func agreementRegistered(of contractor: String, after sequence: Int) -> RegisteredDocument? {
        agreements.values.joined().filter { $0.registration.contractor == contractor && $0.sequence > sequence }
            .max { $0.sequence < $1.sequence }
    }

    /// The status changes and evaluations of a contractor recorded after event `sequence`.
    private func events(about contractor: String, after sequence: Int) -> [Int] {
        guard let record = contractors[contractor] else { return [] }
        return (record.statusChanges.map(\.sequence) + record.evaluations.map(\.sequence)).filter { $0 > sequence }.sorted()
    }

    /// Requests to stop providing the data to third parties recorded after event `sequence`, in chain order.
    private func stopProvisionRequests(after sequence: Int) -> [Recorded<SubjectRequest>] {
        requests.values.filter { $0.value.kind == .stopProvision && $0.sequence > sequence }.sorted { $0.sequence < $1.sequence }
    }

    /// The subjects who asked, on or before `date`, that their data no longer be provided to third parties.
    public func stopProvisionSubjects(on date: CalendarDate) -> [UInt64] {
        requests.values.filter { $0.value.kind == .stopProvision && $0.value.received <= date }
            .compactMap { UInt64($0.value.subject, radix: 16) }
    }

    /// Stop-use and erasure requests recorded after event `sequence`, in chain order.
    private func stopUseRequests(after sequence: Int) -> [Recorded<StopUse>] {
        (stopUse.values.filter { $0.sequence > sequence } + erasures.values.filter { $0.sequence > sequence })
            .sorted { $0.sequence < $1.sequence }
    }
}

extension Array where Element == UInt64 {
    /// Whether a sorted array holds `value` (binary search).
    func containsSorted(_ value: UInt64) -> Bool {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == value
    }
}
