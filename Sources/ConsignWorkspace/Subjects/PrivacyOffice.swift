import ConsignCore
import ConsignStore
import Foundation

/// The privacy officer's work on data subjects' requests. The register knows a subject only by its
/// keyed hash (`SubjectHasher`), never by the subject key itself.
public struct PrivacyOffice: Sendable {
    public let workspace: Workspace
    public let store: SQLiteRegisterStore
    public let clock: Clock
    public let recordedBy: String

    public init(workspace: Workspace, store: SQLiteRegisterStore, clock: Clock, recordedBy: String) {
        self.workspace = workspace
        self.store = store
        self.clock = clock
        self.recordedBy = recordedBy
    }

    /// Puts a subject on the stop-use list from the date the request was received (default today):
    /// every later extract leaves them out.
    @discardableResult
    public func stopUse(subjectKey: String, reason: String, on date: CalendarDate?) async throws -> RecordedEvent {
        try await stopUse(subjectKeys: [subjectKey], reason: reason, on: date)[0]
    }

    /// Puts several subjects on the list in one transaction (a list of requests received together): all of
    /// them, or none when any is empty or already listed.
    public func stopUse(subjectKeys: [String], reason: String, on date: CalendarDate?) async throws -> [RecordedEvent] {
        guard !subjectKeys.contains(where: \.isEmpty) else { throw InputError("a subject id is empty") }
        let hasher = try MasterKey.load(from: workspace.keyFile).subjectHasher
        let on = try date ?? workspace.today(clock)
        let stops = subjectKeys.map { RegisterEvent.Payload.stopUse(StopUse(subject: hasher.hash($0), on: on, reason: reason)) }
        return try await store.record(stops, at: clock.now, by: recordedBy)
    }

    /// The stop-use list, oldest request first.
    public func stopped() async throws -> [StopUseView] {
        let register = try await store.register()
        return register.stopUse.values.sorted { ($0.value.on, $0.sequence) < ($1.value.on, $1.sequence) }.map {
            StopUseView(
                subjectHash: $0.value.subject, on: $0.value.on, reason: $0.value.reason, recordedAt: $0.recordedAt,
                recordedBy: $0.recordedBy)
        }
    }
}

/// One entry of the stop-use list as `subject stopped` prints it.
public struct StopUseView: Codable, Sendable {
    public var subjectHash: String
    public var on: CalendarDate
    public var reason: String
    public var recordedAt: Timestamp
    public var recordedBy: String

    public static func table(_ views: [StopUseView]) -> String {
        var table = TextTable(["SUBJECT (KEYED HASH)", "RECEIVED", "REASON", "RECORDED"])
        for v in views { table.append([v.subjectHash, "\(v.on)", v.reason, "\(v.recordedAt) by \(v.recordedBy)"]) }
        return table.rendered
    }
}
