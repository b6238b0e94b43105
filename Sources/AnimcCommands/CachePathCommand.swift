import AnimcCache
import ArgumentParser

struct CachePathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Print the cache folder a build would use (whether or not it exists yet).")

    @OptionGroup var location: CacheLocationOptions

    struct Report: Encodable { var path: String; var exists: Bool }

    func run() throws {
        let dir = location.directory
        if location.json {
            Console.out(Console.json(Report(path: dir, exists: Cache.exists(at: dir))))
        } else {
            Console.out(dir)
        }
    }
}
