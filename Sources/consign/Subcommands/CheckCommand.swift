import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: WorkspaceHelp.checkAbstract.text(),
        discussion: WorkspaceHelp.checkDiscussion.text())

    @OptionGroup var options: WorkspaceOptions

    @Option(help: ArgumentHelp(WorkspaceHelp.format.text()))
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp(WorkspaceHelp.signedDocuments.text(), valueName: "dir"))
    var signedDocuments: String?

    func run() async throws {
        try await reporting {
            let workspace = options.located
            if !workspace.isInitialized && !FileManager.default.fileExists(atPath: workspace.templatesDirectory.path) {
                throw workspace.notAWorkspace
            }
            let store = workspace.isInitialized ? try await workspace.openRegister() : nil
            let check = try await WorkspaceCheck.run(
                workspace, store: store, signedDocuments: signedDocuments.map { (URL(fileURLWithPath: $0), $0) })
            switch format {
            case .json:
                print(try jsonText(CheckReport(check: check, registerOpened: store != nil)))
            case .text:
                for diagnostic in check.diagnostics { printError(diagnostic.description) }
                print(
                    WorkspaceText.checked(
                        documents: check.documentCount, errors: check.errors.count, warnings: check.warnings.count
                    ).text())
                if !check.invalidFiles.isEmpty {
                    print(WorkspaceText.notCompared(files: check.invalidFiles).text())
                }
                if store == nil {
                    print(WorkspaceText.noRegister.text())
                } else if check.invalidFiles.isEmpty && check.files.allSatisfy({ $0.registration == .registered }) {
                    print(WorkspaceText.allRegistered.text())
                } else if !check.unregistered.isEmpty {
                    print(WorkspaceText.notYetRegistered.text())
                    for file in check.unregistered {
                        print("  " + WorkspaceText.unregistered(file: file.file, file.kind, id: file.id, version: file.version).text())
                    }
                }
            }
            if !check.errors.isEmpty { throw ExitCode(2) }
        }
    }
}

/// `check --format json`.
struct CheckReport: Encodable {
    var errors: [Diagnostic]
    var warnings: [Diagnostic]
    var files: [WorkspaceCheck.FileStatus]
    var documents: Int
    var invalidFiles: [String]
    var registerOpened: Bool

    init(check: WorkspaceCheck, registerOpened: Bool) {
        errors = check.errors
        warnings = check.warnings
        files = check.files
        documents = check.documentCount
        invalidFiles = check.invalidFiles
        self.registerOpened = registerOpened
    }
}
