import AnimcBasics
import AnimcBuild
import AnimcCache
import ArgumentParser

struct CacheGCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Evict least-recently-used entries until the cache is under the limits; remove orphaned objects.",
        discussion: """
            Never evicts what a next build of a --keep manifest needs to have nothing to do; when those alone exceed \
            --max-size it says so, keeps them and exits 1. Safe while builds run: it waits for the cache's lock.
            """)

    @OptionGroup var location: CacheLocationOptions

    @OptionGroup var lockWait: LockWaitOption

    @Option(name: .customLong("max-size"), parsing: .unconditional,
            help: ArgumentHelp("Largest size to leave: bytes, or with a unit (500MiB, 2G, 1.5GB).", valueName: "size"))
    var maxSize: String?

    @Option(name: .customLong("max-age"), parsing: .unconditional,
            help: ArgumentHelp("Evict entries not used for this long (30d, 12h, 90m, 2w).", valueName: "age"))
    var maxAge: String?

    @Option(help: ArgumentHelp("Keep what a next build of this manifest needs (repeatable).", valueName: "manifest"))
    var keep: [String] = []

    @Flag(help: "Say what would be evicted; delete nothing.")
    var dryRun = false

    struct Report: Encodable {
        var cache: String
        var maxSize: Int64?, maxAge: Int64?
        var kept: [String]
        var dryRun: Bool
        var sizeBefore: Int64, sizeAfter: Int64, freedBytes: Int64
        var evicted: [GCReport.Evicted]
        var orphansRemoved: Int
        var protectedEntries: Int, protectedBytes: Int64, protectedEvicted: Int, bookkeepingBytes: Int64
        var limitMet: Bool
    }

    func run() throws {
        var policy = GCPolicy()
        if let maxSize {
            guard let v = ByteSize.parse(maxSize) else {
                throw badInput("--max-size: '\(maxSize)' is not a size; write bytes or a number with a unit, such as 500MiB, 2G or 1.5GB")
            }
            policy.maxSize = v
        }
        if let maxAge {
            guard let v = Age.parse(maxAge) else {
                throw badInput("--max-age: '\(maxAge)' is not an age; write a number with a unit, such as 30d, 12h, 90m or 2w")
            }
            policy.maxAge = v
        }
        let cache = try location.open(forWriting: !dryRun)
        for m in keep {
            var options = BuildOptions()
            options.cacheDirectory = cache.directory
            let (plan, diagnostics) = Builder(manifestPath: m, options: options).plan()
            guard let plan else {
                Console.report(diagnostics)
                throw badInput("--keep \(m): the manifest cannot be planned; nothing was deleted")
            }
            let keys = Builder.protectedKeys(plan, cache: cache)
            policy.essential.formUnion(keys.essential)
            policy.preferred.formUnion(keys.preferred)
        }
        policy.preferred.subtract(policy.essential)
        policy.dryRun = dryRun
        let lock = dryRun ? nil : try location.lockExclusive(cache, wait: lockWait)
        let r = cache.collect(policy)
        lock?.release()

        if location.json {
            Console.out(Console.json(Report(
                cache: cache.directory, maxSize: policy.maxSize, maxAge: policy.maxAge, kept: keep, dryRun: dryRun,
                sizeBefore: r.sizeBefore, sizeAfter: r.sizeAfter, freedBytes: r.freedBytes, evicted: r.evicted,
                orphansRemoved: r.orphansRemoved, protectedEntries: r.protectedEntries, protectedBytes: r.protectedBytes,
                protectedEvicted: r.protectedEvicted, bookkeepingBytes: r.bookkeepingBytes, limitMet: r.limitMet)))
        } else {
            let verb = dryRun ? "would evict" : "evicted"
            for line in CacheText.table(r.evicted.map { [verb, String($0.key.short), $0.kind, CacheText.size($0.bytes), $0.reason, $0.description] },
                                        right: [3]) {
                Console.out(line)
            }
            if r.orphansRemoved > 0 { Console.out("\(dryRun ? "would remove" : "removed") \(r.orphansRemoved) orphaned or stray files") }
            Console.out("\(dryRun ? "would free" : "freed") \(CacheText.size(r.freedBytes)) (\(r.evicted.count) entries): \(CacheText.size(r.sizeBefore)) → \(CacheText.size(r.sizeAfter))")
            if r.protectedEvicted > 0 {
                Console.out("note: evicted \(r.protectedEvicted) quantized frames or palettes of kept manifests to meet the limit; their outputs are kept")
            }
            if !r.limitMet, let limit = policy.maxSize {
                Console.err("warning: the cache is still \(CacheText.size(r.sizeAfter)), over --max-size \(CacheText.size(limit)): the kept manifests need \(CacheText.size(r.protectedBytes)) and the build records and counters \(CacheText.size(r.bookkeepingBytes)); they were kept")
            }
        }
        if !r.limitMet { throw Exit.problemsFound }
    }
}
