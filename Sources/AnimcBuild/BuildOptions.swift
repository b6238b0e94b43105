import AnimcRemote
import Foundation

public struct BuildOptions: Sendable {
    public enum Mode: Sendable {
        /// Build and write outputs.
        case build
        /// Decide what would run; write nothing.
        case dryRun
        /// Like a dry run, for `animc check`.
        case check
    }

    public var mode: Mode = .build
    /// Worker threads; default the core count.
    public var jobs: Int = BuildOptions.defaultJobs
    /// Cache folder; nil means `$ANIMC_CACHE_DIR`, else `.animc-cache` beside the manifest.
    public var cacheDirectory: String?
    public var force = false
    public var keepGoing = false
    public var explain = false
    /// Only these animations (all when empty).
    public var animations: [String] = []
    /// Collect the cache down to this many bytes after the build.
    public var cacheMaxSize: Int64?
    /// Bytes of frames in flight while encoding (see `MemoryBudget`); sets how many workers run at once.
    public var memoryBudget: Int64 = MemoryBudget.defaultBytes
    /// A shared cache behind the local one (`--remote-cache`); nil for none.
    public var remote: RemoteConfig?
    /// Only the animations of this shard (`--shard K/N`).
    public var shard: Shard?

    public init() {}

    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
