import AnimcCache
import ArgumentParser

struct CacheClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Remove every entry, object and build record (the lifetime counters are kept).")

    @OptionGroup var location: CacheLocationOptions

    @OptionGroup var lockWait: LockWaitOption

    struct Report: Encodable { var cache: String; var freedBytes: Int64; var size: Int64 }

    func run() throws {
        let cache = try location.open(forWriting: true, anyFormat: true)
        let lock = try location.lockExclusive(cache, wait: lockWait)
        defer { lock.release() }
        let freed = cache.clear()
        for w in cache.takeWarnings() { Console.err("warning: \(w)") }
        let size = Cache.bytes(under: cache.directory)
        if location.json {
            Console.out(Console.json(Report(cache: cache.directory, freedBytes: freed, size: size)))
        } else {
            Console.out("cleared \(cache.directory): freed \(CacheText.size(freed))")
        }
    }
}
