extension ChunkReader {
    mutating func readLayer(_ r: inout ByteReader) throws(AsepriteError) {
        let start = r.offset
        let layerFlags = try r.u16()
        let type = try r.u16()
        let level = try r.u16()
        try r.skip(4)
        let blendValue = try r.u16()
        let opacityValue = try r.u8()
        try r.skip(3)
        let name = try r.string()
        let kind: AsepriteFile.Layer.Kind
        switch type {
        case 0: kind = .image
        case 1: kind = .group
        case 2: kind = .tilemap(tileset: Int(try r.u32()))
        default: throw AsepriteError("layer '\(name)' has unknown type \(type)", at: start)
        }
        guard layers.count < 65535 else { throw AsepriteError("more than 65535 layers", at: start) }
        guard level <= AsepriteFile.maxGroupDepth else {
            throw AsepriteError("layer '\(name)' is nested \(level) groups deep, over animc's limit of \(AsepriteFile.maxGroupDepth)", at: start)
        }
        guard level <= groupAtLevel.count else {
            throw AsepriteError("layer '\(name)' is at child level \(level) with no group at level \(level - 1) above it", at: start)
        }
        groupAtLevel.removeSubrange(level...)
        let parent = level == 0 ? nil : groupAtLevel[level - 1]
        let isGroup = kind == .group
        // Blend mode and opacity hold for groups only when the header says so (flag 2); the
        // opacity of any layer only with flag 1.
        let blendValid = !isGroup || flags & 2 != 0
        let opacityValid = flags & 1 != 0 && (!isGroup || flags & 2 != 0)
        guard let blend = BlendMode(rawValue: blendValid ? blendValue : 0) else {
            throw AsepriteError("layer '\(name)' has unknown blend mode \(blendValue)", at: start)
        }
        layers.append(AsepriteFile.Layer(name: name, kind: kind, flags: layerFlags, blend: blend,
                                         opacity: opacityValid ? opacityValue : 255, parent: parent))
        if isGroup { groupAtLevel.append(layers.count - 1) }
    }

    mutating func readCel(_ r: inout ByteReader, at offset: Int) throws(AsepriteError) -> AsepriteFile.Cel {
        let layer = try r.u16()
        let x = try r.i16(), y = try r.i16()
        let opacity = try r.u8()
        let type = try r.u16()
        let z = try r.i16()
        try r.skip(5)
        let content: AsepriteFile.Cel.Content
        switch type {
        case 0, 2:
            let w = try r.u16(), h = try r.u16()
            guard w * h <= AsepriteFile.maxPixels else {
                throw AsepriteError("a cel of \(w)×\(h) pixels is over animc's limit of \(AsepriteFile.maxPixels) pixels", at: offset)
            }
            let range = r.rest()
            if type == 0, range.count < w * h * mode.bytesPerPixel {
                throw AsepriteError("a raw cel of \(w)×\(h) pixels needs \(w * h * mode.bytesPerPixel) bytes, its chunk holds \(range.count)", at: offset)
            }
            content = .image(width: w, height: h, range: range, compressed: type == 2)
        case 1:
            content = .linked(frame: try r.u16())
        case 3:
            let w = try r.u16(), h = try r.u16()
            let bits = try r.u16()
            let idMask = try r.u32(), xf = try r.u32(), yf = try r.u32(), df = try r.u32()
            try r.skip(10)
            guard bits == 32 else { throw AsepriteError("tilemap cel with \(bits) bits per tile (only 32 is specified)", at: offset) }
            guard w * h <= AsepriteFile.maxPixels / 4 else {
                throw AsepriteError("a tilemap of \(w)×\(h) tiles is over animc's limit", at: offset)
            }
            content = .tilemap(AsepriteFile.Tilemap(columns: w, rows: h, idMask: idMask, xFlip: xf, yFlip: yf, dFlip: df, range: r.rest()))
        default:
            throw AsepriteError("a cel has unknown type \(type)", at: offset)
        }
        return AsepriteFile.Cel(layer: layer, x: x, y: y, opacity: opacity, zIndex: z, content: content, offset: offset)
    }

    mutating func readTags(_ r: inout ByteReader) throws(AsepriteError) {
        let count = try r.u16()
        try r.skip(8)
        // Each tag takes at least 19 bytes: a count larger than the chunk allows is refused by the reads.
        for _ in 0..<count {
            let start = r.offset
            let from = try r.u16(), to = try r.u16()
            let dir = try r.u8()
            try r.skip(2 + 6 + 3 + 1)
            let name = try r.string()
            guard let direction = AsepriteFile.Tag.Direction(rawValue: dir) else {
                throw AsepriteError("tag '\(name)' has unknown direction \(dir)", at: start)
            }
            tags.append(AsepriteFile.Tag(name: name, from: from, to: to, direction: direction))
        }
    }

    mutating func readPalette(_ r: inout ByteReader) throws(AsepriteError) {
        let start = r.offset
        let size = Int(try r.u32()), first = Int(try r.u32()), last = Int(try r.u32())
        try r.skip(8)
        guard size <= 65536, first <= last, last < size else {
            throw AsepriteError("palette chunk with size \(size) changing entries \(first)…\(last)", at: start)
        }
        // Six bytes at least per entry: refuse a range the chunk cannot hold before allocating.
        guard (last - first + 1) * 6 <= r.remaining else { throw r.short((last - first + 1) * 6) }
        var p = palette ?? []
        if p.count < size * 4 { p += [UInt8](repeating: 0, count: size * 4 - p.count) } else { p.removeSubrange((size * 4)...) }
        for i in first...last {
            let entryFlags = try r.u16()
            for k in 0..<4 { p[i * 4 + k] = UInt8(try r.u8()) }
            if entryFlags & 1 != 0 { _ = try r.string() }
        }
        palette = p
    }

    /// FLI colour chunks: packets of RGB entries, alpha 255; 0x0011 stores 0…63 levels.
    mutating func readOldPalette(_ r: inout ByteReader, sixBit: Bool) throws(AsepriteError) {
        var p = oldPalette ?? []
        var index = 0
        let packets = try r.u16()
        for _ in 0..<packets {
            index += try r.u8()
            var n = try r.u8()
            if n == 0 { n = 256 }
            guard index + n <= 256 else { throw AsepriteError("old palette chunk runs past 256 entries", at: r.offset) }
            if p.count < (index + n) * 4 { p += [UInt8](repeating: 0, count: (index + n) * 4 - p.count) }
            for i in index..<(index + n) {
                for k in 0..<3 {
                    let v = try r.u8()
                    p[i * 4 + k] = UInt8(sixBit ? (v << 2 | v >> 4) & 0xFF : v)
                }
                p[i * 4 + 3] = 255
            }
            index += n
        }
        oldPalette = p
    }

    mutating func readTileset(_ r: inout ByteReader, at offset: Int) throws(AsepriteError) {
        let id = Int(try r.u32())
        let tsFlags = try r.u32()
        let count = Int(try r.u32())
        let tw = try r.u16(), th = try r.u16()
        try r.skip(2 + 14)
        let name = try r.string()
        if tsFlags & 1 != 0 { try r.skip(8) }
        guard tsFlags & 2 != 0 else {
            throw AsepriteError("tileset '\(name)' lives in an external file, which animc does not read", at: offset)
        }
        let length = Int(try r.u32())
        guard length <= r.remaining else { throw r.short(length) }
        guard tw > 0, th > 0, count <= AsepriteFile.maxPixels, tw * th * count <= AsepriteFile.maxPixels else {
            throw AsepriteError("tileset '\(name)' of \(count) tiles of \(tw)×\(th) is empty or over animc's limit of \(AsepriteFile.maxPixels) pixels", at: offset)
        }
        tilesets[id] = AsepriteFile.Tileset(id: id, count: count, tileWidth: tw, tileHeight: th,
                                            emptyIsZero: tsFlags & 4 != 0, range: r.offset..<(r.offset + length), offset: offset)
    }
}
