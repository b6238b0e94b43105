/// MaxRects, best short side fit (Jukka Jylänki, "A Thousand Ways to Pack the Bin", 2010), written for
/// animc: integer rectangles, a fixed order of sprites, and ties broken by position so the result is
/// the same on every machine.
extension AtlasPacker {
    struct Rect: Equatable {
        var x: Int, y: Int, w: Int, h: Int
        func contains(_ o: Rect) -> Bool { o.x >= x && o.y >= y && o.x + o.w <= x + w && o.y + o.h <= y + h }
        func meets(_ o: Rect) -> Bool { o.x < x + w && x < o.x + o.w && o.y < y + h && y < o.y + o.h }
    }

    /// Each cell's top-left corner in a `width`×`height` bin, or nil when they do not all fit. A cell
    /// takes `pad` more pixels right and below; the bin is `pad` larger too, so no padding is needed
    /// at the atlas's right and bottom edges.
    static func maxRects(_ cells: [(w: Int, h: Int)], order: [Int], width: Int, height: Int, pad: Int) -> [(x: Int, y: Int)]? {
        var free = [Rect(x: 0, y: 0, w: width + pad, h: height + pad)]
        var corners = [(x: Int, y: Int)](repeating: (0, 0), count: cells.count)
        for i in order {
            let w = cells[i].w + pad, h = cells[i].h + pad
            var best: (short: Int, long: Int, y: Int, x: Int)?
            for r in free where r.w >= w && r.h >= h {
                let dw = r.w - w, dh = r.h - h
                let score = (short: min(dw, dh), long: max(dw, dh), y: r.y, x: r.x)
                if best == nil || score < best! { best = score }
            }
            guard let best else { return nil }
            corners[i] = (best.x, best.y)
            let placed = Rect(x: best.x, y: best.y, w: w, h: h)
            // Split every free rectangle the cell overlaps into the (up to four) maximal pieces around it.
            var kept: [Rect] = [], pieces: [Rect] = []
            for r in free {
                guard r.meets(placed) else { kept.append(r); continue }
                if placed.x > r.x { pieces.append(Rect(x: r.x, y: r.y, w: placed.x - r.x, h: r.h)) }
                if placed.x + placed.w < r.x + r.w {
                    pieces.append(Rect(x: placed.x + placed.w, y: r.y, w: r.x + r.w - placed.x - placed.w, h: r.h))
                }
                if placed.y > r.y { pieces.append(Rect(x: r.x, y: r.y, w: r.w, h: placed.y - r.y)) }
                if placed.y + placed.h < r.y + r.h {
                    pieces.append(Rect(x: r.x, y: placed.y + placed.h, w: r.w, h: r.y + r.h - placed.y - placed.h))
                }
            }
            // Drop pieces inside another free rectangle (or an earlier equal piece); the rectangles
            // kept were already maximal among themselves, so only pairs with a piece are compared.
            var newPieces: [Rect] = []
            for (k, p) in pieces.enumerated() {
                if kept.contains(where: { $0.contains(p) }) { continue }
                if pieces.indices.contains(where: { j in j != k && pieces[j].contains(p) && (pieces[j] != p || j < k) }) { continue }
                newPieces.append(p)
            }
            kept.removeAll { r in newPieces.contains { $0.contains(r) } }
            free = kept + newPieces
        }
        return corners
    }
}
