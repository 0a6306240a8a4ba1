import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

/// `consign keygen`: an age key pair for a contractor.
struct KeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen", abstract: DeliveryHelp.keygen.text(), discussion: DeliveryHelp.keygenDiscussion.text())

    @Option(help: ArgumentHelp(DeliveryHelp.keygenOut.text(), valueName: "prefix")) var out: String

    func run() async throws {
        try await reporting {
            let written = try Keygen.write(prefix: URL(fileURLWithPath: out), now: Date())
            print(DeliveryText.keygenWrote(identity: written.identity.path, recipient: written.recipient.path, key: written.key).text())
        }
    }
}

/// `consign receive`: the contractor's side of a package.
struct ReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive", abstract: DeliveryHelp.receive.text(), discussion: DeliveryHelp.receiveDiscussion.text())

    @Argument(help: ArgumentHelp(DeliveryHelp.package.text(), valueName: "package")) var package: String
    @Option(help: ArgumentHelp(DeliveryHelp.identity.text(), valueName: "file")) var identity: String
    @Option(help: ArgumentHelp(DeliveryHelp.receiveOut.text(), valueName: "dir")) var out: String
    @Option(help: ArgumentHelp(DeliveryHelp.companyKey.text(), valueName: "file")) var companyKey: String?

    func run() async throws {
        try await reporting {
            let received = try PackageReceiver.receive(
                package: URL(fileURLWithPath: package, isDirectory: true), identity: URL(fileURLWithPath: identity),
                out: URL(fileURLWithPath: out, isDirectory: true), companyKey: companyKey.map { URL(fileURLWithPath: $0) })
            print(received.signer.map { DeliveryText.signedBy(fingerprint: $0, pinned: companyKey != nil) } ?? .unsigned)
            print(
                DeliveryText.received(
                    transfer: received.transfer, event: received.event, chainHash: received.chainHash,
                    files: received.files.map(\.name), out: out
                ).text())
        }
    }
}

/// `consign company-key`: the company's public signing key, for contractors.
struct CompanyKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "company-key", abstract: DeliveryHelp.companyKeyAbstract.text(),
        discussion: DeliveryHelp.companyKeyDiscussion.text())

    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        try await reporting {
            let key = try CompanyPublicKey(workspace: try options.root)
            print(
                DeliveryText.companyKey(
                    principal: key.principal, line: key.line, allowedSigner: key.allowedSigner, fingerprint: key.fingerprint
                ).text())
        }
    }
}
