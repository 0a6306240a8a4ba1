import ConsignCore
import Foundation

/// The example workspace built into consign (the repository's `agreements/` and `templates/`), so that an
/// installed binary can run `init` and `demo` from any directory.
public enum ExampleWorkspace {
    /// Every embedded file, by path relative to the workspace root.
    public static let files: [(path: String, bytes: [UInt8])] = EmbeddedExampleWorkspace.files.map {
        ($0.path, [UInt8](Data(base64Encoded: $0.base64)!))
    }

    /// Writes the files for which `include` is true under `root`, never overwriting an existing file.
    /// Returns the paths written.
    @discardableResult
    static func write(to root: URL, where include: (String) -> Bool) throws -> [String] {
        var written: [String] = []
        for (path, bytes) in files where include(path) {
            let url = root.appending(path: path)
            if FileManager.default.fileExists(atPath: url.path) { continue }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            written.append(path)
        }
        return written
    }
}

extension Workspace {
    /// `consign init`: the folders, the schemas and a starter catalog (the example's), then `.consign/`
    /// with a new master key and an empty register. Existing files are kept.
    public func create() throws -> [String] {
        for folder in [templatesDirectory, contractorsDirectory] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        var written = try ExampleWorkspace.write(to: root) { $0.hasSuffix(".xsd") || $0 == "templates/catalog.xml" }
        let gitignore = root.appending(path: ".gitignore")
        if !FileManager.default.fileExists(atPath: gitignore.path) {
            try Data("# the register and the workspace master key stay out of git\n.consign/\n".utf8).write(to: gitignore)
            written.append(".gitignore")
        }
        _ = try initialize()
        return written + [".consign/master.key", ".consign/register.sqlite"]
    }
}
