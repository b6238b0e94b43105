/// An Aseprite file (`.ase`/`.aseprite`) as read from its bytes: header, palette, layers, frames with
/// their cels, tags and tilesets. Written from Aseprite's public format specification
/// (`docs/ase-file-specs.md`). Pixels stay compressed until a frame is composited
/// (`AsepriteFile.render`), so a parsed file costs little more than its bytes.
public struct AsepriteFile: Sendable {
    public let width: Int
    public let height: Int
    public let colorMode: ColorMode
    /// Header flags: 1 = layer opacity is valid, 2 = groups have their own blend mode and opacity
    /// (composited separately), 4 = layers carry a UUID.
    public let flags: UInt32
    /// Indexed sprites: the index that is transparent in every layer but the background.
    public let transparentIndex: Int
    /// The palettes, RGBA four bytes an entry, each with the first frame it holds from (a file may
    /// change its palette in a later frame); the first starts at frame 0.
    public let palettes: [(from: Int, colors: [UInt8])]
    /// The palette of frame 0.
    public var palette: [UInt8] { palettes[0].colors }

    /// The palette frame `frame` shows with.
    public func palette(at frame: Int) -> [UInt8] { palettes.last { $0.from <= frame }?.colors ?? [] }
    public let layers: [Layer]
    public let frames: [Frame]
    public let tags: [Tag]
    public let tilesets: [Int: Tileset]
    /// The file's bytes; cels and tilesets point into them.
    let bytes: [UInt8]

    public enum ColorMode: Int, Sendable {
        case rgba = 32, grayscale = 16, indexed = 8
        public var bytesPerPixel: Int { rawValue / 8 }
        public var name: String {
            switch self { case .rgba: "RGBA"; case .grayscale: "grayscale"; case .indexed: "indexed" }
        }
    }

    public struct Layer: Sendable {
        public enum Kind: Sendable, Equatable { case image, group, tilemap(tileset: Int) }
        public let name: String
        public let kind: Kind
        public let flags: Int
        public let blend: BlendMode
        public let opacity: Int
        /// The index of the group it belongs to; nil at the top level.
        public let parent: Int?
        public var visible: Bool { flags & 1 != 0 }
        public var isBackground: Bool { flags & 8 != 0 }
        /// Reference layers are a drawing aid; Aseprite never renders them in an export.
        public var isReference: Bool { flags & 64 != 0 }
    }

    public struct Frame: Sendable {
        /// How long the frame shows, in milliseconds (the header's speed when the frame says 0).
        public let durationMs: Int
        /// Linked cels name the frame of the cel whose picture they show, which is never a link.
        public internal(set) var cels: [Cel]
        /// The index in `cels` of each layer's cel (the last one, should a layer have two).
        let celOfLayer: [Int: Int]

        init(durationMs: Int, cels: [Cel]) {
            self.durationMs = durationMs
            self.cels = cels
            var map: [Int: Int] = [:]
            for (i, c) in cels.enumerated() { map[c.layer] = i }
            celOfLayer = map
        }

        func cel(layer: Int) -> Cel? { celOfLayer[layer].map { cels[$0] } }
    }

    public struct Cel: Sendable {
        public enum Content: Sendable {
            /// Pixels in the sprite's colour mode at `range` of the file, zlib-compressed or raw.
            case image(width: Int, height: Int, range: Range<Int>, compressed: Bool)
            /// The cel of the same layer in another frame.
            case linked(frame: Int)
            /// A zlib-compressed grid of 32-bit tile values with the masks that read them.
            case tilemap(Tilemap)
        }
        public let layer: Int
        public let x: Int
        public let y: Int
        public let opacity: Int
        public let zIndex: Int
        public internal(set) var content: Content
        /// Where the cel's chunk starts in the file, for errors.
        public let offset: Int
    }

    public struct Tilemap: Sendable {
        public let columns: Int
        public let rows: Int
        public let idMask: UInt32
        public let xFlip: UInt32
        public let yFlip: UInt32
        public let dFlip: UInt32
        public let range: Range<Int>
    }

    public struct Tileset: Sendable {
        public let id: Int
        public let count: Int
        public let tileWidth: Int
        public let tileHeight: Int
        /// Tile id 0 is the empty tile (else 0xffffffff is).
        public let emptyIsZero: Bool
        /// Zlib-compressed pixels: `tileWidth × (tileHeight × count)` in the sprite's colour mode.
        let range: Range<Int>
        let offset: Int
    }

    public struct Tag: Sendable, Equatable {
        public enum Direction: Int, Sendable {
            case forward = 0, reverse = 1, pingPong = 2, pingPongReverse = 3
            public var name: String {
                switch self {
                case .forward: "forward"; case .reverse: "reverse"
                case .pingPong: "ping-pong"; case .pingPongReverse: "ping-pong reverse"
                }
            }
        }
        public let name: String
        public let from: Int
        public let to: Int
        public let direction: Direction

        /// The frames the tag plays once through, in order: ping-pong goes there and back without
        /// showing either end twice (as animc's own `playback: pingpong` does).
        public var playOrder: [Int] {
            let up = Array(from...to)
            switch direction {
            case .forward: return up
            case .reverse: return up.reversed()
            case .pingPong: return up + (up.count > 2 ? Array(up[1..<(up.count - 1)].reversed()) : [])
            case .pingPongReverse:
                let down = Array(up.reversed())
                return down + (down.count > 2 ? Array(down[1..<(down.count - 1)].reversed()) : [])
            }
        }
    }
}

/// What went wrong reading or compositing an Aseprite file: the message, and the byte offset in the
/// file where the bad data starts (when there is one).
public struct AsepriteError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let offset: Int?
    public init(_ message: String, at offset: Int? = nil) { self.message = message; self.offset = offset }
    public var description: String { offset.map { "at byte \($0): \(message)" } ?? message }
}
