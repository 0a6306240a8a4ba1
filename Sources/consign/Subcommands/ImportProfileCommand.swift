import ArgumentParser
import ConsignCore

/// `consign import-profile`: the courier and mailing-house layouts a task may name (`<import-profile>`).
struct ImportProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-profile", abstract: ImportProfileText.abstract.text(), subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: ImportProfileText.listAbstract.text())

        func run() async throws {
            for profile in ImportProfile.all.values.sorted(by: { $0.name < $1.name }) { print("\(profile.name)\t\(profile.title)") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: ImportProfileText.showAbstract.text(), discussion: ImportProfileText.showDiscussion.text())

        @Argument(help: ArgumentHelp(ImportProfileText.nameArgument.text())) var name: String

        func run() async throws {
            try await reporting {
                guard let profile = ImportProfile.all[name] else {
                    throw InputError(ImportProfileText.unknownProfile(name, known: ImportProfile.all.keys.sorted()).text())
                }
                print(profile.listing(), terminator: "")
            }
        }
    }
}
