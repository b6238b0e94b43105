/// Places rectangles in a texture atlas: deterministic shelf packing.
///
/// Sprites are sorted by height (tallest first), then width (widest first), then their index (the order
/// the caller lists them, so equal sizes keep a stable order). For each candidate atlas width, smallest
/// first (powers of two from 16 with `powerOfTwo`, else the widest sprite and then steps of 16 pixels),
/// sprites are laid left to right on shelves; a sprite that does not fit the current shelf opens the
/// next one below the tallest sprite of that shelf. The first width whose packing is no taller than it
/// is wide (or, failing that, the packing of least area within `maxSize`) wins. Same input, same
/// placement, on every machine.
public enum AtlasPacker {
    public struct Options: Sendable, Hashable {
        /// Pixels between neighbouring sprites (not at the atlas's edges).
        public var padding: Int
        /// Pixels each sprite's edge is repeated outward (counted inside the padding's cell).
        public var extrude: Int
        /// Largest width and height of the atlas.
        public var maxSize: Int
        /// Width and height rounded up to powers of two.
        public var powerOfTwo: Bool
        public init(padding: Int = 0, extrude: Int = 0, maxSize: Int = 4096, powerOfTwo: Bool = false) {
            self.padding = padding; self.extrude = extrude; self.maxSize = maxSize; self.powerOfTwo = powerOfTwo
        }
    }

    public struct Placement: Sendable, Hashable {
        /// Top-left of the sprite's own pixels (inside its extrusion).
        public var x: Int
        public var y: Int
        public init(x: Int, y: Int) { self.x = x; self.y = y }
    }

    public struct Packing: Sendable, Hashable {
        public var width: Int
        public var height: Int
        /// One per sprite, in the caller's order.
        public var placements: [Placement]
        public init(width: Int, height: Int, placements: [Placement]) {
            self.width = width; self.height = height; self.placements = placements
        }
    }

    public struct TooLarge: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Packs sprites of these sizes (width, height; each at least 1×1).
    public static func pack(_ sizes: [(width: Int, height: Int)], options o: Options) throws(TooLarge) -> Packing {
        let e = max(0, o.extrude), pad = max(0, o.padding)
        let cells = sizes.map { (w: $0.width + 2 * e, h: $0.height + 2 * e) }
        let order = cells.indices.sorted { a, b in
            (cells[a].h, cells[a].w, b) > (cells[b].h, cells[b].w, a)
        }
        guard let widest = cells.map(\.w).max() else { return Packing(width: 1, height: 1, placements: []) }
        if let big = cells.first(where: { $0.w > o.maxSize || $0.h > o.maxSize }) {
            throw TooLarge(description: "a frame of \(big.w)×\(big.h) pixels (with extrusion) is larger than max-size \(o.maxSize)")
        }
        func round(_ v: Int) -> Int {
            guard o.powerOfTwo else { return max(1, v) }
            var p = 1
            while p < v { p <<= 1 }
            return p
        }
        var candidates: [Int] = []
        if o.powerOfTwo {
            var w = round(widest)
            while w <= o.maxSize { candidates.append(w); w <<= 1 }
        } else {
            var w = widest
            while w < o.maxSize { candidates.append(w); w += 16 }
            candidates.append(o.maxSize)
        }
        var best: (area: Int, packing: Packing)?
        for limit in candidates {
            var placements = [Placement](repeating: Placement(x: 0, y: 0), count: cells.count)
            var x = 0, y = 0, shelf = 0, usedW = 0
            for i in order {
                let c = cells[i]
                if x > 0, x + c.w > limit {
                    y += shelf + pad
                    x = 0; shelf = 0
                }
                placements[i] = Placement(x: x + e, y: y + e)
                x += c.w + pad
                shelf = max(shelf, c.h)
                usedW = max(usedW, x - pad)
            }
            let w = round(usedW), h = round(y + shelf)
            guard w <= o.maxSize, h <= o.maxSize else { continue }
            let p = Packing(width: w, height: h, placements: placements)
            if h <= w { return p }
            if best == nil || w * h < best!.area { best = (w * h, p) }
        }
        if let best { return best.packing }
        let area = cells.reduce(0) { $0 + ($1.w + pad) * ($1.h + pad) }
        throw TooLarge(description: "\(sizes.count) frames (about \(area) pixels with padding and extrusion) do not fit in max-size \(o.maxSize)×\(o.maxSize)")
    }
}
