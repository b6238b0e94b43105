import AnimcBasics

/// A `sheet:` source's choice of tiles (`row`, `start`, `tiles`) and its own delays (`delays`).
extension ManifestParser {
    /// Reads `row`, `start`, `tiles` and `delays` into `spec`; false after an error. What needs the
    /// sheet's size (a row or tile past the end, a delay list longer than a row) is the resolver's.
    mutating func sheetPick(_ f: Fields, _ spec: inout SheetSpec) -> Bool {
        var ok = true
        for key in ["row", "start", "tiles", "count", "delays"] {
            if let k = f.keyNode(key) { spec.locations.keys[key] = k.location }
        }
        let picks = ["row", "start", "tiles"].filter { f.has($0) }
        if picks.count > 1 {
            let second = picks.map { f.keyNode($0)! }.sorted(by: Self.before)[1]
            error("'\(picks[0])' and '\(picks[1])' cannot be used together: a sheet source takes a whole row (row), tiles from a start (start, count) or a list of tiles (tiles)", at: second)
            ok = false
        }
        if f.has("tiles"), let c = f.keyNode("count") {
            error("'count' cannot be used with 'tiles': the list says how many tiles", at: c)
            ok = false
        }
        if f.has("delays"), let d = f.keyNode("delay") {
            error("'delay' and 'delays' cannot be used together: 'delays' gives each frame of this sheet its own delay", at: d)
            ok = false
        }
        let maxIndex = ManifestLimits.maxSourceFrames
        if let r = f["row"] {
            if let v = nonNegativeInteger("row", r, max: maxIndex) { spec.pick = .row(v) } else { ok = false }
        }
        if let s = f["start"] {
            if let v = nonNegativeInteger("start", s, max: maxIndex) { spec.pick = .start(v) } else { ok = false }
        }
        if let t = f["tiles"] {
            if let list = tileList(t, &spec) { spec.pick = .tiles(list) } else { ok = false }
        }
        if let d = f["delays"] {
            if let delays = sheetDelays(d, &spec) {
                spec.delays = delays
                if case .perFrame(let list) = delays, case .tiles(let tiles) = spec.pick, list.count != tiles.count {
                    error("'delays' lists \(list.count) delay\(list.count == 1 ? "" : "s") but 'tiles' lists \(tiles.count) tile\(tiles.count == 1 ? "" : "s"); give one delay per tile", at: d)
                    ok = false
                }
                if case .perFrame(let list) = delays, let count = spec.count, list.count != count {
                    error("'delays' lists \(list.count) delay\(list.count == 1 ? "" : "s") but 'count' is \(count); give one delay per frame", at: d)
                    ok = false
                }
            } else {
                ok = false
            }
        }
        return ok
    }

    private mutating func tileList(_ node: YAMLNode, _ spec: inout SheetSpec) -> [Int]? {
        guard case .sequence(let items) = node.kind else {
            error("'tiles' must be a list of tile numbers (counted from 0, row by row), not \(node.typeName)", at: node)
            return nil
        }
        guard !items.isEmpty else {
            error("'tiles' must list at least one tile", at: node)
            return nil
        }
        guard items.count <= ManifestLimits.maxSourceFrames else {
            error("'tiles' may list at most \(ManifestLimits.maxSourceFrames) tiles, got \(items.count)", at: node)
            return nil
        }
        var out: [Int] = []
        var ok = true
        for item in items {
            if let v = nonNegativeInteger("tiles", item, max: ManifestLimits.maxSourceFrames) {
                out.append(v)
                if spec.locations.tileEntries[v] == nil { spec.locations.tileEntries[v] = item.location }
            } else {
                ok = false
            }
        }
        return ok ? out : nil
    }

    /// `[100ms, 80ms]` or `[{tile: 3, delay: 100ms}, …]` (not both in one list).
    private mutating func sheetDelays(_ node: YAMLNode, _ spec: inout SheetSpec) -> SheetDelays? {
        guard case .sequence(let items) = node.kind, !items.isEmpty else {
            error("'delays' must be a non-empty list of delays ([100ms, 80ms]) or of {tile, delay} entries, not \(node.typeName)", at: node)
            return nil
        }
        guard items.count <= ManifestLimits.maxSourceFrames else {
            error("'delays' may list at most \(ManifestLimits.maxSourceFrames) delays, got \(items.count)", at: node)
            return nil
        }
        let mappings = items.filter { if case .mapping = $0.kind { return true } else { return false } }
        if !mappings.isEmpty, mappings.count != items.count {
            let odd = items.first { if case .mapping = $0.kind { return false } else { return true } }!
            let first = items[0]
            let firstIsMapping = { if case .mapping = first.kind { return true } else { return false } }()
            error("'delays' mixes plain delays and {tile, delay} entries; use one form for the whole list", at: firstIsMapping ? odd : mappings[0])
            return nil
        }
        var ok = true
        if mappings.isEmpty {
            var list: [Double] = []
            for item in items {
                if let d = duration("delays", item, allowZero: false) { list.append(d) } else { ok = false }
            }
            return ok ? .perFrame(list) : nil
        }
        var byTile: [Int: Double] = [:]
        for item in items {
            guard let e = fields(item, what: "a 'delays' entry", allowed: ["tile", "delay"], required: ["tile", "delay"]) else {
                ok = false; continue
            }
            guard let t = e["tile"], let d = e["delay"] else { ok = false; continue }
            let tile = nonNegativeInteger("tile", t, max: ManifestLimits.maxSourceFrames)
            let delay = duration("delay", d, allowZero: false)
            guard let tile, let delay else { ok = false; continue }
            if let first = spec.locations.delayEntries[tile] {
                error("tile \(tile) is given a delay twice in 'delays'", at: t)
                note("its first delay is here", at: first)
                ok = false
                continue
            }
            spec.locations.delayEntries[tile] = t.location
            byTile[tile] = delay
        }
        return ok ? .perTile(byTile) : nil
    }
}
