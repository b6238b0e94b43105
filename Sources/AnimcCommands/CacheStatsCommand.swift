import AnimcCache
import ArgumentParser

struct CacheStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "What the cache holds (by kind), its size, and its hit rate for the last build and overall.")

    @OptionGroup var location: CacheLocationOptions

    struct Report: Encodable {
        struct Use: Encodable {
            var hits: Int, misses: Int, hitRate: Double?
            var builds: Int?, finished: Int64?, durationMs: Int64?, manifest: String?
            var remote: RemoteFigures?
        }
        var cache: String
        var size: Int64
        var entries: Int
        var objects: Int
        var objectBytes: Int64
        var kinds: [CacheStats.Kind]
        var oldestEntry: Int64?
        var newestEntry: Int64?
        var lastUsed: Int64?
        var lastBuild: Use?
        var lifetime: Use
    }

    func run() throws {
        let cache = try location.open()
        let s = cache.stats()
        let c = s.counters
        let last = c.lastBuild.map {
            Report.Use(hits: $0.hits, misses: $0.misses, hitRate: CacheText.rate(hits: $0.hits, misses: $0.misses),
                       finished: $0.finished, durationMs: $0.durationMs, manifest: $0.manifest, remote: $0.remote)
        }
        let lifetime = Report.Use(hits: c.lifetime.hits, misses: c.lifetime.misses,
                                  hitRate: CacheText.rate(hits: c.lifetime.hits, misses: c.lifetime.misses),
                                  builds: c.lifetime.builds)
        if location.json {
            Console.out(Console.json(Report(
                cache: s.directory, size: s.totalBytes, entries: s.entries, objects: s.objects, objectBytes: s.objectBytes,
                kinds: s.kinds, oldestEntry: s.oldestEntry, newestEntry: s.newestEntry, lastUsed: s.lastUsed,
                lastBuild: last, lifetime: lifetime)))
            return
        }
        let names = ["quantized": "quantized frames", "palette": "palettes", "gif": "encoded outputs"]
        var rows: [[String]] = [
            ["size", CacheText.size(s.totalBytes), "\(s.objects) objects, \(CacheText.size(s.objectBytes))"],
            ["entries", "\(s.entries)", ""],
        ]
        for k in s.kinds { rows.append(["  " + (names[k.kind] ?? k.kind), "\(k.entries)", CacheText.size(k.bytes)]) }
        rows += [
            ["oldest entry", CacheText.time(s.oldestEntry), ""],
            ["newest entry", CacheText.time(s.newestEntry), ""],
            ["last used", CacheText.time(s.lastUsed), ""],
        ]
        if let b = c.lastBuild {
            rows.append(["last build", "\(b.hits) hits, \(b.misses) misses",
                         "hit rate \(CacheText.percent(last?.hitRate)) (\(b.manifest), \(CacheText.ago(b.finished)), \(b.durationMs) ms)"])
            if let r = b.remote {
                rows.append(["  remote", "\(r.hits) hits, \(r.misses) misses",
                             String(RemoteText.summary(r).dropFirst("remote: ".count).split(separator: ", ", maxSplits: 2)[2])])
            }
        } else {
            rows.append(["last build", "—", ""])
        }
        rows.append(["lifetime", "\(c.lifetime.hits) hits, \(c.lifetime.misses) misses",
                     "hit rate \(CacheText.percent(lifetime.hitRate)) over \(c.lifetime.builds) builds"])
        let labelWidth = rows.map { $0[0].count }.max() ?? 0
        Console.out("cache" + String(repeating: " ", count: labelWidth - 3) + s.directory)
        for line in CacheText.table(rows) { Console.out(line.trimmingTrailingSpaces) }
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
