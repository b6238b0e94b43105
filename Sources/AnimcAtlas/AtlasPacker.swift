/// Places rectangles in a texture atlas, deterministically: MaxRects with best short side fit (the
/// default), or shelf packing.
///
/// Sprites are sorted by height (tallest first), then width (widest first), then their index (the order
/// the caller lists them, so equal sizes keep a stable order). Candidate atlas widths are tried smallest
/// first (powers of two from 16 with `powerOfTwo`, else the widest sprite and then steps of 16 pixels).
///
/// - MaxRects (`AtlasPacker+MaxRects.swift`): for each width, heights from the area's lower bound
///   upward (steps of 16, or powers of two) until every sprite fits. The bin keeps the list of maximal
///   free rectangles; each sprite goes at the top-left of the free rectangle that leaves the shortest
///   side over (then the longest side, then the highest, then the leftmost), and the free rectangles
///   it overlaps are split and those inside others dropped.
/// - Shelf: sprites laid left to right on shelves; a sprite that does not fit the current shelf opens
///   the next one below the tallest sprite of that shelf.
///
/// The first width whose packing is no taller than it is wide (or, failing that, the packing of least
/// area within `maxSize`) wins. Same input, same placement, on every machine.
public enum AtlasPacker {
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case maxRects = "maxrects-bssf"
        case shelf
    }

    public struct Options: Sendable, Hashable {
        /// Pixels between neighbouring sprites (not at the atlas's edges).
        public var padding: Int
        /// Pixels each sprite's edge is repeated outward (counted inside the padding's cell).
        public var extrude: Int
        /// Largest width and height of the atlas.
        public var maxSize: Int
        /// Width and height rounded up to powers of two.
        public var powerOfTwo: Bool
        public var algorithm: Algorithm
        public init(padding: Int = 0, extrude: Int = 0, maxSize: Int = 4096, powerOfTwo: Bool = false,
                    algorithm: Algorithm = .maxRects) {
            self.padding = padding; self.extrude = extrude; self.maxSize = maxSize; self.powerOfTwo = powerOfTwo
            self.algorithm = algorithm
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
        let tallest = cells.map(\.h).max()!
        let area = cells.reduce(0) { $0 + ($1.w + pad) * ($1.h + pad) }
        var best: (area: Int, packing: Packing)?
        // A width whose area bound alone makes the packing taller than wide cannot win first: the first
        // pass skips it; only if no width wins does the second pass try every width for the least area.
        for pass in 0..<2 { for limit in candidates {
            let floor = max(tallest, (area + limit + pad - 1) / (limit + pad) - pad)
            if (pass == 0) == (round(floor) > round(limit)) { continue }
            let corners: [(x: Int, y: Int)]
            switch o.algorithm {
            case .shelf:
                corners = shelf(cells, order: order, width: limit, pad: pad)
            case .maxRects:
                // Heights from the area's lower bound upward until every sprite fits.
                var h = floor
                var found: [(x: Int, y: Int)]?
                while h <= o.maxSize {
                    if let c = maxRects(cells, order: order, width: limit, height: h, pad: pad) { found = c; break }
                    h = o.powerOfTwo ? round(h + 1) : (h == o.maxSize ? h + 1 : min(h + 16, o.maxSize))
                }
                guard let found else { continue }
                corners = found
            }
            var usedW = 0, usedH = 0
            for (c, p) in zip(cells, corners) { usedW = max(usedW, p.x + c.w); usedH = max(usedH, p.y + c.h) }
            let placements = corners.map { Placement(x: $0.x + e, y: $0.y + e) }
            let w = round(usedW), h = round(usedH)
            guard w <= o.maxSize, h <= o.maxSize else { continue }
            let p = Packing(width: w, height: h, placements: placements)
            if h <= w { return p }
            if best == nil || w * h < best!.area { best = (w * h, p) }
        } }
        if let best { return best.packing }
        throw TooLarge(description: "\(sizes.count) frames (about \(area) pixels with padding and extrusion) do not fit in max-size \(o.maxSize)×\(o.maxSize)")
    }

    /// Shelf packing in `width`: each cell's top-left corner.
    static func shelf(_ cells: [(w: Int, h: Int)], order: [Int], width limit: Int, pad: Int) -> [(x: Int, y: Int)] {
        var corners = [(x: Int, y: Int)](repeating: (0, 0), count: cells.count)
        var x = 0, y = 0, shelf = 0
        for i in order {
            let c = cells[i]
            if x > 0, x + c.w > limit {
                y += shelf + pad
                x = 0; shelf = 0
            }
            corners[i] = (x, y)
            x += c.w + pad
            shelf = max(shelf, c.h)
        }
        return corners
    }
}
