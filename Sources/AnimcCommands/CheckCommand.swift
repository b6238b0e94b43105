import AnimcBuild
import ArgumentParser

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Exit 0 when every output is present and up to date; otherwise list the stale and missing ones, with why, and exit 1.",
        discussion: "Writes nothing, the cache included (it is opened read-only). With a cold cache it computes the GIFs, hashing them as they stream, to compare them.")

    @Argument(help: "The manifest (default: animc.yaml here or in a parent folder).", completion: .custom(Completions.manifest))
    var manifest: String?

    @OptionGroup var common: ManifestOptions

    @OptionGroup var remote: RemoteOptions

    @Flag(help: "Print one JSON object on stdout (\"success\" is false when check exits 1).")
    var json = false

    func run() throws {
        let location = ManifestLocation.find(manifest)
        Console.report(location.note.map { [$0] } ?? [])
        var options = common.buildOptions()
        options.mode = .check
        remote.apply(to: &options)
        let result = Builder(manifestPath: location.path, options: options, progress: json ? nil : Console.progressHandler(quiet: common.quiet)).run()
        Console.endProgress(quiet: common.quiet || json)
        let current = result.succeeded && result.outputs.allSatisfy { $0.status == .upToDate }
        Console.report(result.diagnostics, location)
        if json {
            var report = BuildReport(result, explain: false, location: location)
            report.success = current
            Console.out(Console.json(report))
        } else {
            for o in result.outputs where o.status != .upToDate {
                let why = o.reason.map { " (\($0))" } ?? ""
                Console.out("\(o.status.rawValue): \(location.display(o.path))\(o.status == .failed ? "" : why)")
            }
        }
        if !result.manifestValid { throw Exit.invalidManifest }
        if !current { throw Exit.buildFailed }
        if !json, !common.quiet { Console.out("\(result.outputs.count) outputs up to date") }
    }
}
