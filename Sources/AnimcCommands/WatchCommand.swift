import AnimcBasics
import AnimcBuild
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// glibc's malloc_trim (not exported by the Glibc module).
@_silgen_name("malloc_trim")
private func animc_malloc_trim(_ pad: Int) -> Int32

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Build, then rebuild whenever the manifest or a frame changes (Ctrl-C to stop).",
        discussion: """
            Polls the manifest, the files it names and the folders its globs and sequences read, so new frames \
            matching a glob are noticed. Its own outputs and the cache are ignored. A failed build prints its \
            errors and watching goes on.
            """)

    @Argument(help: "The manifest (default: animc.yaml here or in a parent folder).", completion: .custom(Completions.manifest))
    var manifestArgument: String?

    private var location: ManifestLocation { ManifestLocation.find(manifestArgument) }

    @OptionGroup var common: ManifestOptions

    @OptionGroup var remote: RemoteOptions

    @Option(help: ArgumentHelp("How often to look for changes, in milliseconds.", valueName: "ms"))
    var pollInterval: Int = 250

    @Option(help: ArgumentHelp("How long files must stay unchanged before a build starts, in milliseconds.", valueName: "ms"))
    var debounce: Int = 100

    @Option(help: ArgumentHelp("Stop after this many builds (for scripts and tests).", valueName: "n"))
    var maxBuilds: Int?

    func validate() throws {
        guard pollInterval >= 10 else { throw ValidationError("--poll-interval must be at least 10 ms") }
        guard debounce >= 0 else { throw ValidationError("--debounce cannot be negative") }
        if let maxBuilds, maxBuilds < 1 { throw ValidationError("--max-builds must be at least 1") }
    }

    func run() throws {
        let location = self.location
        let manifest = location.path
        Console.report(location.note.map { [$0] } ?? [])
        var builds = 0
        var announced = false
        while true {
            let started = FileSystem.nowNs()
            var options = common.buildOptions()
            remote.apply(to: &options)
            let result = Builder(manifestPath: manifest, options: options,
                                 progress: Console.progressHandler(quiet: common.quiet)).run()
            Console.endProgress(quiet: common.quiet)
            builds += 1
            report(result, build: builds, ms: (FileSystem.nowNs() - started) / 1_000_000, location)
            // Give freed frame buffers back to the system so a long session's RSS stays flat.
            _ = animc_malloc_trim(0)
            if let maxBuilds, builds >= maxBuilds { return }

            let watch = result.watchSet ?? WatchSet(manifestPath: manifest, manifest: nil, cacheDirectory: "")
            if !announced {
                Console.out("watching \(watch.files.count) files and \(watch.folders.count) folders; Ctrl-C to stop")
                announced = true
            }
            var last = watch.snapshot()
            // A file edited while the build ran may have been read before the edit: build again at once.
            let now = FileSystem.nowNs()
            if last.values.contains(where: { $0.mtimeNs >= started && $0.mtimeNs <= now }) { continue }
            while true {
                usleep(useconds_t(pollInterval * 1000))
                var now = watch.snapshot()
                if now == last { continue }
                // Debounce: wait until the files stop changing (an editor saving, a tool writing many frames).
                repeat {
                    last = now
                    usleep(useconds_t(debounce * 1000))
                    now = watch.snapshot()
                } while now != last
                break
            }
        }
    }

    private func report(_ r: BuildResult, build n: Int, ms: Int64, _ location: ManifestLocation) {
        Console.report(r.diagnostics, location)
        let time = Self.clock()
        if !r.manifestValid {
            Console.out("[\(time)] build \(n): manifest invalid; waiting for a change")
            return
        }
        let changed = r.outputs.filter { $0.status != .upToDate }
        let what = changed.isEmpty ? "nothing to do" : changed.map { "\($0.status.rawValue) \(location.display($0.path))" }.joined(separator: ", ")
        let s = r.steps
        Console.out("[\(time)] build \(n): \(what) (\(s.decoded) decoded, \(s.quantized) quantized, \(s.encoded) encoded; \(ms) ms)")
    }

    private static func clock() -> String {
        var t = time(nil)
        var tm = tm()
        localtime_r(&t, &tm)
        return String(format: "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec)
    }
}
