import AnimcBuild
import ArgumentParser

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Exit 0 when every output is present and up to date; otherwise list the stale ones and exit 1.",
        discussion: "Writes nothing, the cache included (it is opened read-only). With a cold cache it computes the GIFs, hashing them as they stream, to compare them.")

    @Argument(help: "The manifest (default: animc.yaml).")
    var manifest: String = "animc.yaml"

    @OptionGroup var common: ManifestOptions

    @OptionGroup var remote: RemoteOptions

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    func run() throws {
        var options = common.buildOptions()
        options.mode = .check
        remote.apply(to: &options)
        let result = Builder(manifestPath: manifest, options: options, progress: json ? nil : Console.progressHandler(quiet: common.quiet)).run()
        Console.endProgress(quiet: common.quiet || json)
        if json {
            Console.out(Console.json(BuildReport(result, explain: false)))
        } else {
            Console.report(result.diagnostics)
            for o in result.outputs where o.status != .upToDate {
                Console.out("\(o.status == .failed ? "failed" : "stale"): \(o.path)")
            }
        }
        if !result.manifestValid { throw Exit.invalidManifest }
        if !result.succeeded || result.outputs.contains(where: { $0.status != .upToDate }) { throw Exit.buildFailed }
        if !json, !common.quiet { Console.out("\(result.outputs.count) outputs up to date") }
    }
}
