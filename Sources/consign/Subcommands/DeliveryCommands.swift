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

    func run() async throws {
        try await reporting {
            let received = try PackageReceiver.receive(
                package: URL(fileURLWithPath: package, isDirectory: true), identity: URL(fileURLWithPath: identity),
                out: URL(fileURLWithPath: out, isDirectory: true))
            print(
                DeliveryText.received(
                    transfer: received.transfer, event: received.event, chainHash: received.chainHash,
                    files: received.files.map(\.name), out: out
                ).text())
        }
    }
}
