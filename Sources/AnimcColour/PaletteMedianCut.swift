import AnimcPixels
/// Variance-minimising median cut (in the spirit of Wu's method) in weighted RGB space:
/// repeatedly split the box with the largest weighted squared error, along its axis of largest
/// variance, at the position that minimises the sum of the two halves' squared errors.
///
/// The entries are sorted along each axis once (ties by entry index); every box then holds the same
/// range of all three orders, and a split partitions the other two orders stably, as in building a
/// k-d tree. So no box is ever sorted again: a split costs time linear in its size.
enum MedianCut {
    /// A box: its range in the axis orders and its weighted moments (weight, per-axis sums and
    /// sums of squares), so its error and variances cost nothing to recompute.
    private struct Box {
        var start: Int
        var end: Int
        var m: Moments
        var sse: Double { m.sse }
    }

    struct Moments {
        var w = 0.0
        var s = (0.0, 0.0, 0.0)
        var q = (0.0, 0.0, 0.0)
        var sse: Double {
            if w <= 0 { return 0 }
            return max(0, q.0 + q.1 + q.2 - (s.0 * s.0 + s.1 * s.1 + s.2 * s.2) / w)
        }
        func variance(_ axis: Int) -> Double {
            if w <= 0 { return 0 }
            switch axis {
            case 0: return q.0 - s.0 * s.0 / w
            case 1: return q.1 - s.1 * s.1 / w
            default: return q.2 - s.2 * s.2 / w
            }
        }
        static func - (a: Moments, b: Moments) -> Moments {
            Moments(w: a.w - b.w, s: (a.s.0 - b.s.0, a.s.1 - b.s.1, a.s.2 - b.s.2), q: (a.q.0 - b.q.0, a.q.1 - b.q.1, a.q.2 - b.q.2))
        }
    }

    /// Splits until there are `count` boxes or the boxes' total squared error (in weighted space) is
    /// at most `targetError`. Returns the boxes' mean colours and, per entry, the box it ended in.
    static func split(_ entries: [ColorEntry], into count: Int,
                      targetError: Double = 0) -> (centroids: [(Double, Double, Double)], box: [Int]) {
        let n = entries.count
        if n == 0 { return ([], []) }
        let scale = [Double(ColorMetric.wr).squareRoot(), Double(ColorMetric.wg).squareRoot(),
                     Double(ColorMetric.wb).squareRoot()]
        // Weighted-space coordinates, flat: x, y, z per entry.
        var coords = [Double](repeating: 0, count: n * 3)
        var weights = [Double](repeating: 0, count: n)
        for i in 0..<n {
            coords[i * 3] = entries[i].r * scale[0]
            coords[i * 3 + 1] = entries[i].g * scale[1]
            coords[i * 3 + 2] = entries[i].b * scale[2]
            weights[i] = entries[i].weight
        }
        // orders[a * n + j]: the j-th entry along axis a (ties by entry index). Sorted as packed keys:
        // a non-negative float's bits order like its value.
        var orders = [Int](repeating: 0, count: 3 * n)
        var keys = [UInt64](repeating: 0, count: n)
        for a in 0..<3 {
            for i in 0..<n { keys[i] = UInt64(Float(coords[i * 3 + a]).bitPattern) << 32 | UInt64(i) }
            keys.sort()
            for j in 0..<n { orders[a * n + j] = Int(keys[j] & 0xFFFF_FFFF) }
        }
        var membership = [Int](repeating: 0, count: n)
        var side = [Bool](repeating: false, count: n)
        var scratch = [Int](repeating: 0, count: n)
        var prefix = [Moments](repeating: Moments(), count: n + 1)
        var boxes: [Box] = []

        side.withUnsafeMutableBufferPointer { side in
        scratch.withUnsafeMutableBufferPointer { scratch in
        coords.withUnsafeBufferPointer { coords in
            weights.withUnsafeBufferPointer { weights in
                orders.withUnsafeMutableBufferPointer { orders in
                    prefix.withUnsafeMutableBufferPointer { prefix in
                        // Prefix moments of box [start, end) along `axis`: prefix[j] covers its first j entries.
                        func accumulate(_ start: Int, _ end: Int, axis: Int) {
                            var m = Moments()
                            prefix[0] = m
                            let base = axis * n
                            // Indices stay below 3n, which fits an Int: wrapping arithmetic cannot wrap.
                            for j in start..<end {
                                let i = orders[base &+ j]
                                let e = weights[i]
                                let c = i &* 3
                                let x = coords[c], y = coords[c &+ 1], z = coords[c &+ 2]
                                m.w += e
                                m.s.0 += e * x; m.s.1 += e * y; m.s.2 += e * z
                                m.q.0 += e * x * x; m.q.1 += e * y * y; m.q.2 += e * z * z
                                prefix[j &- start &+ 1] = m
                            }
                        }
                        accumulate(0, n, axis: 0)
                        boxes = [Box(start: 0, end: n, m: prefix[n])]
                        var totalError = boxes[0].sse
                        while boxes.count < count && totalError > targetError {
                            var pick = -1
                            var bestSSE = 0.0
                            for (i, b) in boxes.enumerated() where b.end - b.start > 1 && b.sse > bestSSE {
                                bestSSE = b.sse; pick = i
                            }
                            if pick < 0 { break }
                            let box = boxes[pick]
                            // Axis of largest weighted variance.
                            var axis = 0
                            for a in 1..<3 where box.m.variance(a) > box.m.variance(axis) { axis = a }
                            // Choose the split along it minimising SSE(left) + SSE(right).
                            let len = box.end - box.start
                            accumulate(box.start, box.end, axis: axis)
                            let total = prefix[len]
                            var bestSplit = len / 2
                            var bestCost = Double.infinity
                            for s in 1..<len {
                                let l = prefix[s]
                                let wl = l.w, wr = total.w - wl
                                if wl <= 0 || wr <= 0 { continue }
                                let xr = total.s.0 - l.s.0, yr = total.s.1 - l.s.1, zr = total.s.2 - l.s.2
                                let cost = -(l.s.0 * l.s.0 + l.s.1 * l.s.1 + l.s.2 * l.s.2) / wl - (xr * xr + yr * yr + zr * zr) / wr
                                if cost < bestCost { bestCost = cost; bestSplit = s }
                            }
                            let mid = box.start + bestSplit
                            // Partition every axis order of the box: left members first, each side in order.
                            let base = axis * n
                            for j in box.start..<box.end { side[orders[base &+ j]] = j < mid }
                            for a in 0..<3 where a != axis {
                                let o = a * n
                                var l = box.start, r = 0
                                for j in box.start..<box.end {
                                    let i = orders[o &+ j]
                                    if side[i] { orders[o &+ l] = i; l &+= 1 } else { scratch[r] = i; r &+= 1 }
                                }
                                for k in 0..<r { orders[o &+ l &+ k] = scratch[k] }
                            }
                            let left = prefix[bestSplit]
                            boxes[pick] = Box(start: box.start, end: mid, m: left)
                            boxes.append(Box(start: mid, end: box.end, m: total - left))
                            totalError += boxes[pick].sse + boxes[boxes.count - 1].sse - box.sse
                        }
                    }
                }
            }
        }
        }
        }

        let centroids = boxes.enumerated().map { k, box in
            var w = 0.0, r = 0.0, g = 0.0, b = 0.0
            for j in box.start..<box.end {
                let i = orders[j]
                let e = entries[i]
                membership[i] = k
                w += e.weight; r += e.r * e.weight; g += e.g * e.weight; b += e.b * e.weight
            }
            return w > 0 ? (r / w, g / w, b / w) : (0, 0, 0)
        }
        return (centroids, membership)
    }
}
