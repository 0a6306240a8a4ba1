import ArgumentParser
import ConsignCore
import ConsignWorkspace

/// `consign import-profile`: the courier and mailing-house layouts a task may name (`<import-profile>`).
struct ImportProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-profile", abstract: ImportProfileText.abstract.text(), subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: ImportProfileText.listAbstract.text())

        @Option(help: ArgumentHelp(ImportProfileText.format.text())) var format: OutputFormat = .text

        func run() async throws {
            let profiles = ImportProfile.all.values.sorted { $0.name < $1.name }
            switch format {
            case .text: for profile in profiles { print("\(profile.name)\t\(profile.title)") }
            case .json: print(try jsonText(profiles.map { ["name": $0.name, "title": $0.title] }))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: ImportProfileText.showAbstract.text(), discussion: ImportProfileText.showDiscussion.text())

        @Argument(help: ArgumentHelp(ImportProfileText.nameArgument.text())) var name: String
        @Option(help: ArgumentHelp(ImportProfileText.format.text())) var format: OutputFormat = .text

        func run() async throws {
            try await reporting {
                guard let profile = ImportProfile.all[name] else {
                    throw InputError(ImportProfileText.unknownProfile(name, known: ImportProfile.all.keys.sorted()).text())
                }
                switch format {
                case .text: print(profile.listing(), terminator: "")
                case .json: print(try jsonText(profile.listingForScripts))
                }
            }
        }
    }
}
