// Embeds the repository's XSDs (into ConsignXML) and its example workspace (into ConsignWorkspace) as
// generated Swift sources, so that one place, the top-level `agreements/` and `templates/`, is the
// source of truth and an installed binary needs no resource bundle.

import Foundation
import PackagePlugin

@main
struct EmbedWorkspace: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
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
}
