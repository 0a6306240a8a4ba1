import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate every document and cross-reference of the workspace, and compare files with the register.",
        discussion: """
            Lists every problem, not just the first, as file:line:col: severity: message on stderr (the column \
            where it is known: always for malformed XML, and for schema errors where the element or attribute \
            is found on its line), the schema's errors restated in plain words with the fix. Errors \
            (exit 2): an XSD-invalid or unsafe document (DOCTYPE, entities, XInclude); a field, form, purpose, \
            contractor or sub-contractor that does not exist; two files with the same id and version; two \
            agreements of one contractor covering the same purpose on the same date; effective-to before \
            effective-from; a file whose bytes differ from its registered version. Warnings (exit 0): a \
            missing clause a)-h); a foreign contractor's agreement without a basis; a sub-contractor that no \
            agreement approves; workspace XSDs that differ from the built-in ones. Also lists the files not \
            yet registered.
            """)

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "Output style: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        try await reporting {
            let workspace = options.located
            if !workspace.isInitialized && !FileManager.default.fileExists(atPath: workspace.templatesDirectory.path) {
                throw workspace.notAWorkspace
            }
            let store = workspace.isInitialized ? try await workspace.openRegister() : nil
            let check = try await WorkspaceCheck.run(workspace, store: store)
            switch format {
            case .json:
                print(try jsonText(CheckReport(check: check, registerOpened: store != nil)))
            case .text:
                for diagnostic in check.diagnostics { printError(diagnostic.description) }
                print(
                    "checked \(check.documentCount) documents: \(counted(check.errors.count, "error")), "
                        + counted(check.warnings.count, "warning"))
                if !check.invalidFiles.isEmpty {
                    print("not valid, so not compared with the register: " + check.invalidFiles.joined(separator: ", "))
                }
                if store == nil {
                    print("no register here (.consign/ is missing): run consign init to register documents")
                } else if check.invalidFiles.isEmpty && check.files.allSatisfy({ $0.registration == .registered }) {
                    print("every contractor profile and agreement file is registered")
                } else if !check.unregistered.isEmpty {
                    print("not yet registered (consign contractor add FILE / consign agreement add FILE):")
                    for file in check.unregistered {
                        print("  \(file.file)  \(file.kind.rawValue) \(file.id) v\(file.version)")
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
