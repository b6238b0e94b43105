#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension AsepriteFile {
    /// The largest canvas, cel or tileset image read, in pixels (as animc's PNG decoding allows).
    public static let maxPixels = 64 << 20
    public static let maxSide = 16384
    /// Groups inside groups, at most (Aseprite files rarely go past a handful).
    public static let maxGroupDepth = 64
    /// The canvases of groups composited separately that may be alive at once, in bytes.
    public static let maxGroupCanvasBytes = 1 << 30

    /// Reads a file's structure; pixels are checked and decompressed only when a frame is rendered.
    /// Every size and count is checked against the bytes there are before anything is allocated.
    public init(bytes: [UInt8]) throws(AsepriteError) {
        var h = ByteReader(bytes, from: 0, to: bytes.count, what: "the header")
        try h.skip(4)
        guard try h.u16() == 0xA5E0 else { throw AsepriteError("not an Aseprite file (no 0xA5E0 magic number)", at: 4) }
        let frameCount = try h.u16()
        let width = try h.u16(), height = try h.u16()
        let depth = try h.u16()
        let flags = try h.u32()
        let speed = try h.u16()
        try h.skip(8)
        let transparent = try h.u8()
        try h.skip(128 - h.offset)
        guard let mode = ColorMode(rawValue: depth) else {
            throw AsepriteError("unsupported colour depth \(depth) (Aseprite writes 8, 16 or 32)", at: 12)
        }
        guard width > 0, height > 0, width <= Self.maxSide, height <= Self.maxSide, width * height <= Self.maxPixels else {
            throw AsepriteError("canvas \(width)×\(height) is empty or over animc's limit of \(Self.maxSide) a side and \(Self.maxPixels) pixels", at: 8)
        }
        guard frameCount > 0 else { throw AsepriteError("the file has no frames", at: 6) }

        var reader = ChunkReader(bytes: bytes, mode: mode, flags: flags)
        var frames: [Frame] = []
        var palettes: [(from: Int, colors: [UInt8])] = []
        frames.reserveCapacity(frameCount)
        var offset = 128
        for index in 0..<frameCount {
            var f = ByteReader(bytes, from: offset, to: bytes.count, what: "frame \(index)'s header")
            let size = Int(try f.u32())
            guard size >= 16, size <= bytes.count - offset else {
                throw AsepriteError("frame \(index) claims \(size) bytes, but \(bytes.count - offset) remain", at: offset)
            }
            guard try f.u16() == 0xF1FA else { throw AsepriteError("frame \(index) has no 0xF1FA magic number", at: offset + 4) }
            let oldCount = try f.u16()
            let duration = try f.u16()
            try f.skip(2)
            let newCount = Int(try f.u32())
            let count = newCount == 0 ? oldCount : newCount
            let cels = try reader.chunks(from: offset + 16, to: offset + size, count: count, frame: index)
            let ms = duration > 0 ? duration : (speed > 0 ? speed : 100)
            frames.append(Frame(durationMs: ms, cels: cels))
            // Pixels index at most 256 entries, and only indexed files use the palette to draw: a
            // change is kept only there, so the palettes take at most 1 KiB a frame.
            let colors = Array((reader.palette ?? reader.oldPalette ?? []).prefix(256 * 4))
            if palettes.isEmpty || (mode == .indexed && palettes[palettes.count - 1].colors != colors) {
                palettes.append((index, colors))
            }
            offset += size
        }
        try Self.resolveLinks(&frames, layerCount: reader.layers.count)
        self.width = width
        self.height = height
        colorMode = mode
        self.flags = flags
        transparentIndex = transparent
        self.palettes = palettes
        layers = reader.layers
        self.frames = frames
        tags = reader.tags
        tilesets = reader.tilesets
        self.bytes = bytes
        try check()
    }

    /// Cels must name layers that exist, and a linked cel an earlier frame with a cel on its layer
    /// (as Aseprite writes them: the first frame that shows the picture holds it). Each link is
    /// pointed at the frame holding the picture, so that compositing follows one link at most.
    private static func resolveLinks(_ frames: inout [Frame], layerCount: Int) throws(AsepriteError) {
        for i in frames.indices {
            for (k, cel) in frames[i].cels.enumerated() {
                guard cel.layer < layerCount else {
                    throw AsepriteError("a cel of frame \(i) names layer \(cel.layer), but the file has \(layerCount) layers", at: cel.offset)
                }
                guard case .linked(let target) = cel.content else { continue }
                guard target < i, let linked = frames[target].cel(layer: cel.layer) else {
                    throw AsepriteError("a cel of frame \(i) links to frame \(target), which holds no earlier cel of its layer", at: cel.offset)
                }
                if case .linked(let origin) = linked.content { frames[i].cels[k].content = .linked(frame: origin) }
            }
        }
    }

    /// What the chunks refer to must exist: tags' frames, tilesets.
    private func check() throws(AsepriteError) {
        for tag in tags where tag.from > tag.to || tag.to >= frames.count {
            throw AsepriteError("tag '\(tag.name)' spans frames \(tag.from)…\(tag.to), but the file has \(frames.count) frames")
        }
        for layer in layers {
            if case .tilemap(let id) = layer.kind, tilesets[id] == nil {
                throw AsepriteError("tilemap layer '\(layer.name)' uses tileset \(id), which the file does not hold")
            }
        }
    }
}

/// Reads the chunks of each frame in turn, keeping what later chunks and frames refer to.
struct ChunkReader {
    let bytes: [UInt8]
    let mode: AsepriteFile.ColorMode
    let flags: UInt32
    var layers: [AsepriteFile.Layer] = []
    /// Open groups by child level, for the parent of the next layer.
    var groupAtLevel: [Int] = []
    var palette: [UInt8]?
    var oldPalette: [UInt8]?
    var tags: [AsepriteFile.Tag] = []
    var tilesets: [Int: AsepriteFile.Tileset] = [:]

    init(bytes: [UInt8], mode: AsepriteFile.ColorMode, flags: UInt32) {
        self.bytes = bytes; self.mode = mode; self.flags = flags
    }

    mutating func chunks(from start: Int, to end: Int, count: Int, frame: Int) throws(AsepriteError) -> [AsepriteFile.Cel] {
        var cels: [AsepriteFile.Cel] = []
        var offset = start
        for _ in 0..<count {
            var c = ByteReader(bytes, from: offset, to: end, what: "a chunk of frame \(frame)")
            let size = Int(try c.u32())
            guard size >= 6, size <= end - offset else {
                throw AsepriteError("a chunk of frame \(frame) claims \(size) bytes, but its frame has \(end - offset) left", at: offset)
            }
            let type = try c.u16()
            var r = ByteReader(bytes, from: offset + 6, to: offset + size, what: "chunk \(hex(type)) of frame \(frame)")
            switch type {
            case 0x0004, 0x0011: try readOldPalette(&r, sixBit: type == 0x0011)
            case 0x2004: try readLayer(&r)
            case 0x2005: cels.append(try readCel(&r, at: offset))
            case 0x2018: try readTags(&r)
            case 0x2019: try readPalette(&r)
            case 0x2023: try readTileset(&r, at: offset)
            // Cel extra (precise bounds of reference layers), colour profile, external files, mask,
            // path, user data, slices: nothing Aseprite's own render of a frame depends on.
            case 0x2006, 0x2007, 0x2008, 0x2016, 0x2017, 0x2020, 0x2022: break
            default:
                throw AsepriteError("unsupported chunk type \(hex(type)) in frame \(frame) (a newer Aseprite feature?); refusing to guess its effect on the picture", at: offset)
            }
            offset += size
        }
        return cels
    }
}

/// `0x2005` for a chunk type.
func hex(_ v: Int) -> String {
    let digits = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

extension AsepriteFile {
    /// The canvas size from a file's header, without reading the rest; nil when it is no Aseprite file.
    public static func canvasSize(atPath path: String) -> (width: Int, height: Int)? {
        guard let fd = Optional(open(path, O_RDONLY)), fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 12)
        guard read(fd, &header, 12) == 12, header[4] == 0xE0, header[5] == 0xA5 else { return nil }
        return (Int(header[8]) | Int(header[9]) << 8, Int(header[10]) | Int(header[11]) << 8)
    }
}
