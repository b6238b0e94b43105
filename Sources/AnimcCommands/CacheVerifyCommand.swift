import AnimcCache
import ArgumentParser

struct CacheVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash every object; report corrupt, truncated and orphaned objects and broken entries.",
        discussion: "Exits 1 when anything was wrong (also after --repair removed it). Objects younger than 10 minutes are not called orphans: a build may be writing their entries.")

    @OptionGroup var location: CacheLocationOptions

    @OptionGroup var lockWait: LockWaitOption

    @Flag(help: "Remove what is wrong (and the entries naming bad objects, so the next build redoes those steps).")
    var repair = false

    struct Report: Encodable {
        var cache: String
        var ok: Bool
        var objectsChecked: Int, entriesChecked: Int, bytesChecked: Int64
        var problems: [CacheProblem]
        var repaired: Bool
        var removed: [String]
    }

    func run() throws {
        let cache = try location.open(forWriting: repair)
        let lock = repair ? try location.lockExclusive(cache, wait: lockWait) : nil
        let r = cache.verify(repair: repair)
        lock?.release()
        if location.json {
            Console.out(Console.json(Report(cache: cache.directory, ok: r.ok, objectsChecked: r.objectsChecked,
                                            entriesChecked: r.entriesChecked, bytesChecked: r.bytesChecked,
                                            problems: r.problems, repaired: r.repaired, removed: r.removed)))
        } else {
            Console.out("checked \(r.objectsChecked) objects (\(CacheText.size(r.bytesChecked))) and \(r.entriesChecked) entries")
            for line in CacheText.table(r.problems.map { [$0.kind.rawValue, $0.path, $0.detail] }) { Console.out(line) }
            for path in r.removed { Console.out("removed: \(path)") }
            if r.ok {
                Console.out("no problems found")
            } else if repair {
                Console.out("\(r.problems.count) problem\(r.problems.count == 1 ? "" : "s") found and removed")
            } else {
                Console.out("\(r.problems.count) problem\(r.problems.count == 1 ? "" : "s") found; `animc cache verify --repair` removes them")
            }
        }
        if !r.ok { throw Exit.problemsFound }
    }
}
