import AnimcBasics
import AnimcBuild
import ArgumentParser

/// Options shared by the commands that read a manifest.
struct ManifestOptions: ParsableArguments {
    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("Cache folder (default: $ANIMC_CACHE_DIR, else .animc-cache beside the manifest).", valueName: "dir"))
    var cacheDir: String?

    @Option(name: [.short, .long], help: "Worker threads (default: the number of cores).")
    var jobs: Int = BuildOptions.defaultJobs

    @Option(name: .customLong("memory-budget"), parsing: .unconditional,
            help: ArgumentHelp("Memory for frames in flight (default: 256MiB); fewer workers run at once on large frames.", valueName: "size"))
    var memoryBudget: String?

    @Flag(name: [.short, .long], help: "No progress display.")
    var quiet = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let memoryBudget {
            guard let v = ByteSize.parse(memoryBudget), v > 0 else {
                throw ValidationError("--memory-budget: '\(memoryBudget)' is not a size greater than 0, such as 256MiB or 1G")
            }
        }
    }

    func buildOptions() -> BuildOptions {
        var o = BuildOptions()
        o.cacheDirectory = cacheDir
        o.jobs = jobs
        if let v = memoryBudget.flatMap(ByteSize.parse) { o.memoryBudget = v }
        return o
    }
}
