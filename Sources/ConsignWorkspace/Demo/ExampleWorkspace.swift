import ConsignCore
import ConsignXML
import Foundation

/// The example workspace built into consign (the repository's `agreements/` and `templates/`), so that an
/// installed binary can run `init` and `demo` from any directory.
public enum ExampleWorkspace {
    /// Every embedded file, by path relative to the workspace root.
    public static let files: [(path: String, bytes: [UInt8])] = EmbeddedExampleWorkspace.files.map {
        ($0.path, [UInt8](Data(base64Encoded: $0.base64)!))
    }

    /// The example's catalog, for commands run outside any workspace (`sample customers`).
    public static func catalog() throws -> Catalog {
        let path = "templates/catalog.xml"
        let bytes = files.first { $0.path == path }!.bytes
        guard case .catalog(let catalog) = try Document.load(bytes, file: path, accepting: [.catalog]).document else {
            fatalError("the embedded example catalog is a catalog")
        }
        return catalog
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
