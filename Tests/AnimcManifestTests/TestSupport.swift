import AnimcBasics
import Foundation
@testable import AnimcManifest

func parseManifest(_ text: String, directory: String = "/proj") -> (manifest: Manifest?, diagnostics: [Diagnostic]) {
    ManifestLoader.parse(text: text, path: "animc.yaml", directory: directory)
}

func render(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map(\.description).joined(separator: "\n")
}

/// A fresh folder under the temporary directory, removed by `cleanup()`.
struct TempDir {
    let path: String
    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("animc-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    /// Creates `relative` (and its folders) with a few fake bytes.
    func touch(_ relative: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: url)
    }

    func mkdir(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}
