/// Variance-minimising median cut (in the spirit of Wu's method) in weighted RGB space:
/// repeatedly split the box with the largest weighted squared error, along its axis of largest
/// variance, at the position that minimises the sum of the two halves' squared errors.
enum MedianCut {
    private struct Box {
        var start: Int
        var end: Int
        var sse: Double
    }

    /// Splits until there are `count` boxes or the boxes' total squared error (in weighted space) is
    /// at most `targetError`.
    static func split(_ entries: [ColorEntry], into count: Int, targetError: Double = 0) -> [(Double, Double, Double)] {
        let n = entries.count
        let sr = Double(ColorMetric.wr).squareRoot()
        let sg = Double(ColorMetric.wg).squareRoot()
        let sb = Double(ColorMetric.wb).squareRoot()
        // Weighted-space coordinates, flat: x, y, z per entry.
        var coords = [Double](repeating: 0, count: n * 3)
        for i in 0..<n {
            coords[i * 3] = entries[i].r * sr
            coords[i * 3 + 1] = entries[i].g * sg
            coords[i * 3 + 2] = entries[i].b * sb
        }
        var order = Array(0..<n)

        func moments(_ start: Int, _ end: Int) -> (w: Double, s: (Double, Double, Double), q: Double) {
            var w = 0.0, sx = 0.0, sy = 0.0, sz = 0.0, q = 0.0
            for j in start..<end {
                let i = order[j]
                let e = entries[i].weight
                let x = coords[i * 3], y = coords[i * 3 + 1], z = coords[i * 3 + 2]
                w += e; sx += e * x; sy += e * y; sz += e * z
                q += e * (x * x + y * y + z * z)
            }
            return (w, (sx, sy, sz), q)
        }
        func sse(_ start: Int, _ end: Int) -> Double {
            if end - start < 2 { return 0 }
            let m = moments(start, end)
            if m.w <= 0 { return 0 }
            return max(0, m.q - (m.s.0 * m.s.0 + m.s.1 * m.s.1 + m.s.2 * m.s.2) / m.w)
        }

        var boxes = [Box(start: 0, end: n, sse: sse(0, n))]
        var totalError = boxes[0].sse
        var prefix = [Double](repeating: 0, count: (n + 1) * 5)
        while boxes.count < count && totalError > targetError {
            var pick = -1
            var bestSSE = 0.0
            for (i, b) in boxes.enumerated() where b.sse > bestSSE { bestSSE = b.sse; pick = i }
            if pick < 0 { break }
            let box = boxes[pick]
            // Axis of largest weighted variance.
            let m = moments(box.start, box.end)
            var axis = 0
            var bestVar = -1.0
            for a in 0..<3 {
                var v = 0.0
                for j in box.start..<box.end {
                    let i = order[j]
                    let mean = (a == 0 ? m.s.0 : a == 1 ? m.s.1 : m.s.2) / m.w
                    let d = coords[i * 3 + a] - mean
                    v += entries[i].weight * d * d
                }
                if v > bestVar { bestVar = v; axis = a }
            }
            order[box.start..<box.end].sort { a, b in
                let ca = coords[a * 3 + axis], cb = coords[b * 3 + axis]
                return ca != cb ? ca < cb : a < b
            }
            // Prefix moments over the sorted range; choose the split minimising SSE(left) + SSE(right).
            let len = box.end - box.start
            for k in 0..<5 { prefix[k] = 0 }
            for j in 0..<len {
                let i = order[box.start + j]
                let e = entries[i].weight
                let x = coords[i * 3], y = coords[i * 3 + 1], z = coords[i * 3 + 2]
                let p = j * 5, q = (j + 1) * 5
                prefix[q] = prefix[p] + e
                prefix[q + 1] = prefix[p + 1] + e * x
                prefix[q + 2] = prefix[p + 2] + e * y
                prefix[q + 3] = prefix[p + 3] + e * z
                prefix[q + 4] = prefix[p + 4] + e * (x * x + y * y + z * z)
            }
            let t = len * 5
            var bestSplit = len / 2
            var bestCost = Double.infinity
            for s in 1..<len {
                let p = s * 5
                let wl = prefix[p], wr = prefix[t] - wl
                if wl <= 0 || wr <= 0 { continue }
                let xl = prefix[p + 1], yl = prefix[p + 2], zl = prefix[p + 3]
                let xr = prefix[t + 1] - xl, yr = prefix[t + 2] - yl, zr = prefix[t + 3] - zl
                let cost = prefix[t + 4] - (xl * xl + yl * yl + zl * zl) / wl - (xr * xr + yr * yr + zr * zr) / wr
                if cost < bestCost { bestCost = cost; bestSplit = s }
            }
            let mid = box.start + bestSplit
            boxes[pick] = Box(start: box.start, end: mid, sse: sse(box.start, mid))
            boxes.append(Box(start: mid, end: box.end, sse: sse(mid, box.end)))
            totalError += boxes[pick].sse + boxes[boxes.count - 1].sse - box.sse
        }

        return boxes.map { box in
            var w = 0.0, r = 0.0, g = 0.0, b = 0.0
            for j in box.start..<box.end {
                let e = entries[order[j]]
                w += e.weight; r += e.r * e.weight; g += e.g * e.weight; b += e.b * e.weight
            }
            return w > 0 ? (r / w, g / w, b / w) : (0, 0, 0)
        }
    }
}
