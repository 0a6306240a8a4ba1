import ConsignCore
import ConsignStore
import Synchronization

/// Everything the audit's rules read, as of one date: the register, every registered agreement and
/// profile version decoded, the task template each transfer used (from its recorded bytes), and the
/// transfers' subject sets matched against the stop-use list. Pure values: the rules do no I/O.
struct AuditContext {
    var register: Register
    var histories: [AgreementHistory]
    /// Registered profile versions, by contractor id and version.
    var profiles: [String: [Int: ContractorProfile]]
    /// The task templates and catalogs transfers used, by the SHA-256 of their recorded bytes.
    var tasks: [String: TaskTemplate]
    var catalogs: [String: Catalog]
    var homeCountry: String
    var asOf: CalendarDate
    /// The stop-use list's subjects found in transfers' subject sets.
    var stopUseMatches: [SubjectMatch]
    /// What the records say of each incident (its people affected, whether it must be reported).
    var incidents: [IncidentFacts] = []
    /// The subjects of people's requests found in transfers' subject sets.
    var requestMatches: [SubjectMatch] = []
    /// The catalog's days within which every recipient is told of a correction or a deletion.
    var recipientNoticeDays = Company.defaultRecipientNoticeDays
    /// The workspace catalog's floor for statistical tables now.
    var statisticsMinimum = StatisticsPolicy.defaultMinimumFrequency

    init(
        register: Register, histories: [AgreementHistory], profiles: [String: [Int: ContractorProfile]],
        tasks: [String: TaskTemplate], catalogs: [String: Catalog], homeCountry: String, asOf: CalendarDate,
        stopUseMatches: [SubjectMatch]
    ) {
        self.catalogs = catalogs
        self.register = register
        self.histories = histories
        self.profiles = profiles
        self.tasks = tasks
        self.homeCountry = homeCountry
        self.asOf = asOf
        self.stopUseMatches = stopUseMatches
        historiesByContractor = Dictionary(grouping: histories, by: \.contractor)
        var last: [String: Int] = [:]
        for version in register.agreements.values.joined() {
            last[version.registration.contractor] = max(last[version.registration.contractor] ?? 0, version.sequence)
        }
        lastAgreementRegistration = last
        var first: [String: CalendarDate] = [:]
        for recorded in register.transfers where recorded.value.on <= asOf {
            guard let agreement = recorded.value.agreement?.id else { continue }
            if first[agreement].map({ recorded.value.on < $0 }) ?? true { first[agreement] = recorded.value.on }
        }
        firstTransferOn = first
    }

    /// The date of the earliest transfer under each agreement up to the audit's date (one recorded by hand
    /// may be dated before those recorded earlier), by agreement id: one pass for every agreement's rules.
    let firstTransferOn: [String: CalendarDate]

    /// The minimum of each task, catalog and agreement the transfers used, worked out once.
    private let minima = Minima()

    /// The least cost at which the needs of `task` can be met under `agreement` (`Planner.minimum`), and
    /// the forms it sends; nil when a need cannot be met.
    func minimum(task: String, catalog: String, agreement: Agreement?) -> (forms: Set<FieldForm>, cost: Int)? {
        guard let taskDocument = tasks[task], let catalogDocument = catalogs[catalog] else { return nil }
        let key = "\(task) \(catalog) \(agreement.map { "\($0.id)#\($0.version)" } ?? "-")"
        if let known = minima.known.withLock({ $0[key] }) { return known }
        let found = Planner.minimum(catalog: catalogDocument, task: taskDocument, agreement: agreement)
        minima.known.withLock { $0[key] = .some(found) }
        return found
    }

    private final class Minima: Sendable {
        let known = Mutex<[String: (forms: Set<FieldForm>, cost: Int)?]>([:])
    }

    private let historiesByContractor: [String: [AgreementHistory]]
    /// The event that registered each contractor's newest agreement version.
    private let lastAgreementRegistration: [String: Int]

    /// A contractor's profile as the register knew it when event `sequence` was recorded: the version
    /// registered last before it.
    func profile(of contractor: String, before sequence: Int) -> ContractorProfile? {
        guard let registration = register.contractors[contractor]?.profiles.last(where: { $0.sequence < sequence }) else { return nil }
        return profiles[contractor]?[registration.registration.version]
    }

    /// A contractor's agreements as the register knew them when event `sequence` was recorded: versions
    /// registered later did not count then (DESIGN: documents count once registered).
    func histories(of contractor: String, before sequence: Int) -> [AgreementHistory] {
        let all = historiesByContractor[contractor] ?? []
        guard (lastAgreementRegistration[contractor] ?? 0) > sequence else { return all }
        return all.compactMap { history in
            let registered = register.agreements[history.id] ?? []
            let known = history.versions.filter { version in
                registered.contains { $0.registration.version == version.version && $0.sequence < sequence }
            }
            return known.isEmpty ? nil : AgreementHistory(versions: known)
        }
    }
}
