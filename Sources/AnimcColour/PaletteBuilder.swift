import AnimcPixels
public enum PaletteBuilder {
    /// At most `maxColors` entries INCLUDING a transparent slot when the histogram saw transparency
    /// (`transparentIndex` = last entry, colour black). Entries come most used first (`byUse`).
    /// Few colours are used exactly; otherwise a variance-minimising median cut in
    /// perceptually weighted RGB, refined by k-means. Deterministic: no hashing, no randomness.
    ///
    /// `tolerance` (RMS error per channel, in levels of 0…255) lets the palette stop short of
    /// `maxColors`: the median cut stops splitting once its boxes reproduce the histogram this closely.
    /// Colours beyond that point cost LZW bytes (more distinct indices) for differences nobody sees.
    /// 0 always fills `maxColors`. On the many-colour path the histogram holds 5-bit bin means, so
    /// the error within a bin is not counted; that path rarely gets near the tolerance anyway.
    public static func build(from histogram: ColorHistogram, maxColors: Int, tolerance: Double = 0) -> Palette {
        let limit = max(1, min(maxColors, 256))
        let transparency = histogram.hasTransparency
        let available = max(1, limit - (transparency ? 1 : 0))
        var colors: [RGBColor]
        let exact = histogram.exactColors
        if let exact, exact.count <= available {
            colors = byUse(exact.map(\.color), weights: exact.map { Double($0.count) })
        } else {
            var entries: [ColorEntry]
            if let exact {
                entries = exact.map { ColorEntry(r: Double($0.color.r), g: Double($0.color.g), b: Double($0.color.b), weight: Double($0.count)) }
            } else {
                entries = histogram.binEntries().map { ColorEntry(r: $0.r, g: $0.g, b: $0.b, weight: Double($0.count)) }
            }
            colors = reduce(entries, to: available, tolerance: tolerance)
        }
        if colors.isEmpty && !transparency { colors = [RGBColor(r: 0, g: 0, b: 0)] }
        if transparency && colors.count < 256 {
            colors.append(RGBColor(r: 0, g: 0, b: 0))
            return Palette(colors: colors, transparentIndex: colors.count - 1)
        }
        return Palette(colors: colors)
    }

    /// A fixed user palette (2...256 colours) plus a transparent slot appended when `transparency`
    /// is requested and there is room; with 256 colours no slot is added (the caller reports that).
    public static func fixed(_ colors: [RGBColor], transparency: Bool) -> Palette {
        let base = Array(colors.prefix(256))
        if transparency && base.count < 256 {
            return Palette(colors: base + [RGBColor(r: 0, g: 0, b: 0)], transparentIndex: base.count)
        }
        return Palette(colors: base)
    }

    static let kMeansIterations = 5
    /// k-means stops early once less than this fraction of the pixels changes centroid in a round.
    static let kMeansSettled = 0.01

    /// Median cut then k-means; returns at most `count` colours (fewer when `tolerance` is met), most
    /// used first (by the weight of the last k-means round).
    static func reduce(_ entries: [ColorEntry], to count: Int, tolerance: Double = 0) -> [RGBColor] {
        if entries.isEmpty { return [] }
        // The median cut measures squared error in weighted space: an error of t levels in every
        // channel costs (wr + wg + wb) t² per pixel.
        let weight = entries.reduce(0.0) { $0 + $1.weight }
        let perPixel = Double(ColorMetric.wr + ColorMetric.wg + ColorMetric.wb) * tolerance * tolerance
        var (centroids, assignment) = MedianCut.split(entries, into: count, targetError: weight * perPixel)
        let n = entries.count
        // Entries rounded to integer colours once (the search works on integers).
        var points = [Int](repeating: 0, count: n * 3)
        for i in 0..<n {
            points[i * 3] = Int(entries[i].r.rounded())
            points[i * 3 + 1] = Int(entries[i].g.rounded())
            points[i * 3 + 2] = Int(entries[i].b.rounded())
        }
        var used = [Double](repeating: 0, count: centroids.count)  // weight of each centroid's entries
        for _ in 0..<kMeansIterations {
            let rounded = centroids.map(roundColor)
            let search = NearestColorSearch(colors: rounded, excluding: nil)
            // Each centroid's squared distance to its nearest other centroid. An entry closer to its
            // current centroid than half that (4 d² < s², by the triangle inequality of the weighted
            // metric) has no other centroid as near, so the search is skipped: the same answer.
            let k = rounded.count
            var separation = [Int](repeating: Int.max, count: k)
            for a in 0..<k {
                for b in (a + 1)..<max(a + 1, k) {
                    let d = ColorMetric.distance(Int(rounded[a].r), Int(rounded[a].g), Int(rounded[a].b),
                                                 Int(rounded[b].r), Int(rounded[b].g), Int(rounded[b].b))
                    if d < separation[a] { separation[a] = d }
                    if d < separation[b] { separation[b] = d }
                }
            }
            var sums = [Double](repeating: 0, count: centroids.count * 4)
            var moved = 0.0  // weight of the entries that changed centroid
            entries.withUnsafeBufferPointer { entries in
                points.withUnsafeBufferPointer { points in
                    assignment.withUnsafeMutableBufferPointer { assignment in
                        sums.withUnsafeMutableBufferPointer { sums in
                            for i in 0..<n {
                                let e = entries[i]
                                let a = assignment[i]
                                let (pr, pg, pb) = (points[i * 3], points[i * 3 + 1], points[i * 3 + 2])
                                let c = rounded[a]
                                let d = ColorMetric.distance(pr, pg, pb, Int(c.r), Int(c.g), Int(c.b))
                                let k = separation[a] != Int.max && 4 * d < separation[a]
                                    ? a : Int(search.nearest(pr, pg, pb, guess: (UInt8(a), c)))
                                if a != k { assignment[i] = k; moved += e.weight }
                                sums[k * 4] += e.weight
                                sums[k * 4 + 1] += e.r * e.weight
                                sums[k * 4 + 2] += e.g * e.weight
                                sums[k * 4 + 3] += e.b * e.weight
                            }
                        }
                    }
                }
            }
            for k in 0..<centroids.count { used[k] = sums[k * 4] }
            for k in 0..<centroids.count where sums[k * 4] > 0 {
                let w = sums[k * 4]
                centroids[k] = (sums[k * 4 + 1] / w, sums[k * 4 + 2] / w, sums[k * 4 + 3] / w)
            }
            // Converged: what still moves is too little to change any colour visibly.
            if moved <= weight * kMeansSettled { break }
        }
        // Drop duplicates that rounding may create, keeping first occurrences (with their weights).
        var out: [RGBColor] = []
        var weights: [Double] = []
        for (k, c) in centroids.map(roundColor).enumerated() {
            if let i = out.firstIndex(of: c) { weights[i] += used[k] } else { out.append(c); weights.append(used[k]) }
        }
        return byUse(out, weights: weights)
    }

    /// `colors` ordered by weight (pixels), heaviest first; ties by colour value, so the order is
    /// deterministic. A GIF frame codes its pixels with as many bits as its largest index needs: with
    /// the colours most frames use at the front, frames that use only those code in fewer bits
    /// (`GIFEncoder+Emit.swift`).
    static func byUse(_ colors: [RGBColor], weights: [Double]) -> [RGBColor] {
        func key(_ c: RGBColor) -> Int { Int(c.r) << 16 | Int(c.g) << 8 | Int(c.b) }
        return colors.indices.sorted {
            weights[$0] != weights[$1] ? weights[$0] > weights[$1] : key(colors[$0]) < key(colors[$1])
        }.map { colors[$0] }
    }

    static func roundColor(_ c: (Double, Double, Double)) -> RGBColor {
        func q(_ v: Double) -> UInt8 { UInt8(max(0, min(255, v.rounded()))) }
        return RGBColor(r: q(c.0), g: q(c.1), b: q(c.2))
    }
}

struct ColorEntry {
    var r: Double
    var g: Double
    var b: Double
    var weight: Double
}
