import ConsignCore
import ConsignKeys
import ConsignPostgres
import ConsignSQLite
import ConsignStore
import Foundation

/// `consign db import`: a workspace's embedded register copied into an empty shared one, unchanged — each
/// event's own bytes (so its original time and operator), its subject set and the documents it refers to,
/// in one transaction as the schema's owner — after which the copy verifies with the same head.
public enum RegisterCopy {
    /// Copies the workspace's SQLite register into the empty register at `location`; returns the events
    /// copied and the head both now have.
    public static func copy(_ workspace: Workspace, to location: PostgresLocation) async throws -> (events: Int, head: String) {
        guard workspace.isInitialized else { throw workspace.notAWorkspace }
        let chain = try LedgerChain(keys: try workspace.keys())
        let source = try SQLiteRegisterStore(url: workspace.registerFile, chain: chain)
        let verification = try await LedgerVerification.verify(source, chain: source.chain, anchors: [])
        if let broken = verification.breaks.first {
            throw InputError(DatabaseText.importSourceBroken(file: workspace.registerFile.path, reason: broken.message).text())
        }
        let stored = try await source.readLedger(after: 0) { StoredCopy() }.flatMap { $0 }
        var documents: [[UInt8]] = []
        for sha256 in Set(stored.flatMap(\.documents)).sorted() {
            if let bytes = try await source.document(sha256: sha256) { documents.append(bytes) }
        }
        let target = try await PostgresRegisterStore.open(location, chain: chain)
        let existing = try await target.ledgerHead().count
        guard existing == 0 else {
            throw InputError(DatabaseText.importTargetNotEmpty(database: location.database, events: existing).text())
        }
        _ = try await target.appendAsRecorded(stored.map(\.event), subjects: stored.map(\.subjects), documents: documents)
        let copied = try await LedgerVerification.verify(target, chain: target.chain, anchors: [])
        guard copied.breaks.isEmpty, copied.head == verification.head, copied.count == verification.count else {
            throw CorruptRegister(description: DatabaseText.importDiffers(event: copied.breaks.first?.events.first ?? copied.count).text())
        }
        return (copied.count, copied.head)
    }

    /// An event as stored, decoded, with its subject set and the SHA-256s of the documents it names.
    struct Event: Sendable {
        var event: RegisterEvent
        var subjects: [UInt64]
        var documents: [String]
    }

    /// Reads a stretch into events whose re-encoding is their stored bytes: the copy is chained over the
    /// re-encoded record, so an event that would come out different is refused rather than copied changed.
    struct StoredCopy: LedgerReader {
        static var readsEvents: Bool { true }
        static var readsSubjectChunks: Bool { true }
        var events: [Event] = []
        /// Where each sequence's event is in `events`.
        var index: [Int: Int] = [:]
        var failure: Int?

        mutating func begin(_ stretch: LedgerStretch) {}

        mutating func event(_ stored: StoredEvent) -> Bool {
            let body = Array(stored.body)
            guard let event = RegisterEvent(bytes: body), event.record.bytes == body, let record = CanonicalRecord(bytes: body)
            else {
                failure = failure ?? stored.sequence
                return false
            }
            let documents = record.pairs.filter { $0.key.hasSuffix("sha256") }.map(\.value)
            index[stored.sequence] = events.count
            events.append(Event(event: event, subjects: [], documents: documents))
            return true
        }

        mutating func subjectChunk(event: Int, firstHash: UnsafeRawBufferPointer, hashes: UnsafeRawBufferPointer) {
            guard let index = index[event] else { return }
            for offset in stride(from: 0, to: hashes.count - 7, by: 8) {
                events[index].subjects.append(hashes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).bigEndian)
            }
        }

        func end() throws -> [Event] {
            if let failure { throw CorruptRegister(description: DatabaseText.importDiffers(event: failure).text()) }
            return events
        }
    }
}
