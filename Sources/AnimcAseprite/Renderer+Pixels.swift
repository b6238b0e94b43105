extension Renderer {
    /// A cel's pixels as RGBA and its width. Indexed pixels take the file's palette; the
    /// transparent index is clear except on the background layer; grayscale is value, alpha.
    mutating func rgba(of cel: AsepriteFile.Cel, layer: AsepriteFile.Layer) throws(AsepriteError) -> (Int, [UInt8]) {
        let (w, h, raw) = try native(cel, layer: layer)
        var out = [UInt8](repeating: 0, count: w * h * 4)
        switch file.colorMode {
        case .rgba:
            out = raw
        case .grayscale:
            for i in 0..<(w * h) {
                let v = raw[i * 2]
                out[i * 4] = v; out[i * 4 + 1] = v; out[i * 4 + 2] = v; out[i * 4 + 3] = raw[i * 2 + 1]
            }
        case .indexed:
            let palette = file.palette(at: frame)
            let clear = layer.isBackground ? -1 : file.transparentIndex
            for i in 0..<(w * h) {
                let index = Int(raw[i])
                guard index != clear, index * 4 + 3 < palette.count else { continue }
                for k in 0..<4 { out[i * 4 + k] = palette[index * 4 + k] }
            }
        }
        return (w, out)
    }

    /// A cel's pixels in the sprite's colour mode: its image, or its tilemap laid out from the tileset.
    mutating func native(_ cel: AsepriteFile.Cel, layer: AsepriteFile.Layer) throws(AsepriteError) -> (Int, Int, [UInt8]) {
        let bpp = file.colorMode.bytesPerPixel
        switch cel.content {
        case let .image(w, h, range, compressed):
            let count = w * h * bpp
            if compressed {
                return (w, h, try Inflate.exact(file.bytes, range, count: count, what: "the cel of layer '\(layer.name)' in frame \(frame)"))
            }
            return (w, h, Array(file.bytes[range.lowerBound..<(range.lowerBound + count)]))
        case .linked:
            throw AsepriteError("a linked cel leads to another link", at: cel.offset)
        case .tilemap(let map):
            guard case .tilemap(let id) = layer.kind, let set = file.tilesets[id] else {
                throw AsepriteError("a tilemap cel lies on layer '\(layer.name)', which is not a tilemap layer", at: cel.offset)
            }
            return try tiles(map, set, layer: layer, at: cel.offset)
        }
    }

    mutating func tiles(_ map: AsepriteFile.Tilemap, _ set: AsepriteFile.Tileset, layer: AsepriteFile.Layer,
                        at offset: Int) throws(AsepriteError) -> (Int, Int, [UInt8]) {
        let bpp = file.colorMode.bytesPerPixel
        let (tw, th) = (set.tileWidth, set.tileHeight)
        let w = map.columns * tw, h = map.rows * th
        guard w <= AsepriteFile.maxSide, h <= AsepriteFile.maxSide, w * h <= AsepriteFile.maxPixels else {
            throw AsepriteError("tilemap of layer '\(layer.name)' is \(w)×\(h) pixels, over animc's limit", at: offset)
        }
        let grid = try Inflate.exact(file.bytes, map.range, count: map.columns * map.rows * 4,
                                     what: "the tilemap of layer '\(layer.name)' in frame \(frame)")
        if tilesets[set.id] == nil {
            tilesets[set.id] = try Inflate.exact(file.bytes, set.range, count: set.count * tw * th * bpp,
                                                 what: "tileset \(set.id)")
        }
        let image = tilesets[set.id]!
        let empty: UInt8 = file.colorMode == .indexed && !layer.isBackground ? UInt8(file.transparentIndex) : 0
        var out = [UInt8](repeating: empty, count: w * h * bpp)
        for row in 0..<map.rows {
            for col in 0..<map.columns {
                let g = (row * map.columns + col) * 4
                let value = UInt32(grid[g]) | UInt32(grid[g + 1]) << 8 | UInt32(grid[g + 2]) << 16 | UInt32(grid[g + 3]) << 24
                let id = Int(value & map.idMask)
                if set.emptyIsZero ? id == 0 : value == 0xFFFF_FFFF { continue }
                // A tile the set does not hold shows nothing.
                guard id < set.count else { continue }
                let (fx, fy, fd) = (value & map.xFlip != 0, value & map.yFlip != 0, value & map.dFlip != 0)
                if fd, tw != th {
                    throw AsepriteError("a diagonally flipped tile in a tileset of \(tw)×\(th) tiles (not square)", at: offset)
                }
                for v in 0..<th {
                    for u in 0..<tw {
                        // Undo the flips in reverse: vertical, horizontal, then the diagonal (a transpose).
                        var (sx, sy) = (fx ? tw - 1 - u : u, fy ? th - 1 - v : v)
                        if fd { (sx, sy) = (sy, sx) }
                        let s = ((id * th + sy) * tw + sx) * bpp
                        let d = ((row * th + v) * w + col * tw + u) * bpp
                        for k in 0..<bpp { out[d + k] = image[s + k] }
                    }
                }
            }
        }
        return (w, h, out)
    }
}
