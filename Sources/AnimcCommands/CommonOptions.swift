import AnimcBuild
import ArgumentParser

/// Options shared by the commands that read a manifest.
struct ManifestOptions: ParsableArguments {
    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("Cache folder (default: $ANIMC_CACHE_DIR, else .animc-cache beside the manifest).", valueName: "dir"))
    var cacheDir: String?

    @Option(name: [.short, .long], help: "Worker threads (default: the number of cores).")
    var jobs: Int = BuildOptions.defaultJobs

    @Flag(name: [.short, .long], help: "No progress display.")
    var quiet = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func buildOptions() -> BuildOptions {
        var o = BuildOptions()
        o.cacheDirectory = cacheDir
        o.jobs = jobs
        return o
    }
}
