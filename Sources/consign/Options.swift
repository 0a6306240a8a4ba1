import ArgumentParser
import ConsignCore
import ConsignStore
import ConsignWorkspace
import Foundation

/// Options every command that works on a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(WorkspaceHelp.workspace.text(), valueName: "dir"))
    var workspace: String?

    @Option(name: .long, help: ArgumentHelp(DatabaseHelp.database.text(), valueName: "url"))
    var database: String?

    /// The workspace, which must have its register (`.consign/`): else the one error that says what to run.
    var root: Workspace {
        get throws(InputError) {
            let workspace = located
            guard workspace.isInitialized else { throw workspace.notAWorkspace }
            return workspace
        }
    }

    /// The workspace as found, with or without its register (`check` reads documents not yet registered).
    var located: Workspace {
        Workspace.locate(
            explicit: workspace, database: database, environment: ProcessInfo.processInfo.environment,
            from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
    }
}

/// A date on the command line: `YYYY-MM-DD`, or `today`, `today+N` or `today-N` (N days), today being the
/// date in the catalog's time zone by the system clock (or `SOURCE_DATE_EPOCH`).
struct DateArgument: ExpressibleByArgument, Sendable {
    /// How every date option's help names the forms it takes.
    static func help(_ what: String, default: String? = "today") -> ArgumentHelp {
        ArgumentHelp(WorkspaceHelp.date(what, default: `default`).text(), valueName: "date")
    }

    enum Value: Sendable {
        case date(CalendarDate)
        case today(plusDays: Int)
    }

    let value: Value

    init?(argument: String) {
        if let date = CalendarDate(argument) {
            value = .date(date)
        } else if argument == "today" {
            value = .today(plusDays: 0)
        } else if argument.hasPrefix("today"), let sign = argument.dropFirst(5).first, sign == "+" || sign == "-",
            let days = Int(argument.dropFirst(6)), argument.dropFirst(6).allSatisfy(\.isASCII), (0...36_600).contains(days)
        {
            value = .today(plusDays: sign == "+" ? days : -days)
        } else {
            return nil
        }
    }

    /// The calendar date, today's taken in the workspace's time zone.
    func resolve(_ workspace: Workspace) throws -> CalendarDate {
        switch value {
        case .date(let date): date
        case .today(let days): try workspace.today(try WallClock.system()).adding(days: days)
        }
    }
}

extension Optional where Wrapped == DateArgument {
    /// The date given, or today in the workspace's time zone.
    func orToday(_ workspace: Workspace) throws -> CalendarDate {
        try (self ?? DateArgument(argument: "today")!).resolve(workspace)
    }
}

/// Options of commands that record events.
struct RecordingOptions: ParsableArguments {
    @Option(
        name: .customLong("operator"),
        help: ArgumentHelp(WorkspaceHelp.recordedBy.text(), valueName: "name"))
    var recordedBy: String?

    /// The name goes into every record, manifest and listing: no character that a terminal would act on or
    /// an XML file cannot hold, and none that hides or reorders text.
    func validate() throws {
        let name = recordedBy ?? ProcessInfo.processInfo.environment["CONSIGN_OPERATOR"]
        guard let name else { return }
        let option = recordedBy == nil ? "CONSIGN_OPERATOR" : "--operator"
        if let bad = name.unicodeScalars.first(where: { [.control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned].contains($0.properties.generalCategory) }) {
            throw ValidationError(
                WorkspaceText.unprintableOperator(
                    option: option, codePoint: String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
                ).text())
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
