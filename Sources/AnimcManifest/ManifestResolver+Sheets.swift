import AnimcBasics

/// A `sheet:` source's tiles: the grid checked against the sheet's size, then the tiles it picks.
extension ManifestResolver.Run {
    mutating func sheet(_ spec: SheetSpec, _ loc: SourceLocation) -> [(String, TileRect?, Double?)] {
        guard let rel = existing([spec.path], loc).first else { return [] }
        let size: (width: Int, height: Int)
        do {
            size = try inspector.imageSize(absolutePath(rel))
        } catch {
            self.error("cannot read sprite sheet '\(spec.path)': \(error)", at: loc)
            return []
        }
        // A header may claim any size up to 2^31 a side; decoding would refuse it, and its tiles
        // could number in the billions.
        guard ManifestLimits.fits(width: size.width, height: size.height) else {
            error("sprite sheet '\(spec.path)' is \(size.width)×\(size.height) pixels, over animc's limit of \(ManifestLimits.maxSide) on a side and \(ManifestLimits.maxPixels) pixels in all", at: loc)
            return []
        }
        let (tw, th, m, s) = (spec.tileWidth, spec.tileHeight, spec.margin, spec.spacing)
        let fitColumns = max(0, (size.width - 2 * m + s) / (tw + s))
        let rows = max(0, (size.height - 2 * m + s) / (th + s))
        let sizeText = "\(size.width)×\(size.height)"
        if fitColumns < 1 || rows < 1 {
            error("sprite sheet '\(spec.path)' (\(sizeText)) is smaller than one \(tw)×\(th) tile" +
                  (m > 0 || s > 0 ? " with margin \(m) and spacing \(s)" : ""), at: loc)
            return []
        }
        let columns = spec.columns ?? fitColumns
        if columns > fitColumns {
            error("'columns' is \(columns) but sprite sheet '\(spec.path)' (\(sizeText)) fits only \(fitColumns) tiles of \(tw)×\(th) across", at: loc)
            return []
        }
        if let misfit = SheetGrid.misfit(spec, width: size.width, height: size.height, columnsGiven: spec.columns != nil) {
            error("sprite sheet '\(spec.path)' (\(sizeText)) does not fit its grid: \(misfit)", at: loc)
            return []
        }
        let available = columns * rows
        guard let indices = pickedTiles(spec, loc, columns: columns, rows: rows, sizeText: sizeText) else { return [] }
        guard let delays = tileDelays(spec, indices, loc, available: available) else { return [] }
        return indices.enumerated().map { k, i in
            let col = i % columns, row = i / columns
            return (rel, TileRect(x: m + col * (tw + s), y: m + row * (th + s), width: tw, height: th), delays?[k])
        }
    }

    /// The tile numbers the source takes, in order; nil after an error.
    private mutating func pickedTiles(_ spec: SheetSpec, _ loc: SourceLocation, columns: Int, rows: Int,
                                      sizeText: String) -> [Int]? {
        let available = columns * rows
        let tiles = "\(spec.tileWidth)×\(spec.tileHeight)"
        let at = { (key: String) in spec.locations.keys[key] ?? loc }
        switch spec.pick {
        case .start(let first):
            if first >= available {
                error("'start' is \(first) but sprite sheet '\(spec.path)' (\(sizeText)) holds tiles 0…\(available - 1) of \(tiles)", at: at("start"))
                return nil
            }
            let count = spec.count ?? (available - first)
            if first + count > available {
                if first == 0 {
                    error("'count' is \(count) but sprite sheet '\(spec.path)' (\(sizeText)) holds only \(available) tiles of \(tiles)", at: loc)
                } else {
                    error("'start' \(first) with 'count' \(count) needs tiles up to \(first + count - 1), but sprite sheet '\(spec.path)' (\(sizeText)) holds tiles 0…\(available - 1) of \(tiles)", at: at("count"))
                }
                return nil
            }
            if count > ManifestLimits.maxSourceFrames {  // refused before listing them
                error("a sprite sheet may give at most \(ManifestLimits.maxSourceFrames) frames, but '\(spec.path)' (\(sizeText)) gives \(count) tiles of \(tiles); set 'count'", at: loc)
                return nil
            }
            return Array(first..<(first + count))
        case .row(let r):
            if r >= rows {
                error("'row' is \(r) but sprite sheet '\(spec.path)' (\(sizeText)) has \(rows) row\(rows == 1 ? "" : "s") of \(tiles) tiles (0…\(rows - 1))", at: at("row"))
                return nil
            }
            let count = spec.count ?? columns
            if count > columns {
                error("'count' is \(count) but a row of sprite sheet '\(spec.path)' (\(sizeText)) holds \(columns) tiles of \(tiles)", at: at("count"))
                return nil
            }
            return Array((r * columns)..<(r * columns + count))
        case .tiles(let list):
            var ok = true
            for i in Set(list).sorted() where i >= available {
                error("tile \(i) is past the end of sprite sheet '\(spec.path)' (\(sizeText)), which holds tiles 0…\(available - 1) of \(tiles) (\(columns) to a row)",
                      at: spec.locations.tileEntries[i] ?? at("tiles"))
                ok = false
            }
            return ok ? list : nil
        }
    }

    /// Each frame's own delay (nil: the timing's), from `delays:`; nil after an error.
    private mutating func tileDelays(_ spec: SheetSpec, _ indices: [Int], _ loc: SourceLocation,
                                     available: Int) -> [Double?]?? {
        guard let delays = spec.delays else { return .some(nil) }
        let at = spec.locations.keys["delays"] ?? loc
        switch delays {
        case .perFrame(let list):
            if list.count != indices.count {
                error("'delays' lists \(list.count) delay\(list.count == 1 ? "" : "s") but this sheet source gives \(indices.count) frame\(indices.count == 1 ? "" : "s"); give one delay per frame", at: at)
                return nil
            }
            return .some(list)
        case .perTile(let byTile):
            let taken = Set(indices)
            var ok = true
            for t in byTile.keys.sorted() where !taken.contains(t) {
                let range = indices.count == 1 ? "only tile \(indices[0])" : "tiles \(indices.min()!)…\(indices.max()!)"
                error("'delays' gives tile \(t) a delay, but this source does not take that tile (it takes \(range))",
                      at: spec.locations.delayEntries[t] ?? at)
                ok = false
            }
            return ok ? .some(indices.map { byTile[$0] }) : nil
        }
    }
}

/// Whether a sheet's size is exactly its grid of tiles, and what would fit when not.
enum SheetGrid {
    /// Why the grid leaves pixels over (or nil when it fits), with settings that would fit exactly.
    /// `columnsGiven`: `columns:` chose fewer tiles across on purpose, so the width is not checked.
    static func misfit(_ spec: SheetSpec, width: Int, height: Int, columnsGiven: Bool) -> String? {
        let (tw, th, m, s) = (spec.tileWidth, spec.tileHeight, spec.margin, spec.spacing)
        func over(_ side: Int, _ tile: Int, _ margin: Int, _ spacing: Int) -> (count: Int, used: Int) {
            let n = max(0, (side - 2 * margin + spacing) / (tile + spacing))
            return (n, n == 0 ? 2 * margin : 2 * margin + n * tile + (n - 1) * spacing)
        }
        let x = over(width, tw, m, s), y = over(height, th, m, s)
        let xOver = columnsGiven ? 0 : width - x.used, yOver = height - y.used
        guard xOver != 0 || yOver != 0 else { return nil }
        var parts: [String] = []
        if xOver != 0 { parts.append("\(x.count) column\(x.count == 1 ? "" : "s") of \(tw) px take \(x.used) of its \(width) pixels across, leaving \(xOver) over") }
        if yOver != 0 { parts.append("\(y.count) row\(y.count == 1 ? "" : "s") of \(th) px take \(y.used) of its \(height) pixels down, leaving \(yOver) over") }
        let settings = "margin \(m), spacing \(s)"
        var text = parts.joined(separator: ", and ") + " (\(settings))"
        // Settings that would fit: another spacing, another margin, or another tile size.
        func fits(_ margin: Int, _ spacing: Int, _ w: Int, _ h: Int) -> Bool {
            let a = over(width, w, margin, spacing), b = over(height, h, margin, spacing)
            return a.count >= 1 && b.count >= 1 && (columnsGiven || a.used == width) && b.used == height
        }
        var hints: [String] = []
        if let sp = (0...64).first(where: { $0 != s && fits(m, $0, tw, th) }) { hints.append("spacing: \(sp)") }
        if let mg = (0...64).first(where: { $0 != m && fits($0, s, tw, th) }) { hints.append("margin: \(mg)") }
        if hints.isEmpty {
            let ws = columnsGiven ? [tw] : (1...min(width, 4 * tw)).filter { fits(m, s, $0, th) || $0 == tw }
            let hs = (1...min(height, 4 * th)).filter { fits(m, s, tw, $0) || $0 == th }
            if let w = ws.min(by: { abs($0 - tw) < abs($1 - tw) }), let h = hs.min(by: { abs($0 - th) < abs($1 - th) }),
               (w, h) != (tw, th), fits(m, s, w, h) {
                hints.append("tile: {width: \(w), height: \(h)}")
            }
        }
        if hints.isEmpty {
            text += "; no spacing or margin up to 64 fits exactly: check the tile size, or crop the sheet to \(columnsGiven ? width : x.used)×\(y.used)"
        } else {
            text += "; " + hints.joined(separator: " or ") + " would fit exactly"
        }
        return text
    }
}
