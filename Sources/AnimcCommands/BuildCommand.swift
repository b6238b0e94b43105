import AnimcBasics
import AnimcBuild
import ArgumentParser

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the GIFs a manifest describes, running only the steps whose inputs changed.")

    @Argument(help: ArgumentHelp("The manifest (a .yaml file; default: animc.yaml here or in a parent folder), then the animations to build (default: all).",
                                 valueName: "manifest-or-animation"),
              completion: .custom(Completions.manifestOrAnimation))
    var arguments: [String] = []

    @OptionGroup var common: ManifestOptions

    @OptionGroup var remote: RemoteOptions

    @Flag(help: "Print what would run, and why; write nothing.")
    var dryRun = false

    @Flag(help: "For each step that runs, print why.")
    var explain = false

    @Flag(help: "Run every step, ignoring the cache.")
    var force = false

    @Flag(help: "Build every animation that can be built; report the others.")
    var keepGoing = false

    @Option(name: .customLong("cache-max-size"), parsing: .unconditional,
            help: ArgumentHelp("After the build, collect the cache down to this size (overrides the manifest's cache: {max-size:}).", valueName: "size"))
    var cacheMaxSize: String?

    @Option(name: .customLong("shard"),
            help: ArgumentHelp("Build only shard K of N (1 ≤ K ≤ N): the animations whose SHA-256 of the name falls in it.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Print one JSON object on stdout (outputs, steps, diagnostics).")
    var json = false

    func validate() throws {
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard: '\(shard)' is not K/N with 1 ≤ K ≤ N, such as 2/4")
        }
    }

    func run() throws {
        var options = common.buildOptions()
        options.mode = dryRun ? .dryRun : .build
        options.explain = explain
        options.force = force
        options.keepGoing = keepGoing
        let (location, animations) = ManifestLocation.split(arguments)
        options.animations = animations
        remote.apply(to: &options)
        options.shard = shard.flatMap(Shard.init)
        if let cacheMaxSize {
            guard let v = ByteSize.parse(cacheMaxSize) else { throw badInput("--cache-max-size: '\(cacheMaxSize)' is not a size, such as 500MiB or 2G") }
            options.cacheMaxSize = v
        }
        let progress = json ? nil : Console.progressHandler(quiet: common.quiet)
        Console.report(location.note.map { [$0] } ?? [])
        let result = Builder(manifestPath: location.path, options: options, progress: progress).run()
        Console.endProgress(quiet: common.quiet || json)

        // Diagnostics go to stderr, with --json also in the report, for the person reading the CI log.
        Console.report(result.diagnostics, location)
        if json {
            Console.out(Console.json(BuildReport(result, explain: explain || dryRun, location: location)))
        } else {
            if explain || dryRun {
                for e in result.explanations { Console.out("\(dryRun ? "would run" : "run"): \(e.step): \(e.reason)") }
            }
            for o in result.outputs where !common.quiet || o.status == .failed {
                Console.out(Console.outputLine(o, location))
            }
            if !common.quiet, result.manifestValid {
                let s = result.steps
                Console.out("\(s.decoded) decoded, \(s.quantized) quantized, \(s.encoded) encoded")
                if let r = result.remote { Console.out(RemoteText.summary(r)) }
            }
        }
        if !result.manifestValid { throw Exit.invalidManifest }
        if !result.succeeded { throw Exit.buildFailed }
    }
}
