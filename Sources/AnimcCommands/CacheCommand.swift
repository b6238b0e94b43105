import AnimcBasics
import AnimcBuild
import AnimcCache
import ArgumentParser
import Foundation

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Inspect, check and collect the build cache.",
        discussion: """
            The cache is found as `build` finds it: --cache-dir, else $ANIMC_CACHE_DIR, else .animc-cache beside \
            the manifest (--manifest, default animc.yaml here or in a parent folder, as for build). Exit codes: 0 ok; 1 verify found problems or gc could not \
            meet a limit; 2 bad input (a size or age that does not parse, an unknown key, no animc cache there). \
            See docs/cache.md.
            """,
        subcommands: [CacheStatsCommand.self, CacheListCommand.self, CacheShowCommand.self, CacheVerifyCommand.self,
                      CacheGCCommand.self, CacheClearCommand.self, CachePathCommand.self])
}

extension Exit {
    /// verify found problems; gc could not meet a limit.
    static let problemsFound = ExitCode(1)
    /// A size or age that does not parse, an unknown key, a missing cache or one that is not animc's.
    static let badInput = ExitCode(2)
}

/// Prints `error: message` and returns the exit code for bad input (throw it).
func badInput(_ message: String) -> ExitCode {
    Console.err(Console.paint("error:", .error) + " \(message)")
    return Exit.badInput
}

/// Where the cache is, shared by every `cache` subcommand.
struct CacheLocationOptions: ParsableArguments {
    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("Cache folder (default: $ANIMC_CACHE_DIR, else .animc-cache beside the manifest).", valueName: "dir"))
    var cacheDir: String?

    @Option(name: .customLong("manifest"), help: ArgumentHelp("The manifest whose cache to use (default: animc.yaml here or in a parent folder).", valueName: "file"),
            completion: .custom(Completions.manifest))
    var manifestOption: String?

    @Argument(help: ArgumentHelp("The manifest whose cache to use, as for build (default: animc.yaml here or in a parent folder).",
                                 valueName: "manifest"),
              completion: .custom(Completions.manifest))
    var manifestArgument: String?

    func validate() throws {
        if manifestArgument != nil, manifestOption != nil {
            throw ValidationError("give the manifest once: as an argument or with --manifest")
        }
    }

    var manifest: String { ManifestLocation.find(manifestArgument ?? manifestOption).path }

    @Flag(help: "Print one JSON object on stdout (formats in docs/cache.md).")
    var json = false

    var directory: String { Builder.cacheDirectory(for: manifest, option: cacheDir) }

    /// The cache, which must exist and be animc's (or what an interrupted creation left, which is finished when
    /// `forWriting`, else read as empty); otherwise a message and exit 2. Opened read-only unless `forWriting`;
    /// `anyFormat` also opens a cache of another format (for `clear`).
    func open(forWriting: Bool = false, anyFormat: Bool = false) throws -> Cache {
        let dir = directory
        guard FileSystem.status(dir) != nil else { throw badInput("no cache at \(dir)") }
        do { return try Cache(directory: dir, create: false, readOnly: !forWriting, anyFormat: anyFormat) } catch {
            throw badInput(error.message)
        }
    }

    /// The exclusive lock for commands that delete; a message and exit 1 when a build holds the cache.
    func lockExclusive(_ cache: Cache, wait: LockWaitOption) throws -> CacheLock {
        do { return try CacheLock(directory: cache.directory, mode: .exclusive, timeout: wait.wait) } catch {
            Console.err("error: \(error.message)")
            throw Exit.problemsFound
        }
    }
}

/// How long the commands that delete wait for running builds.
struct LockWaitOption: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds to wait for running builds to release the cache.", valueName: "seconds"))
    var wait: Double = 10

    func validate() throws {
        guard wait >= 0 else { throw ValidationError("--wait must be 0 or more seconds") }
    }
}

/// Rendering helpers for the cache commands' human output.
enum CacheText {
    /// Rows as aligned columns; columns in `right` are right-aligned. The last column is never padded.
    static func table(_ rows: [[String]], right: Set<Int> = []) -> [String] {
        guard let n = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: n)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            r.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                if right.contains(i) { return pad + c }
                return i == r.count - 1 ? c : c + pad
            }.joined(separator: "  ")
        }
    }

    static func size(_ bytes: Int64) -> String { ByteSize.format(bytes) }

    /// `2026-11-24 21:30 (5m ago)`.
    static func time(_ epoch: Int64?) -> String {
        guard let epoch else { return "—" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        let now = FileSystem.nowNs() / 1_000_000_000
        return "\(f.string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))) (\(ago(epoch, now: now)))"
    }

    static func ago(_ epoch: Int64, now: Int64 = FileSystem.nowNs() / 1_000_000_000) -> String {
        now - epoch < 1 ? "just now" : "\(Age.format(seconds: now - epoch)) ago"
    }

    static func rate(hits: Int, misses: Int) -> Double? {
        hits + misses == 0 ? nil : Double(hits) / Double(hits + misses)
    }

    static func percent(_ r: Double?) -> String {
        guard let r else { return "—" }
        return String(format: "%.1f%%", r * 100)
    }
}
