import ArgumentParser
import ConsignCore
import ConsignWorkspace
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: StaffHelp.Demo.abstract.text(),
        discussion: StaffHelp.Demo.discussion.text())

    @Argument(help: ArgumentHelp(StaffHelp.Demo.directory.text(), valueName: "dir"))
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
