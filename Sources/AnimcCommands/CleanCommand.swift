import AnimcBuild
import ArgumentParser

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove the outputs the manifest names, only where they still hold what animc wrote (never sources, never the cache).")

    @Argument(help: "The manifest (default: animc.yaml).")
    var manifest: String = "animc.yaml"

    @Flag(help: "Also remove outputs animc wrote for animations the manifest no longer has.")
    var stale = false

    @Flag(help: "List what would be removed; remove nothing.")
    var dryRun = false

    @Option(name: .customLong("cache-dir"), help: "Cache folder (holds the record of earlier outputs).")
    var cacheDir: String?

    func run() throws {
        var options = BuildOptions()
        options.cacheDirectory = cacheDir
        options.mode = dryRun ? .dryRun : .build
        let result = Builder(manifestPath: manifest, options: options).clean(stale: stale)
        Console.report(result.diagnostics)
        for r in result.removed { Console.out("\(dryRun ? "would remove" : "removed"): \(r)") }
        if result.diagnostics.contains(where: { $0.severity == .error }) { throw Exit.invalidManifest }
    }
}
