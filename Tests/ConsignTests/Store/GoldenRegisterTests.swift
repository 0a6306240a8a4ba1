import ConsignCore
import ConsignKeys
import ConsignStore
import Foundation
import Testing

/// The canonical bytes of every event kind are a contract: registers written by earlier releases must
/// decode and verify forever. `Fixtures/register/325ed19/` is a register written by the release at commit
/// 325ed19 (every event kind, with its optional fields present and absent), as the SQLite file and its
/// master key, and as a backend-neutral listing of its rows (`register.json`). Never regenerate it: a
/// change that needs new fixtures has broken the contract. Later releases add their own beside it:
/// `b0b7850/` the demo's register and then every kind and optional field added since (a delivery key, a
/// pseudonym rotation, an encrypted extract with its channel and package signature, a transfer by hand
/// with its subjects and a password-ZIP channel, a deletion, a suspension and reinstatement, a contractor's
/// report, an incident and its report, an erasure); `21dc12f/` the demo's register, with its provisions and their
/// records, a disclosure under law and people's requests, answered and told, and then joint use, a provision by hand
/// with personal-related information confirmed, a disclosure without a reference to an unregistered recipient, and an
/// open request with its fields and evidence and a notice; `3b0ed3e/` the demo's register with its two statistics
/// releases (to a contractor and published, p% dominance, proved fewest), then a release with an (n,k) dominance
/// rule and a row scope whose suppression was not proved fewest; `dcd948a/` the demo's register with its anonymised
/// records provided to a contractor and their three notices, then records kept in the company (a creation notice
/// only) with a row scope, a ladder of three steps and codes; `d5d222e/` the demo's register, then an extract in CP932
/// with three substitutions (two used) and one in UTF-8 with a byte-order mark; `9ac0bf4/` the demo's register, then
/// a statistics release and anonymised records kept in the company, each with a row scope that leaves 103 records out
/// and one person stopped (the first release to record how many were stopped).
@Suite struct GoldenRegisterTests {
    static let fixtures = repositoryRoot.appending(path: "Tests/ConsignTests/Fixtures/register")
    static let releases = ["325ed19", "b0b7850", "21dc12f", "3b0ed3e", "dcd948a", "d5d222e", "9ac0bf4"]

    /// What each release's register holds: its event kinds and how many transfers.
    static let expected: [String: (kinds: Set<String>, transfers: Int)] = [
        "325ed19": (
            [
                "contractor-registered", "agreement-registered", "contractor-status", "contractor-evaluated",
                "subject-stop-use", "transfer", "deletion-confirmed",
            ], 4
        ),
        "b0b7850": (
            [
                "contractor-registered", "agreement-registered", "contractor-status", "contractor-evaluated",
                "subject-stop-use", "transfer", "deletion-confirmed", "incident", "incident-report", "contractor-report",
                "contractor-key", "pseudonym-rotation", "package-signature",
            ], 8
        ),
        "21dc12f": (
            [
                "contractor-registered", "agreement-registered", "contractor-status", "contractor-evaluated",
                "subject-stop-use", "transfer", "package-signature", "provision-record", "subject-request", "request-answer",
                "recipient-notice",
            ], 12
        ),
        "3b0ed3e": (
            [
                "contractor-registered", "agreement-registered", "contractor-status", "contractor-evaluated",
                "subject-stop-use", "transfer", "package-signature", "provision-record", "subject-request", "request-answer",
                "recipient-notice", "statistics-release",
            ], 9
        ),
        "dcd948a": (
            [
                "contractor-registered", "agreement-registered", "contractor-status", "contractor-evaluated",
                "subject-stop-use", "transfer", "package-signature", "provision-record", "subject-request", "request-answer",
                "recipient-notice", "statistics-release", "anonymised-notice", "anonymised-release",
            ], 9
        ),
        "d5d222e": (
            [
                "contractor-registered", "agreement-registered", "contractor-status", "contractor-evaluated",
                "subject-stop-use", "transfer", "package-signature", "provision-record", "subject-request", "request-answer",
                "recipient-notice", "statistics-release", "anonymised-notice", "anonymised-release",
            ], 11
        ),
        "9ac0bf4": (
            [
                "contractor-registered", "agreement-registered", "contractor-status", "contractor-evaluated",
                "subject-stop-use", "transfer", "package-signature", "provision-record", "subject-request", "request-answer",
                "recipient-notice", "statistics-release", "anonymised-notice", "anonymised-release",
            ], 11
        ),
    ]

    /// The releases of `9ac0bf4/` read back with the records they left out split between out of scope and stopped;
    /// those of a release before it have no split.
    @Test func aReleasesStoppedRecordsReadBack() throws {
        let payloads = try Self.listing("9ac0bf4").events.filter { $0.kind.hasSuffix("-release") }.map { stored in
            let body = try #require([UInt8](hex: stored.body))
            return try #require(RegisterEvent(bytes: body)).payload
        }
        let split = payloads.map { payload -> (records: Int, kept: Int, stopped: Int?) in
            switch payload {
            case .statisticsReleased(let release): (release.records, release.rows, release.stopped)
            case .anonymisedReleased(let release): (release.records, release.rows, release.stopped)
            default: (0, 0, nil)
            }
        }
        #expect(split.map(\.records) == [1000, 1000, 1000, 1000, 1000])
        #expect(split.map(\.kept) == [999, 999, 999, 896, 896])
        #expect(split.map(\.stopped) == [1, 1, 1, 1, 1])
        let before = try Self.listing("d5d222e").events.filter { $0.kind == "statistics-release" }.map { stored in
            let body = try #require([UInt8](hex: stored.body))
            return try #require(RegisterEvent(bytes: body)).payload
        }
        #expect(!before.isEmpty)
        for payload in before {
            guard case .statisticsReleased(let release) = payload else { throw InputError("not a statistics release") }
            #expect(release.stopped == nil)
        }
    }

    /// The CP932 extract of `d5d222e/` reads back with its encoding and its substitutions, each with its count.
    @Test func theEncodingsReleaseRecordsTheCSVsEncodingAndSubstitutions() throws {
        let transfers = try Self.listing("d5d222e").events.filter { $0.kind == "transfer" }.suffix(2).map { stored in
            let body = try #require([UInt8](hex: stored.body))
            guard case .transfer(let transfer) = try #require(RegisterEvent(bytes: body)).payload else {
                throw InputError("not a transfer")
            }
            return transfer
        }
        #expect(transfers.map(\.csvEncoding) == [.cp932, .utf8BOM])
        #expect(
            transfers[0].substitutions == [
                .init(from: "𠮷", to: "吉", values: 1), .init(from: "髙", to: "高", values: 1), .init(from: "ß", to: "ss", values: 0),
            ])
        #expect(transfers[1].substitutions.isEmpty)
    }

    struct Listing: Decodable {
        struct Event: Decodable {
            var sequence: Int
            var kind: String
            var contractor: String
            var body: String
            var chainHash: String
        }

        var masterKey: String
        var head: String
        var events: [Event]
    }

    static func listing(_ release: String) throws -> Listing {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(
            Listing.self, from: Data(contentsOf: fixtures.appending(path: "\(release)/register.json")))
    }

    /// The fixture's key, loaded as consign loads a key file.
    static func masterKey(_ hex: String) throws -> WorkspaceKeys {
        let directory = try temporaryDirectory("consign-golden-key")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "master.key")
        let bytes = try #require([UInt8](hex: hex))
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]))
        return try WorkspaceKeys.read(from: file)
    }

    @Test(arguments: releases) func everyEventDecodesAndEncodesToTheSameBytes(_ release: String) throws {
        let listing = try Self.listing(release)
        var kinds = Set<String>()
        for stored in listing.events {
            let body = try #require([UInt8](hex: stored.body))
            let event = try #require(RegisterEvent(bytes: body), "event \(stored.sequence) of \(release) does not decode")
            #expect(event.record.bytes == body, "event \(stored.sequence) of \(release) encodes to other bytes")
            #expect(event.kind == stored.kind && event.contractor == stored.contractor, "event \(stored.sequence)")
            kinds.insert(event.kind)
        }
        #expect(kinds == Self.expected[release]?.kinds)
    }

    @Test(arguments: releases) func theChainRecomputesFromTheKey(_ release: String) throws {
        let listing = try Self.listing(release)
        let chain = try LedgerChain(keys: try Self.masterKey(listing.masterKey))
        var previous = LedgerChain.genesis
        for stored in listing.events {
            previous = chain.hash(previous: previous, sequence: stored.sequence, body: try #require([UInt8](hex: stored.body)))
            #expect(previous.hex == stored.chainHash, "event \(stored.sequence) of \(release)")
        }
        #expect("\(listing.events.count):\(previous.hex)" == listing.head)
    }

    /// The SQLite file itself, opened by today's consign in a workspace: migrated if need be, intact, and
    /// replayed.
    @Test(arguments: releases) func theRegisterFileVerifiesAndReplays(_ release: String) throws {
        let ws = try copyOfExampleWorkspace()
        defer { try? FileManager.default.removeItem(at: ws) }
        let state = ws.appending(path: ".consign")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: false)
        for name in ["register.sqlite", "master.key"] {
            try FileManager.default.copyItem(
                at: Self.fixtures.appending(path: "\(release)/\(name)"), to: state.appending(path: name))
        }
        #expect(chmod(state.appending(path: "master.key").path, 0o600) == 0)
        let head = try Self.listing(release).head
        let verify = try consign(["ledger", "verify", "--anchor", head], in: ws)
        #expect(verify.status == 0 && verify.stdout == "intact: \(head.split(separator: ":")[0]) events, head \(head)\n", "\(verify.stdout)\(verify.stderr)")
        let list = try consign(["transfer", "list", "--format", "json"], in: ws)
        #expect(list.status == 0, "\(list.stderr)")
        let transfers = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(transfers?.count == Self.expected[release]?.transfers)
        let audit = try consign(["audit", "--format", "json"], in: ws)
        #expect(!audit.stdout.contains("ledger-broken"), "\(audit.stdout)\(audit.stderr)")
    }
}
