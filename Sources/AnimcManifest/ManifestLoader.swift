import AnimcBasics
import Foundation

/// Reads and validates `animc.yaml` manifests.
public enum ManifestLoader {
    /// Reads the manifest at `path` and validates it. Throws every error found; returns the warnings otherwise.
    public static func load(path: String) throws(DiagnosticsError) -> (manifest: Manifest, warnings: [Diagnostic]) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticsError([.error("cannot read manifest '\(path)': no such file")])
        }
        guard !isDirectory.boolValue else {
            throw DiagnosticsError([.error("cannot read manifest '\(path)': it is a directory")])
        }
        if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? NSNumber,
           size.int64Value > Int64(ManifestLimits.maxManifestBytes) {
            throw DiagnosticsError([.error("cannot read manifest '\(path)': it is \(size.int64Value) bytes, over animc's limit of \(ManifestLimits.maxManifestBytes >> 20) MiB for a manifest")])
        }
        guard let data = fm.contents(atPath: path) else {
            throw DiagnosticsError([.error("cannot read manifest '\(path)': permission denied or unreadable")])
        }
        let bytes = [UInt8](data)
        if let bad = ManifestText.firstInvalidUTF8(bytes) {
            throw DiagnosticsError([ManifestText.invalidUTF8(bytes, at: bad, path: path)])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let absolute = path.hasPrefix("/") ? path : ManifestPaths.join(fm.currentDirectoryPath, path)
        let directory = ManifestPaths.normalize(absolute + "/..")
        let (manifest, diagnostics) = parse(text: text, path: path, directory: directory)
        guard let manifest, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw DiagnosticsError(diagnostics)
        }
        return (manifest, diagnostics)
    }

    /// Parses and validates manifest text without touching the disk. `path` is what diagnostics print;
    /// `directory` becomes `Manifest.directory` (made absolute against the current directory if relative).
    /// The manifest is nil when there is any error; `diagnostics` holds errors, warnings and notes in document order.
    public static func parse(text: String, path: String, directory: String) -> (manifest: Manifest?, diagnostics: [Diagnostic]) {
        var parser = ManifestParser(path: path, text: text)
        let root: YAMLNode?
        do throws(YAMLError) {
            root = try YAMLDocument.parse(text, path: path)
        } catch {
            let location = error.location ?? SourceLocation(file: path, line: 1, column: 1)
            let hint = YAMLHints.hint(for: error.message, line: parser.source.line(location.line), column: location.column)
            parser.error(error.message + (hint.map { "; \($0)" } ?? ""), at: location)
            return (nil, parser.diagnostics)
        }
        let dir = directory.hasPrefix("/")
            ? ManifestPaths.normalize(directory)
            : ManifestPaths.normalize(ManifestPaths.join(FileManager.default.currentDirectoryPath, directory))
        let manifest = parser.parse(root: root, directory: dir)
        return (manifest, parser.diagnostics)
    }
}
