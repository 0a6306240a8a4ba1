import ConsignCore
import Foundation
import Testing

/// Secure delivery through the consign command: delivery keys, encrypted extracts, and the contractor's side.
@Suite struct DeliveryCLITests {
    static let age = URL(fileURLWithPath: "/usr/bin/age")
    static let extractArguments = [
        "extract", "--task", "prize-shipping", "--contractor", "hayate-transport", "--source", "data/customers.csv",
        "--format", "csv,xml",
    ]

    /// A demo workspace whose contractor hayate-transport has a delivery key made by `consign keygen`.
    static func keyedWorkspace() throws -> (root: URL, ws: URL, identity: URL) {
        let (root, ws) = try demoWorkspace()
        let identity = root.appending(path: "hayate.key")
        let keygen = try consign(["keygen", "--out", identity.path], in: root)
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let registered = try consign(["contractor", "key", "hayate-transport", "--from-file", identity.path + ".pub"], in: ws)
        #expect(registered.status == 0, "\(registered.stderr)")
        return (root, ws, identity)
    }

    @Test("an encrypted extract opens, with age and with consign receive, to the plain extract byte for byte")
    func encryptedRoundTrip() async throws {
        let (root, ws, identity) = try Self.keyedWorkspace()
        let plain = try consign(Self.extractArguments + ["--out", root.appending(path: "plain").path], in: ws)
        #expect(plain.status == 0, "\(plain.stderr)")
        let sealed = try consign(
            Self.extractArguments + ["--out", root.appending(path: "sealed").path, "--encrypt", "--channel", "sftp",
                "--channel-note", "link expires 2026-11-25"], in: ws)
        #expect(sealed.status == 0, "\(sealed.stderr)")
        let plainPackage = try onlyPackage(in: root.appending(path: "plain"))
        let package = try onlyPackage(in: root.appending(path: "sealed"))
        #expect(
            entries(package).sorted() == ["extract.csv.age", "extract.xml.age", "extract.xsd.age", "manifest.xml", "manifest.xml.sig"])
        let manifest = try readText(package.appending(path: "manifest.xml"))
        let fingerprint = try readText(URL(fileURLWithPath: identity.path + ".pub")).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(manifest.contains("<encryption recipient-fingerprint=\"SHA256:"))
        #expect(manifest.contains(">age-encryption.org/v1</encryption>"))
        #expect(manifest.contains("<channel note=\"link expires 2026-11-25\">sftp</channel>"))
        _ = try expectCompletePackage(package, in: ws)
        for name in ["extract.csv", "extract.xml", "extract.xsd"] {
            let opened = try run(
                URL(fileURLWithPath: "/bin/sh"),
                ["-c", "\(Self.age.path) -d -i \(identity.path) \(name).age > \(root.path)/\(name).opened"], in: package)
            #expect(opened.status == 0, "\(opened.stderr)")
            #expect(
                try Data(contentsOf: root.appending(path: "\(name).opened")) == Data(contentsOf: plainPackage.appending(path: name)),
                "\(name)")
        }
        let received = try consign(
            ["receive", package.path, "--identity", identity.path, "--out", root.appending(path: "received").path], in: root)
        #expect(received.status == 0, "\(received.stderr)")
        for name in ["extract.csv", "extract.xml", "extract.xsd"] {
            #expect(
                try Data(contentsOf: root.appending(path: "received/\(name)")) == Data(contentsOf: plainPackage.appending(path: name)))
        }
        // The transfer records the format, the key's fingerprint, the ciphertexts and the channel.
        let transfers = try await recordedTransfers(ws)
        let transfer = try #require(transfers.last?.value)
        #expect(transfer.encryption == "age-encryption.org/v1")
        #expect(transfer.delivery.recipientFingerprint.map { manifest.contains($0) } == true)
        #expect(transfer.delivery.channel == .sftp && transfer.delivery.channelNote == "link expires 2026-11-25")
        #expect(transfer.files.map(\.name) == ["extract.csv.age", "extract.xml.age", "extract.xsd.age"])
        #expect(transfers.first { $0.value.id == plainPackage.lastPathComponent }?.value.delivery == Transfer.Delivery())
        #expect(!fingerprint.isEmpty)
        #expect(try consign(["ledger", "verify"], in: ws).status == 0)
    }

    @Test("consign receive opens a package whose file age -r encrypted")
    func receiveOpensWhatAgeEncrypted() throws {
        let (root, ws, identity) = try Self.keyedWorkspace()
        let plain = try consign(Self.extractArguments + ["--out", root.appending(path: "plain").path], in: ws)
        #expect(plain.status == 0)
        let sealed = try consign(Self.extractArguments + ["--out", root.appending(path: "sealed").path, "--encrypt"], in: ws)
        #expect(sealed.status == 0)
        let plainCSV = try onlyPackage(in: root.appending(path: "plain")).appending(path: "extract.csv")
        let package = try onlyPackage(in: root.appending(path: "sealed"))
        // The company's signature would no longer hold for a manifest changed here: an unsigned package.
        try FileManager.default.removeItem(at: package.appending(path: "manifest.xml.sig"))
        let recipient = try readText(URL(fileURLWithPath: identity.path + ".pub")).trimmingCharacters(in: .whitespacesAndNewlines)
        let byAge = package.appending(path: "extract.csv.age")
        try FileManager.default.removeItem(at: byAge)
        let encrypted = try run(Self.age, ["-r", recipient, "-o", byAge.path, plainCSV.path])
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        let manifest = package.appending(path: "manifest.xml")
        let line = try #require(try readText(manifest).split(separator: "\n").first { $0.contains("name=\"extract.csv.age\"") })
        let size = try #require(try FileManager.default.attributesOfItem(atPath: byAge.path)[.size] as? Int)
        try edit(
            manifest, replacing: String(line),
            with: "    <file name=\"extract.csv.age\" bytes=\"\(size)\" sha256=\"\(try sha256OfFile(byAge))\"/>")
        let out = root.appending(path: "received")
        let received = try consign(["receive", package.path, "--identity", identity.path, "--out", out.path], in: root)
        #expect(received.status == 0, "\(received.stderr)")
        #expect(received.stdout.contains("manifest.xml is not signed"))
        #expect(try Data(contentsOf: out.appending(path: "extract.csv")) == Data(contentsOf: plainCSV))
    }

    @Test("plaintext never touches the disk: a marker sent is nowhere under --out, the workspace or TMPDIR")
    func plaintextNeverOnDisk() throws {
        let (root, ws, _) = try Self.keyedWorkspace()
        // A value the extract sends: the first row's recipient name in a plain extract.
        let plain = try consign(Self.extractArguments + ["--out", root.appending(path: "plain").path], in: ws)
        #expect(plain.status == 0)
        let rows = try pythonRows(csv: try onlyPackage(in: root.appending(path: "plain")).appending(path: "extract.csv"))
        let marker = try #require(rows.dropFirst().first?[1])
        let tmp = root.appending(path: "tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let places = [root.appending(path: "sealed"), ws, tmp]
        func markerFound() -> [String] {
            places.flatMap { place in
                (FileManager.default.subpaths(atPath: place.path) ?? []).filter { path in
                    let url = place.appending(path: path)
                    guard !path.hasPrefix("data/"), let data = FileManager.default.contents(atPath: url.path) else { return false }
                    return data.range(of: Data(marker.utf8)) != nil
                }
            }
        }
        // The demo's own plain extracts are in the workspace already; nothing may be added to them.
        let before = markerFound()
        var during: [String] = []
        let run = try consign(
            Self.extractArguments + ["--out", root.appending(path: "sealed").path, "--encrypt"], in: ws,
            pausingAt: "before-commit", environment: ["SOURCE_DATE_EPOCH": "1795000000", "TMPDIR": tmp.path]
        ) { during = markerFound() }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(during == before, "\(during)")
        #expect(markerFound() == before)
    }

    @Test("a contractor without a key is refused (exit 1) and nothing is written or recorded")
    func noKeyIsRefused() throws {
        let (root, ws) = try demoWorkspace()
        let before = try registerRows(ws).count
        let run = try consign(Self.extractArguments + ["--out", root.appending(path: "out").path, "--encrypt"], in: ws)
        #expect(run.status == 1)
        #expect(run.stderr.contains("contractor hayate-transport has no delivery key"), "\(run.stderr)")
        #expect(entries(root.appending(path: "out")).isEmpty)
        #expect(try registerRows(ws).count == before)
    }

    @Test("a key registered between plan and commit refuses the commit")
    func keyReplacedMeanwhileIsRefused() throws {
        let (root, ws, _) = try Self.keyedWorkspace()
        let other = root.appending(path: "other.key")
        #expect(try consign(["keygen", "--out", other.path], in: root).status == 0)
        let run = try consign(
            Self.extractArguments + ["--out", root.appending(path: "out").path, "--encrypt"], in: ws, pausingAt: "before-commit"
        ) {
            let registered = try consign(["contractor", "key", "hayate-transport", "--from-file", other.path + ".pub"], in: ws)
            #expect(registered.status == 0, "\(registered.stderr)")
        }
        #expect(run.status == 1)
        #expect(run.stderr.contains("a new delivery key of contractor hayate-transport was registered since"), "\(run.stderr)")
        #expect(entries(root.appending(path: "out")).isEmpty)
    }

    @Test("keys: a private key, a malformed one and a reused one are refused; contractor show prints the history")
    func keysAreChecked() throws {
        let (root, ws, identity) = try Self.keyedWorkspace()
        let secret = try consign(["contractor", "key", "hayate-transport", "--from-file", identity.path], in: ws)
        #expect(secret.status == 2 && secret.stderr.contains("this is an age identity, a private key"), "\(secret.stderr)")
        let malformed = try consign(["contractor", "key", "hayate-transport", "--age-recipient", "age1nope"], in: ws)
        #expect(malformed.status == 2 && malformed.stderr.contains("is not an age X25519 recipient"))
        let first = try readText(URL(fileURLWithPath: identity.path + ".pub")).trimmingCharacters(in: .newlines)
        let other = root.appending(path: "other.key")
        #expect(try consign(["keygen", "--out", other.path], in: root).status == 0)
        #expect(try consign(["contractor", "key", "hayate-transport", "--from-file", other.path + ".pub"], in: ws).status == 0)
        // The replaced key is never registered again, for this contractor or another.
        for contractor in ["hayate-transport", "hikari-mail"] {
            let again = try consign(["contractor", "key", contractor, "--age-recipient", first], in: ws)
            #expect(again.status == 1 && again.stderr.contains("has been replaced or belongs to another contractor"), "\(again.stderr)")
        }
        let show = try consign(["contractor", "show", "hayate-transport"], in: ws).stdout
        #expect(show.contains("delivery key      age1") && show.contains("replaced on 2026-11-18: never used again"), "\(show)")
        let json = try consign(["contractor", "show", "hayate-transport", "--format", "json"], in: ws).stdout
        #expect(json.contains("\"delivery_keys\""), "\(json)")
        let zip = try consign(Self.extractArguments + ["--out", "out", "--channel", "password-zip-same-route"], in: ws)
        #expect(zip.status == 2 && zip.stderr.contains("password ZIP"))
    }

    @Test("receive refuses a package with any byte changed, a file cut short, or another key's package")
    func receiveRefusesTampering() throws {
        let (root, ws, identity) = try Self.keyedWorkspace()
        #expect(try consign(Self.extractArguments + ["--out", root.appending(path: "sealed").path, "--encrypt"], in: ws).status == 0)
        let package = try onlyPackage(in: root.appending(path: "sealed"))
        func receive(_ folder: URL, identity: URL = identity) throws -> (Run, [String]) {
            let out = root.appending(path: "out-\(UUID().uuidString)")
            let run = try consign(["receive", folder.path, "--identity", identity.path, "--out", out.path], in: root)
            return (run, entries(out))
        }
        for name in ["extract.csv.age", "extract.xml.age", "extract.xsd.age", "manifest.xml"] {
            let copy = root.appending(path: "copy-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: package, to: copy)
            let file = copy.appending(path: name)
            var bytes = [UInt8](try Data(contentsOf: file))
            for position in [0, bytes.count / 2, bytes.count - 1] {
                var changed = bytes
                changed[position] ^= 0x20
                try Data(changed).write(to: file)
                let (run, written) = try receive(copy)
                #expect(run.status != 0, "\(name) changed at \(position) was received")
                #expect(written.isEmpty, "\(name): \(written)")
            }
            if name != "manifest.xml" {
                bytes.removeLast(17)
                try Data(bytes).write(to: file)
                #expect(try receive(copy).0.status != 0, "\(name) cut short was received")
            }
        }
        let stranger = root.appending(path: "stranger.key")
        #expect(try consign(["keygen", "--out", stranger.path], in: root).status == 0)
        let (wrongKey, written) = try receive(package, identity: stranger)
        #expect(wrongKey.status == 1 && wrongKey.stderr.contains("the package was encrypted to the key"), "\(wrongKey.stderr)")
        #expect(written.isEmpty)
        #expect(try receive(package).0.status == 0)
    }
}

/// The sentences of secure delivery, in English and Japanese.
@Suite struct DeliveryTextTests {
    @Test func everySentenceHasEnglishAndJapanese() {
        let on = fixedToday
        let delivery: [DeliveryText] = [
            .noDeliveryKey(contractor: "c"), .channelNotAccepted, .notARecipient("x"), .privateKeyGiven,
            .recipientFile(lines: 2), .oneKeySource,
            .keyRegistered(contractor: "c", recipient: "age1x", fingerprint: "SHA256:x", on: on, event: 3, replaced: "SHA256:y"),
            .keyRegistered(contractor: "c", recipient: "age1x", fingerprint: "SHA256:x", on: on, event: 3, replaced: nil),
            .keygenWrote(identity: "k", recipient: "k.pub", key: "age1x"), .noManifest(package: "p"), .fileProblem(.missing("f")), .fileProblem(.unreadable("f")),
            .fileProblem(.changed("f", bytes: 1, sha256: "a", recordedBytes: 2, recordedSHA256: "b")), .fileProblem(.extra("f")),
            .packageRefused(package: "p", ["x", "y"]), .notForThisIdentity(encryptedTo: "SHA256:x", identities: ["SHA256:y"]),
            .identityFileLine, .outputExists, .cannotOpen(file: "f", .noMatch), .cannotOpen(file: "f", .hmac),
            .cannotOpen(file: "f", .header(.macLine)), .cannotOpen(file: "f", .payload(.finalChunk(chunk: 2))),
            .cannotOpen(file: "f", .version("age-encryption.org/v2")), .cannotOpen(file: "f", .io("EIO")),
            .received(transfer: "T-1", event: 3, chainHash: "ab", files: ["a"], out: "o"),
        ]
        let register: [RegisterText] = [
            .keyAlreadyRegistered(contractor: "c", on: on, current: true),
            .keyAlreadyRegistered(contractor: "c", on: on, current: false), .rotationOutOfOrder(current: 1, named: 3),
        ]
        let entries: [any CatalogueEntry] = delivery + register + [
            PlanText.encryptionRequired(agreement: "AG-1", version: 2),
            ProcurementText.deliveryKey(recipient: "age1x", fingerprint: "SHA256:x", from: on, replaced: on),
            ProcurementText.label(.deliveryKey),
            Message.planMoved(transfer: "T-1", readThrough: 3, .keyRegistered(contractor: "c", event: 4)),
            DeliveryHelp.contractorKey, DeliveryHelp.contractorKeyDiscussion, DeliveryHelp.ageRecipient, DeliveryHelp.fromFile,
            DeliveryHelp.keyOn, DeliveryHelp.note, DeliveryHelp.encrypt, DeliveryHelp.channel, DeliveryHelp.channelNote,
            DeliveryHelp.keygen, DeliveryHelp.keygenDiscussion, DeliveryHelp.keygenOut, DeliveryHelp.receive,
            DeliveryHelp.receiveDiscussion, DeliveryHelp.package, DeliveryHelp.identity, DeliveryHelp.receiveOut,
        ]
        let header: [AgeFailure.HeaderProblem] = [
            .truncated, .tooLong, .noLineFeed, .notVersion1, .noStanza, .strayLine, .macLine,
             .scryptNotAlone, .nonceCut, .stanzaArgument(stanza: 1), .stanzaBody(stanza: 1), .bodyLine(stanza: 1),
             .x25519Arguments, .x25519Body, .lowOrderShare]
        let payload: [AgeFailure.PayloadProblem] = [.noChunk, .emptyFinal, .shortChunk(chunk: 1), .chunk(chunk: 1), .finalChunk(chunk: 1)]
        for entry in entries + header as [any CatalogueEntry] + payload as [any CatalogueEntry] { expectEnglishAndJapanese(entry) }
    }
}

/// Bad input to the delivery commands: exit 2, a message naming the file (and line), nothing written.
@Suite struct DeliveryInputTests {
    @Test func aBadIdentityFileIsNamedWithItsLineAndNothingIsWritten() throws {
        let (root, ws, _) = try DeliveryCLITests.keyedWorkspace()
        #expect(try consign(DeliveryCLITests.extractArguments + ["--out", root.appending(path: "sealed").path, "--encrypt"], in: ws).status == 0)
        let package = try onlyPackage(in: root.appending(path: "sealed"))
        let identity = root.appending(path: "bad.key")
        try Data("# created: today\nnot a key\n".utf8).write(to: identity)
        let out = root.appending(path: "out")
        let run = try consign(["receive", package.path, "--identity", identity.path, "--out", out.path], in: root)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("\(identity.path):2: error: an age identity file holds AGE-SECRET-KEY-1"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func aManifestThatIsNotOneIsAnInputErrorNamingIt() throws {
        let (root, ws, identity) = try DeliveryCLITests.keyedWorkspace()
        #expect(try consign(DeliveryCLITests.extractArguments + ["--out", root.appending(path: "sealed").path, "--encrypt"], in: ws).status == 0)
        let package = try onlyPackage(in: root.appending(path: "sealed"))
        try FileManager.default.removeItem(at: package.appending(path: "manifest.xml.sig"))
        try edit(package.appending(path: "manifest.xml"), replacing: "<rows>", with: "<rowz>")
        let out = root.appending(path: "out")
        let run = try consign(["receive", package.path, "--identity", identity.path, "--out", out.path], in: root)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("\(package.lastPathComponent)/manifest.xml:"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let none = try consign(["receive", root.path, "--identity", identity.path, "--out", out.path], in: root)
        #expect(none.status == 2 && none.stderr.contains("has no manifest.xml"), "\(none.stderr)")
    }

    @Test func keygenNeverOverwritesAndACompanyKeyFileMustHoldAKey() throws {
        let (root, ws, identity) = try DeliveryCLITests.keyedWorkspace()
        let before = try Data(contentsOf: identity)
        let again = try consign(["keygen", "--out", identity.path], in: root)
        #expect(again.status == 2 && again.stderr.contains(identity.path + ".pub"), "\(again.stderr)")
        #expect(try Data(contentsOf: identity) == before)
        let notAKey = root.appending(path: "company.pub")
        try Data("nothing here\n".utf8).write(to: notAKey)
        let verify = try consign(["ledger", "verify", "--company-key", notAKey.path], in: ws)
        #expect(verify.status == 2 && verify.stderr.contains("\(notAKey.path): error: this file holds no ssh-ed25519 public key"), "\(verify.stderr)")
        let recipientFile = root.appending(path: "two.pub")
        try Data("age1a\nage1b\n".utf8).write(to: recipientFile)
        let two = try consign(["contractor", "key", "hayate-transport", "--from-file", recipientFile.path], in: ws)
        #expect(two.status == 2 && two.stderr.contains("this one holds 2"), "\(two.stderr)")
        let both = try consign(["contractor", "key", "hayate-transport", "--from-file", recipientFile.path, "--age-recipient", "age1a"], in: ws)
        #expect(both.status == 2 && both.stderr.contains("give the key once"), "\(both.stderr)")
    }
}
