import AnimcBasics
import AnimcBuild
import AnimcCache
import AnimcColour
import AnimcPixels
import ArgumentParser

struct CacheShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one entry: its metadata, the inputs and parameters of its key, and (for a frame) its palette.")

    @Argument(help: "The entry's key, or a unique prefix of it (as `cache ls` prints).")
    var key: String

    @OptionGroup var location: CacheLocationOptions

    @Option(help: ArgumentHelp("Write the cached quantized frame as a PNG to this file.", valueName: "file"))
    var png: String?

    struct PaletteInfo: Encodable { var colors: [String]; var transparentIndex: Int? }
    struct FrameInfo: Encodable { var width: Int; var height: Int }
    struct Report: Encodable {
        var key: String, kind: String, object: String, size: Int64
        var created: Int64, lastUsed: Int64, description: String
        var animations: [String]
        var inputs: [String: String], params: [String: String]
        /// False when the object is missing or does not match its digest.
        var objectIntact: Bool
        var frame: FrameInfo?
        var palette: PaletteInfo?
        var png: String?
    }

    func run() throws {
        let prefix = key.lowercased()
        guard !prefix.isEmpty, prefix.count <= 64, prefix.allSatisfy({ $0.isHexDigit }) else {
            throw badInput("'\(key)' is not a cache key (keys are hexadecimal, as `animc cache ls` prints them)")
        }
        let cache = try location.open()
        let inv = cache.inventory()
        let found = cache.entries(matching: prefix, in: inv)
        guard !found.isEmpty else { throw badInput("no cache entry has a key starting with \(prefix)") }
        guard found.count == 1 else {
            let list = CacheText.table(found.prefix(10).map { ["  " + $0.entry.key.short, $0.entry.kind, $0.entry.description] })
            let more = found.count > 10 ? "\n  …" : ""
            throw badInput("'\(prefix)' matches \(found.count) entries; give more of the key:\n" + list.joined(separator: "\n") + more)
        }
        let info = found[0], e = info.entry
        let bytes = cache.objectBytes(e.object)
        let intact = bytes.map { Digest.of($0) == e.object } ?? false
        let frame = intact && e.kind == "quantized" ? bytes.flatMap(CachedObjects.quantizedFrame) : nil
        let palette = frame?.palette ?? (intact && e.kind == "palette" ? bytes.flatMap(CachedObjects.palette) : nil)

        var written: String?
        if let png {
            guard let frame else {
                throw badInput(e.kind == "quantized" ? "the entry's object is missing or corrupt (run `animc cache verify`)"
                                                     : "--png needs a quantized frame; this entry is a \(e.kind)")
            }
            do {
                try AtomicFile.write(try PNGCodec.encode(CachedObjects.rgba(frame)), to: Paths.absolute(png))
            } catch {
                throw badInput("cannot write \(png): \(error)")
            }
            written = png
        }

        let report = Report(
            key: e.key.hex, kind: e.kind, object: e.object.hex, size: e.size, created: e.created, lastUsed: info.lastUsed,
            description: e.description, animations: (cache.animationNames(in: inv)[e.key] ?? []).sorted(),
            inputs: e.inputs.mapValues(\.hex), params: e.params, objectIntact: intact,
            frame: frame.map { FrameInfo(width: $0.width, height: $0.height) },
            palette: palette.map { PaletteInfo(colors: $0.colors.map(\.hex), transparentIndex: $0.transparentIndex) },
            png: written)
        if location.json {
            Console.out(Console.json(report))
            return
        }
        var rows: [[String]] = [
            ["key", e.key.hex], ["kind", e.kind], ["description", e.description],
            ["object", "\(e.object.hex)\(intact ? "" : " (missing or corrupt)")"],
            ["size", "\(CacheText.size(e.size)) (\(e.size) bytes)"],
            ["created", CacheText.time(e.created)], ["last used", CacheText.time(info.lastUsed)],
        ]
        if !report.animations.isEmpty { rows.append(["animations", report.animations.joined(separator: ", ")]) }
        if let frame { rows.append(["frame", "\(frame.width)×\(frame.height)"]) }
        for line in CacheText.table(rows) { Console.out(line) }
        Console.out("inputs:")
        for line in CacheText.table(e.inputs.sorted { $0.key < $1.key }.map { ["  " + $0.key, $0.value.hex] }) { Console.out(line) }
        Console.out("parameters:")
        for line in CacheText.table(e.params.sorted { $0.key < $1.key }.map { ["  " + $0.key, $0.value] }) { Console.out(line) }
        if let palette {
            let t = palette.transparentIndex.map { ", index \($0) transparent" } ?? ""
            Console.out("palette: \(palette.colors.count) colours\(t)")
            let hexes = palette.colors.enumerated().map { i, c in i == palette.transparentIndex ? "(transparent)" : c.hex }
            stride(from: 0, to: hexes.count, by: 8).forEach { i in
                Console.out("  " + hexes[i..<min(i + 8, hexes.count)].joined(separator: " "))
            }
        }
        if let written { Console.out("wrote \(written)") }
    }
}
