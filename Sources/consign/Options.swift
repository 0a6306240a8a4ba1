import ArgumentParser
import ConsignCore
import ConsignStore
import ConsignWorkspace
import Foundation

/// Options every command that works on a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The workspace directory.", valueName: "dir"))
    var workspace: String = "."

    var root: Workspace { Workspace(root: URL(fileURLWithPath: workspace, isDirectory: true)) }
}

/// Options of commands that record events.
struct RecordingOptions: ParsableArguments {
    @Option(name: .customLong("operator"), help: ArgumentHelp("Who records this (default: the login name).", valueName: "name"))
    var recordedBy: String?

    /// The name goes into every record, manifest and listing: no character that a terminal would act on or
    /// an XML file cannot hold, and none that hides or reorders text.
    func validate() throws {
        guard let recordedBy else { return }
        if let bad = recordedBy.unicodeScalars.first(where: { [.control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned].contains($0.properties.generalCategory) }) {
            throw ValidationError(
                "--operator holds U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)), a control or "
                    + "formatting character: give a name that can be printed")
        }
    }
}

extension String {
    /// The string with zeros before it, to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// Runs a command body and reports its errors in the one place that maps them to exit statuses:
/// input errors (diagnostics, exit 2), refusals (exit 1), and anything else (exit 2).
func reporting(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as InputError {
        for diagnostic in error.diagnostics { printError(diagnostic.description) }
        throw ExitCode(2)
    } catch let refusal as Refusal {
        printError("consign: refused: \(refusal.reason)")
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("consign: error: \(error)")
        throw ExitCode(2)
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
