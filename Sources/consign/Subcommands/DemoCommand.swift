import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job end to end on the example workspace built into consign.",
        discussion: """
            Creates a new workspace in DIR from the example workspace built into the binary (a catalog from a \
            real privacy policy, task templates, contractors and their agreements), registers the contractors \
            and agreements on the embedded SQLite register, records their evaluations on the day it runs, and \
            prints what it did. DIR must be new or empty. SOURCE_DATE_EPOCH fixes the clock.
            """)

    @Argument(help: ArgumentHelp("Where to create the demo workspace.", valueName: "dir"))
    var directory: String = "consign-demo"

    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        try await reporting {
            let demo = Demo(
                directory: URL(fileURLWithPath: directory, isDirectory: true), clock: try WallClock.system(),
                recordedBy: operatorName(recording.recordedBy))
            try await demo.run { print($0) }
        }
    }
}
