// Embeds the repository's XSDs (into ConsignXML) and its example workspace (into ConsignWorkspace) as
// generated Swift sources, so that one place, the top-level `agreements/` and `templates/`, is the
// source of truth and an installed binary needs no resource bundle.

import Foundation
import PackagePlugin

@main
struct EmbedWorkspace: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        if target.name == "consign" { return [buildCommit(context)] }
        let wanted: (String) -> Bool
        let typeName: String
        switch target.name {
        case "ConsignXML":
            typeName = "EmbeddedSchemas"
            wanted = { $0.hasSuffix(".xsd") }
        default:
            typeName = "EmbeddedExampleWorkspace"
            wanted = { $0.hasSuffix(".xml") || $0.hasSuffix(".xsd") }
        }
        var relativePaths: [String] = []
        for folder in ["agreements", "templates"] {
            let base = root.appending(path: folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            while let entry = walker.nextObject() as? String {
                if wanted(entry) { relativePaths.append("\(folder)/\(entry)") }
            }
        }
        relativePaths.sort()
        let output = context.pluginWorkDirectoryURL.appending(path: "\(typeName).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(relativePaths.count) workspace files into \(target.name)",
                executable: try context.tool(named: "consign-embed").url,
                arguments: [root.path, output.path, typeName] + relativePaths,
                inputFiles: relativePaths.map { root.appending(path: $0) },
                outputFiles: [output]
            )
        ]
    }

    /// `consign --version` names the commit the binary was built from: the command reads `.git` (a folder, or
    /// a worktree's `gitdir:` file) and reruns when HEAD or the branch it names moves.
    private func buildCommit(_ context: PluginContext) -> Command {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildCommit.swift")
        var gitDirectory = root.appending(path: ".git")
        if let link = try? String(contentsOf: gitDirectory, encoding: .utf8), link.hasPrefix("gitdir:") {
            gitDirectory = URL(fileURLWithPath: link.dropFirst(7).trimmingCharacters(in: .whitespacesAndNewlines), relativeTo: root)
        }
        var inputs = [gitDirectory.appending(path: "HEAD")]
        if let head = try? String(contentsOf: inputs[0], encoding: .utf8), head.hasPrefix("ref:") {
            let ref = head.dropFirst(4).trimmingCharacters(in: .whitespacesAndNewlines)
            let common = (try? String(contentsOf: gitDirectory.appending(path: "commondir"), encoding: .utf8))
                .map { URL(fileURLWithPath: $0.trimmingCharacters(in: .whitespacesAndNewlines), relativeTo: gitDirectory) }
            for base in [gitDirectory] + (common.map { [$0] } ?? []) {
                inputs += [base.appending(path: ref), base.appending(path: "packed-refs")]
            }
        }
        let existing = inputs.filter { FileManager.default.fileExists(atPath: $0.path) }
        return .buildCommand(
            displayName: "Embedding the commit consign is built from",
            executable: try! context.tool(named: "consign-embed").url,
            arguments: ["--commit", gitDirectory.path, output.path],
            inputFiles: existing,
            outputFiles: [output]
        )
    }
}
