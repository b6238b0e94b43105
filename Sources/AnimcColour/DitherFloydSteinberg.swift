import AnimcPixels
/// Serpentine Floyd–Steinberg error diffusion in fixed tiles, tuned for animation stability.
///
/// The frame is cut into `tileSize`×`tileSize` tiles at fixed positions (columns and rows at multiples
/// of `tileSize` from the top-left corner; tiles on the right and bottom edges may be smaller), and
/// error never crosses a tile boundary. A tile's indices are therefore a pure function of its own
/// source pixels, the palette and the options (the same pixels give the same indices in any tile).
/// With one palette for all frames (`scope: global`), a tile whose source pixels are the same in two
/// frames gets the same indices in both, so a static region can only shimmer inside a tile that also
/// holds a changed pixel. Each frame is still dithered alone, so a quantize step depends only on its
/// frame and the palette and a changed frame never forces another frame to be quantized again.
///
/// Inside a tile, rows alternate direction by their row number in the frame (even rows left to
/// right); tiles start on even rows, so this is the same rule for every tile. The error flow is also
/// limited by pixel, so a pixel's result depends on its own neighbourhood as much as possible:
/// - the accumulated error per channel is clamped to ±`errorLimit`, so no long error "debt" builds up;
/// - error is only passed to a neighbour whose source colour is close to the current pixel's source
///   colour (sum of channel differences ≤ `edgeThreshold`): strong edges are error barriers, so
///   error does not leak between objects even inside a tile;
/// - transparent pixels neither receive nor spread error;
/// - residuals of at most `deadZone` per channel are dropped, so areas whose colours are in or very
///   near the palette carry no error at all (this also keeps fine palettes from adding noise that
///   costs LZW bytes and PSNR; measured on a 256-colour mandelbrot zoom: -14% bytes, +0.5 dB).
///
/// At a tile's edges: the last pixel of a row has no neighbour ahead, so its ahead shares (7/16 and
/// 1/16 below ahead) go down instead (6/16 below behind, 10/16 below). Dropping them made each tile's
/// first and last columns visibly darker or lighter than the source in flat areas between two palette
/// colours (a flat 25% grey, 64, with a black/white palette averaged 0 and 11 in a tile's first and
/// last columns and 106 next to them); passed down, they come out like the tile's interior (42...74).
/// The bottom row of a tile passes only its 7/16 ahead, the rest is dropped; the first pixel of a row
/// drops its 3/16 below behind.
/// What remains visible in flat areas of very coarse palettes: every tile starts without error, so
/// the first rows of each tile repeat a start-up pattern and identical tiles repeat identical patterns.
enum FloydSteinberg {
    /// Side of the square tiles error stays inside, a power of two (see `tileShift`).
    ///
    /// Why 16: a changed pixel can only change indices inside its tile, so smaller tiles keep shimmer
    /// closer to what moved, and they also dropped bytes and raised PSNR on our frame sets (less error
    /// travels). But every tile starts without error, and with 8 the start-up rows of each tile showed
    /// as horizontal stripes every 8 rows in flat mid-tones (low-pass error on a flat 25% grey, black
    /// and white palette: full frame 3.9, 8: 9.9, 16: 6.6, 32: 4.8). Measured with Floyd–Steinberg and
    /// a global 256-colour palette on footage-384x288 (camera-like grain): static pixels that changed
    /// between frames 17.1% without tiles, 4.7% (8), 9.4% (16), 13.0% (32), 15.0% (64); bytes 4.13 MB,
    /// 2.71, 3.33, 3.69, 3.91; other sets within 0.3% bytes of no tiles for 16 and 32.
    static let tileSize = 1 << tileShift
    static let tileShift = 4
    static let errorLimit = 64
    static let edgeThreshold = 96
    static let deadZone = 3

    static func run(_ px: UnsafeBufferPointer<UInt8>, _ dst: UnsafeMutableBufferPointer<UInt8>,
                    width w: Int, height h: Int, colors: [RGBColor], threshold: UInt8, transparent: UInt8?,
                    strength: Double, cache: inout NearestColorCache) {
        if w == 0 || h == 0 { return }
        var pal = [Int](repeating: 0, count: 768)
        for (i, c) in colors.prefix(256).enumerated() {
            pal[i * 3] = Int(c.r); pal[i * 3 + 1] = Int(c.g); pal[i * 3 + 2] = Int(c.b)
        }
        let s = Int((strength * 256).rounded())
        let ti = transparent ?? 0
        let hasT = transparent != nil
        // Two error rows with one pixel of padding on each side, ×16 fixed point. The tiles of a row
        // share them: each reads and writes only its own columns.
        let stride = (w + 2) * 3
        var rowA = [Int](repeating: 0, count: stride)
        var rowB = [Int](repeating: 0, count: stride)
        let limit = errorLimit
        pal.withUnsafeBufferPointer { pal in
            for y in 0..<h {
                let forward = y & 1 == 0
                let dir = forward ? 1 : -1
                // Error goes down only while the next row is in the same row of tiles.
                let down = y + 1 < h && (y + 1) >> tileShift == y >> tileShift
                rowA.withUnsafeMutableBufferPointer { cur in
                    rowB.withUnsafeMutableBufferPointer { next in
                        for k in 0..<stride { next[k] = 0 }
                        var x0 = 0  // one tile's part of the row at a time
                        while x0 < w {
                            let x1 = min(w, x0 + tileSize)
                            var x = forward ? x0 : x1 - 1
                            for _ in x0..<x1 {
                                let i = y * w + x
                                let o = i * 4
                                let e = (x + 1) * 3
                                if hasT && px[o + 3] < threshold { dst[i] = ti; x += dir; continue }
                                let sr = Int(px[o]), sg = Int(px[o + 1]), sb = Int(px[o + 2])
                                let er = min(limit, max(-limit, cur[e] >> 4))
                                let eg = min(limit, max(-limit, cur[e + 1] >> 4))
                                let eb = min(limit, max(-limit, cur[e + 2] >> 4))
                                let r = min(255, max(0, sr + er))
                                let g = min(255, max(0, sg + eg))
                                let b = min(255, max(0, sb + eb))
                                let q = Int(cache.lookup(r, g, b))
                                dst[i] = UInt8(q)
                                var dr = (r - pal[q * 3]) * s >> 8
                                var dg = (g - pal[q * 3 + 1]) * s >> 8
                                var db = (b - pal[q * 3 + 2]) * s >> 8
                                if abs(dr) <= deadZone { dr = 0 }
                                if abs(dg) <= deadZone { dg = 0 }
                                if abs(db) <= deadZone { db = 0 }
                                if dr == 0 && dg == 0 && db == 0 { x += dir; continue }
                                // Weights /16: ahead on this row, then behind, straight and ahead on the
                                // next row; never outside this tile (x0..<x1, this row of tiles).
                                let xa = x + dir, xb = x - dir
                                let aIn = xa >= x0 && xa < x1, bIn = xb >= x0 && xb < x1
                                var wa = 7, wb = 3, wd = 5, wad = 1
                                if !aIn { wa = 0; wad = 0; if down { wb = bIn ? 6 : 0; wd = bIn ? 10 : 16 } }
                                if !bIn { wb = 0 }
                                if wa != 0 && accepts(px, i + dir, sr, sg, sb, threshold, hasT) {
                                    let t = (xa + 1) * 3
                                    cur[t] += dr * wa; cur[t + 1] += dg * wa; cur[t + 2] += db * wa
                                }
                                if down {
                                    let below = i + w
                                    if wb != 0 && accepts(px, below - dir, sr, sg, sb, threshold, hasT) {
                                        let t = (xb + 1) * 3
                                        next[t] += dr * wb; next[t + 1] += dg * wb; next[t + 2] += db * wb
                                    }
                                    if accepts(px, below, sr, sg, sb, threshold, hasT) {
                                        next[e] += dr * wd; next[e + 1] += dg * wd; next[e + 2] += db * wd
                                    }
                                    if wad != 0 && accepts(px, below + dir, sr, sg, sb, threshold, hasT) {
                                        let t = (xa + 1) * 3
                                        next[t] += dr * wad; next[t + 1] += dg * wad; next[t + 2] += db * wad
                                    }
                                }
                                x += dir
                            }
                            x0 = x1
                        }
                    }
                }
                swap(&rowA, &rowB)
            }
        }
    }

    /// Whether the pixel at `j` takes error from a pixel of source colour (r, g, b).
    @inline(__always)
    static func accepts(_ px: UnsafeBufferPointer<UInt8>, _ j: Int, _ r: Int, _ g: Int, _ b: Int,
                        _ threshold: UInt8, _ hasT: Bool) -> Bool {
        let o = j * 4
        if hasT && px[o + 3] < threshold { return false }
        return abs(Int(px[o]) - r) + abs(Int(px[o + 1]) - g) + abs(Int(px[o + 2]) - b) <= edgeThreshold
    }
}
