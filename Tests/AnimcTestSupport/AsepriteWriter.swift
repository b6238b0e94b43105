/// Writes small `.aseprite` files for tests, from the public format specification: header, frames,
/// layer / cel (raw, zlib, linked, tilemap) / palette / tags / tileset chunks, and any extra chunk.
/// Compressed data is a zlib stream of stored deflate blocks (valid zlib, no library needed).
public struct AsepriteWriter {
    public struct Layer {
        public var name: String
        /// 0 image, 1 group, 2 tilemap.
        public var type = 0
        public var level = 0
        /// 1 visible, 8 background, 64 reference.
        public var flags = 1
        public var blend = 0
        public var opacity = 255
        public var tileset = 0
        public init(_ name: String, type: Int = 0, level: Int = 0, flags: Int = 1, blend: Int = 0, opacity: Int = 255, tileset: Int = 0) {
            self.name = name; self.type = type; self.level = level; self.flags = flags; self.blend = blend
            self.opacity = opacity; self.tileset = tileset
        }
    }

    public enum Content {
        case raw(width: Int, height: Int, pixels: [UInt8])
        case zlib(width: Int, height: Int, pixels: [UInt8])
        case linked(frame: Int)
        /// 32-bit tiles; x flip 0x80000000, y flip 0x40000000, diagonal 0x20000000, id mask 0x1fffffff.
        case tilemap(columns: Int, rows: Int, tiles: [UInt32])
    }

    public struct Cel {
        public var layer: Int, x: Int, y: Int, opacity: Int, zIndex: Int
        public var content: Content
        public init(layer: Int, x: Int = 0, y: Int = 0, opacity: Int = 255, zIndex: Int = 0, _ content: Content) {
            self.layer = layer; self.x = x; self.y = y; self.opacity = opacity; self.zIndex = zIndex; self.content = content
        }
    }

    public struct Frame {
        public var durationMs: Int
        public var cels: [Cel]
        /// Chunks written after the cels: (type, body).
        public var extra: [(Int, [UInt8])] = []
        public init(durationMs: Int = 100, cels: [Cel], extra: [(Int, [UInt8])] = []) {
            self.durationMs = durationMs; self.cels = cels; self.extra = extra
        }
    }

    public struct Tag {
        public var name: String, from: Int, to: Int, direction: Int
        public init(_ name: String, from: Int, to: Int, direction: Int = 0) {
            self.name = name; self.from = from; self.to = to; self.direction = direction
        }
    }

    public struct Tileset {
        public var id: Int, count: Int, tileWidth: Int, tileHeight: Int
        /// tileWidth × (tileHeight × count) pixels in the sprite's colour mode.
        public var pixels: [UInt8]
        public init(id: Int, count: Int, tileWidth: Int, tileHeight: Int, pixels: [UInt8]) {
            self.id = id; self.count = count; self.tileWidth = tileWidth; self.tileHeight = tileHeight; self.pixels = pixels
        }
    }

    public var width: Int
    public var height: Int
    /// 32 RGBA, 16 grayscale, 8 indexed.
    public var depth = 32
    /// 1 layer opacity valid, 2 groups composited separately.
    public var flags = 1
    public var speed = 100
    public var transparentIndex = 0
    /// RGBA entries.
    public var palette: [[UInt8]] = []
    public var layers: [Layer] = []
    public var frames: [Frame] = []
    public var tags: [Tag] = []
    public var tilesets: [Tileset] = []

    public init(width: Int, height: Int, depth: Int = 32) { self.width = width; self.height = height; self.depth = depth }

    public func bytes() -> [UInt8] {
        var out = [UInt8]()
        var h = [UInt8]()
        h.u32(0); h.u16(0xA5E0); h.u16(frames.count); h.u16(width); h.u16(height); h.u16(depth)
        h.u32(flags); h.u16(speed); h.u32(0); h.u32(0); h.append(UInt8(transparentIndex)); h += [0, 0, 0]
        h.u16(palette.count); h.append(1); h.append(1)
        h += [UInt8](repeating: 0, count: 128 - h.count)
        out += h
        for (i, frame) in frames.enumerated() {
            var chunks: [(Int, [UInt8])] = []
            if i == 0 {
                if !palette.isEmpty {
                    var p = [UInt8](); p.u32(palette.count); p.u32(0); p.u32(palette.count - 1); p += [UInt8](repeating: 0, count: 8)
                    for c in palette { p.u16(0); p += c }
                    chunks.append((0x2019, p))
                }
                for t in tilesets {
                    var b = [UInt8](); b.u32(t.id); b.u32(2 | 4); b.u32(t.count); b.u16(t.tileWidth); b.u16(t.tileHeight)
                    b.u16(1); b += [UInt8](repeating: 0, count: 14); b.string("tiles")
                    let z = AsepriteWriter.zlibStored(t.pixels); b.u32(z.count); b += z
                    chunks.append((0x2023, b))
                }
                for l in layers {
                    var b = [UInt8](); b.u16(l.flags); b.u16(l.type); b.u16(l.level); b.u16(0); b.u16(0); b.u16(l.blend)
                    b.append(UInt8(l.opacity)); b += [0, 0, 0]; b.string(l.name)
                    if l.type == 2 { b.u32(l.tileset) }
                    chunks.append((0x2004, b))
                }
                if !tags.isEmpty {
                    var b = [UInt8](); b.u16(tags.count); b += [UInt8](repeating: 0, count: 8)
                    for t in tags {
                        b.u16(t.from); b.u16(t.to); b.append(UInt8(t.direction)); b.u16(0)
                        b += [UInt8](repeating: 0, count: 6); b += [0, 0, 0, 0]; b.string(t.name)
                    }
                    chunks.append((0x2018, b))
                }
            }
            for c in frame.cels {
                var b = [UInt8](); b.u16(c.layer); b.i16(c.x); b.i16(c.y); b.append(UInt8(c.opacity))
                switch c.content {
                case let .raw(w, hh, px): b.u16(0); b.i16(c.zIndex); b += [0, 0, 0, 0, 0]; b.u16(w); b.u16(hh); b += px
                case let .zlib(w, hh, px): b.u16(2); b.i16(c.zIndex); b += [0, 0, 0, 0, 0]; b.u16(w); b.u16(hh); b += AsepriteWriter.zlibStored(px)
                case let .linked(f): b.u16(1); b.i16(c.zIndex); b += [0, 0, 0, 0, 0]; b.u16(f)
                case let .tilemap(cols, rows, tiles):
                    b.u16(3); b.i16(c.zIndex); b += [0, 0, 0, 0, 0]; b.u16(cols); b.u16(rows); b.u16(32)
                    b.u32(0x1fff_ffff); b.u32(0x8000_0000); b.u32(0x4000_0000); b.u32(0x2000_0000); b += [UInt8](repeating: 0, count: 10)
                    var raw = [UInt8](); for t in tiles { raw.u32(Int(t)) }
                    b += AsepriteWriter.zlibStored(raw)
                }
                chunks.append((0x2005, b))
            }
            chunks += frame.extra
            var body = [UInt8]()
            for (type, data) in chunks { body.u32(data.count + 6); body.u16(type); body += data }
            var fh = [UInt8](); fh.u32(body.count + 16); fh.u16(0xF1FA); fh.u16(min(chunks.count, 0xFFFF)); fh.u16(frame.durationMs)
            fh += [0, 0]; fh.u32(chunks.count)
            out += fh + body
        }
        let size = out.count
        for k in 0..<4 { out[k] = UInt8(truncatingIfNeeded: size >> (8 * k)) }
        return out
    }

    /// A zlib stream holding `data` in stored deflate blocks.
    public static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var i = 0
        repeat {
            let n = min(65535, data.count - i)
            out.append(i + n == data.count ? 1 : 0)
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[i..<(i + n)]
            i += n
        } while i < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        let adler = b << 16 | a
        out += [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
        return out
    }
}

extension [UInt8] {
    mutating func u16(_ v: Int) { append(UInt8(truncatingIfNeeded: v)); append(UInt8(truncatingIfNeeded: v >> 8)) }
    mutating func i16(_ v: Int) { u16(Int(UInt16(bitPattern: Int16(v)))) }
    mutating func u32(_ v: Int) { for k in 0..<4 { append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
    mutating func string(_ s: String) { u16(s.utf8.count); append(contentsOf: s.utf8) }
}
