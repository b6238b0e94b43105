import AnimcBuild
import ArgumentParser

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove the outputs the manifest names, only where they still hold what animc wrote (never sources, never the cache).")

    @Argument(help: "The manifest (default: animc.yaml here or in a parent folder).", completion: .custom(Completions.manifest))
    var manifest: String?

    @Flag(help: "Also remove outputs animc wrote for animations the manifest no longer has.")
    var stale = false

    @Flag(help: "List what would be removed; remove nothing.")
    var dryRun = false

    @Option(name: .customLong("cache-dir"), help: "Cache folder (holds the record of earlier outputs).")
    var cacheDir: String?

    @Flag(help: "Print one JSON object on stdout: {success, dryRun, removed: [path], diagnostics}.")
    var json = false

    struct Report: Encodable {
        var success: Bool
        var dryRun: Bool
        var removed: [String]
        var diagnostics: [BuildReport.Message]
    }

    func run() throws {
        let location = ManifestLocation.find(manifest)
        Console.report(location.note.map { [$0] } ?? [])
        var options = BuildOptions()
        options.cacheDirectory = cacheDir
        options.mode = dryRun ? .dryRun : .build
        let result = Builder(manifestPath: location.path, options: options).clean(stale: stale)
        Console.report(result.diagnostics, location)
        let failed = result.diagnostics.contains(where: { $0.severity == .error })
        if json {
            Console.out(Console.json(Report(success: !failed, dryRun: dryRun, removed: result.removed.map(location.display),
                                            diagnostics: BuildReport.messages(location.displayed(result.diagnostics)))))
        } else {
            for r in result.removed { Console.out("\(dryRun ? "would remove" : "removed"): \(location.display(r))") }
        }
        if failed { throw Exit.invalidManifest }
    }
}
