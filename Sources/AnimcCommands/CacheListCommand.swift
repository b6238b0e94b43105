import AnimcCache
import ArgumentParser

struct CacheListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "One line per entry: short key, kind, size, last use, and what it is; least recently used first.")

    @OptionGroup var location: CacheLocationOptions

    @Option(help: ArgumentHelp("Only entries of this kind: quantized, palette or gif.", valueName: "kind"))
    var kind: String?

    @Option(help: ArgumentHelp("Only entries built for this animation.", valueName: "name"))
    var animation: String?

    static let kinds = ["quantized", "palette", "gif"]

    struct Item: Encodable {
        var key: String, kind: String, object: String, size: Int64
        var created: Int64, lastUsed: Int64, description: String, animations: [String]
    }
    struct Report: Encodable { var cache: String; var entries: [Item] }

    func run() throws {
        if let kind, !Self.kinds.contains(kind) {
            throw badInput("unknown kind '\(kind)'; kinds are \(Self.kinds.joined(separator: ", "))")
        }
        let cache = try location.open()
        let inv = cache.inventory()
        let names = cache.animationNames(in: inv)
        let items = inv.entries
            .filter { kind == nil || $0.entry.kind == kind }
            .filter { animation == nil || names[$0.entry.key]?.contains(animation!) == true }
            .sorted { ($0.lastUsed, $0.entry.key) < ($1.lastUsed, $1.entry.key) }
            .map { e in
                Item(key: e.entry.key.hex, kind: e.entry.kind, object: e.entry.object.hex,
                     size: inv.objects[e.entry.object]?.size ?? e.entry.size, created: e.entry.created,
                     lastUsed: e.lastUsed, description: e.entry.description,
                     animations: (names[e.entry.key] ?? []).sorted())
            }
        if location.json {
            Console.out(Console.json(Report(cache: cache.directory, entries: items)))
            return
        }
        let rows = items.map { [String($0.key.prefix(12)), $0.kind, CacheText.size($0.size), CacheText.ago($0.lastUsed), $0.description] }
        for line in CacheText.table(rows, right: [2]) { Console.out(line) }
        if items.isEmpty { Console.err("no entries") }
    }
}
