import ConsignCore
import ConsignKeys
import ConsignSQLite
import ConsignStore
import Crypto
import Foundation
import GRDB
import Testing

/// The SQLite register: append-only at the database level, and chained with keys derived as DESIGN says.
@Suite struct RegisterStoreTests {
    let directory: URL
    let key: MasterKey
    let store: SQLiteRegisterStore

    init() throws {
        directory = try temporaryDirectory("consign-store")
        key = try MasterKey.create(at: directory.appending(path: "master.key"))
        store = try SQLiteRegisterStore(url: directory.appending(path: "register.sqlite"), masterKey: key)
    }

    static let at = Timestamp("2026-11-18T11:06:40Z")!
    static let recorder = Recorder(name: "test", clock: WallClock(fixed: at))

    func registerContractor(_ id: String, bytes: [UInt8] = Array("<contractor/>".utf8)) async throws -> AppendResult {
        let registration = DocumentRegistration(
            contractor: id, documentID: id, version: 1, sha256: sha256Hex(bytes), file: "\(id).xml")
        return try await store.append(
            .contractorRegistered(registration), by: Self.recorder, documents: [bytes], subjects: [], commit: nil)
    }

    func appendSome() async throws {
        _ = try await registerContractor("hayate-transport")
        _ = try await registerContractor("sakura-mailing", bytes: Array("<contractor id='s'/>".utf8))
        _ = try await store.record(
            .statusChanged(StatusChange(contractor: "sakura-mailing", status: .suspended, on: CalendarDate("2026-11-18")!, note: "x")),
            by: Self.recorder)
    }

    /// A raw connection, as someone bypassing consign would open it.
    func rawDatabase() throws -> DatabaseQueue { try DatabaseQueue(path: directory.appending(path: "register.sqlite").path) }

    func rows() throws -> [Row] {
        try rawDatabase().read { try Row.fetchAll($0, sql: "SELECT * FROM event ORDER BY sequence") }
    }

    @Test func eventsComeBackInChainOrderWithTheirDocuments() async throws {
        try await appendSome()
        let events = try await store.events()
        #expect(events.map(\.sequence) == [1, 2, 3])
        #expect(events.map(\.event.kind) == ["contractor-registered", "contractor-registered", "contractor-status"])
        let sha = sha256Hex(Array("<contractor/>".utf8))
        #expect(try await store.document(sha256: sha) == Array("<contractor/>".utf8))
        #expect(try await store.document(sha256: String(repeating: "0", count: 64)) == nil)
    }

    @Test(arguments: [
        "UPDATE event SET body = X'00' WHERE sequence = 2",
        "UPDATE event SET chain_hash = 'ff' WHERE sequence = 1",
        "DELETE FROM event WHERE sequence = 3",
        "DELETE FROM event",
        "INSERT OR REPLACE INTO event (sequence, kind, contractor, body, chain_hash) VALUES (2, 'x', 'y', X'01', 'z')",
        "REPLACE INTO event (sequence, kind, contractor, body, chain_hash) VALUES (1, 'x', 'y', X'01', 'z')",
        "INSERT INTO event (sequence, kind, contractor, body, chain_hash) VALUES (5, 'x', 'y', X'01', 'z')",
        "UPDATE document SET bytes = X'00'",
        "DELETE FROM document",
        "INSERT OR REPLACE INTO document (sha256, bytes) SELECT sha256, X'00' FROM document LIMIT 1",
    ])
    func theDatabaseRefusesToChangeTheLog(sql: String) async throws {
        try await appendSome()
        let before = try rows()
        let documentsBefore = try rawDatabase().read { try Row.fetchAll($0, sql: "SELECT * FROM document ORDER BY sha256") }
        #expect(throws: DatabaseError.self) { try rawDatabase().write { try $0.execute(sql: sql) } }
        #expect(try rows() == before)
        #expect(try rawDatabase().read { try Row.fetchAll($0, sql: "SELECT * FROM document ORDER BY sha256") } == documentsBefore)
    }

    /// The chain, recomputed here from the key file with an independent HKDF (RFC 5869) and HMAC, equals
    /// the stored hashes.
    @Test func theChainIsHMACOverThePreviousHashSequenceAndBodyWithTheDerivedLedgerKey() async throws {
        try await appendSome()
        let master = try #require(FileManager.default.contents(atPath: directory.appending(path: "master.key").path))
        let ledgerKey = rfc5869(ikm: [UInt8](master), salt: Array("consign/v1".utf8), info: Array("ledger".utf8), length: 32)
        #expect(key.derive("ledger").withUnsafeBytes { Array($0) } == ledgerKey)
        let stateKey = rfc5869(ikm: [UInt8](master), salt: Array("consign/v1".utf8), info: Array("derived-state".utf8), length: 32)
        #expect(key.derive("derived-state").withUnsafeBytes { Array($0) } == stateKey)
        var previous = [UInt8](repeating: 0, count: 32)
        for row in try rows() {
            let sequence: Int64 = row["sequence"]
            let body: Data = row["body"]
            let message = previous + (0..<8).map { UInt8(truncatingIfNeeded: UInt64(sequence) >> (56 - 8 * $0)) } + [UInt8](body)
            let expected = hmacSHA256(key: ledgerKey, message: message)
            #expect(row["chain_hash"] == hexString(expected))
            previous = expected
        }
    }

    @Test func theIndependentHKDFMatchesRFC5869TestCase1() {
        let okm = rfc5869(
            ikm: [UInt8](repeating: 0x0b, count: 22), salt: Array(0x00...0x0c), info: Array(0xf0...0xf9), length: 42)
        #expect(
            hexString(okm)
                == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    @Test func derivedKeysDifferByPurposeAndContractor() {
        let keys = ["ledger", "subject", "derived-state", "pseudonym:hayate-transport", "pseudonym:sakura-mailing"].map {
            key.derive($0).withUnsafeBytes { Array($0) }
        }
        #expect(Set(keys).count == 5)
    }

    @Test func theKeyFileIsOwnerOnlyAndALooserOneIsRefused() throws {
        let path = directory.appending(path: "master.key").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(FileManager.default.contents(atPath: path)?.count == 32)
        _ = try MasterKey.load(from: directory.appending(path: "master.key"))
        chmod(path, 0o644)
        #expect(throws: InputError.self) { try MasterKey.load(from: directory.appending(path: "master.key")) }
        chmod(path, 0o600)
        #expect(throws: InputError.self) { try MasterKey.create(at: directory.appending(path: "master.key")) }
    }

    @Test func theSameRegistrationTwiceAppendsOnceAndDifferentBytesAreRefused() async throws {
        guard case .appended = try await registerContractor("c") else {
            Issue.record("first registration not appended")
            return
        }
        guard case .alreadyRegistered = try await registerContractor("c") else {
            Issue.record("second registration appended")
            return
        }
        await #expect(throws: Refusal.self) { try await registerContractor("c", bytes: Array("<other/>".utf8)) }
        #expect(try await store.events().count == 1)
    }

    /// Appends from many tasks at once keep one linear chain.
    @Test func concurrentAppendsKeepOneLinearChain() async throws {
        _ = try await registerContractor("c")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask { [store] in
                    _ = try await store.record(
                        .evaluated(Evaluation(contractor: "c", kind: .periodic, result: .pass, on: CalendarDate("2026-11-18")!, note: "\(i)")),
                        by: Recorder(name: "t\(i)", clock: WallClock(fixed: Self.at)))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.events().map(\.sequence) == Array(1...21))
    }
}

func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
    Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
}

/// HKDF-SHA-256 written from RFC 5869 (extract, then expand), independent of swift-crypto's HKDF.
func rfc5869(ikm: [UInt8], salt: [UInt8], info: [UInt8], length: Int) -> [UInt8] {
    let prk = hmacSHA256(key: salt, message: ikm)
    var okm: [UInt8] = []
    var block: [UInt8] = []
    var counter: UInt8 = 1
    while okm.count < length {
        block = hmacSHA256(key: prk, message: block + info + [counter])
        okm += block
        counter += 1
    }
    return Array(okm.prefix(length))
}

func hexString(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
