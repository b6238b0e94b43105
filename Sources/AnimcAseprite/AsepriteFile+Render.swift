import AnimcPixels

extension AsepriteFile {
    /// The version of the compositor's output: part of the keys of frames read from Aseprite files,
    /// so a change to how frames are composited re-renders them.
    public static let compositorVersion = 1

    /// Frame `index` as Aseprite shows it: the visible layers bottom to top (cels reordered by their
    /// z-index among their siblings), each cel with its cel × layer opacity and its layer's blend mode,
    /// groups composited separately with their own blend mode and opacity when the file says so
    /// (header flag 2), reference layers left out. With `layers`, only the layers named there are
    /// drawn — a named layer even if it or its group is hidden in the file; inside a named group,
    /// its layers as the file shows them.
    public func render(frame index: Int, layers selection: [String]? = nil) throws(AsepriteError) -> RGBAImage {
        guard index >= 0, index < frames.count else {
            throw AsepriteError("frame \(index) does not exist (the file has \(frames.count))")
        }
        if let selection {
            let names = Set(layers.map(\.name))
            for name in selection where !names.contains(name) {
                throw AsepriteError("no layer is named '\(name)' (layers: \(layers.map(\.name).joined(separator: ", ")))")
            }
        }
        var r = Renderer(file: self, frame: index, selection: selection.map(Set.init))
        var canvas = [UInt8](repeating: 0, count: width * height * 4)
        try r.drawChildren(of: nil, into: &canvas)
        return RGBAImage(width: width, height: height, pixels: canvas)
    }

    /// The cel a layer shows in a frame, following a link to the cel it shares its picture,
    /// position and opacity with; nil when the layer is empty there. The z-index is the frame's own.
    func cel(layer: Int, frame: Int) -> (cel: Cel, zIndex: Int)? {
        guard let own = frames[frame].cel(layer: layer) else { return nil }
        // Reading pointed every link at the frame that holds its picture.
        guard case .linked(let target) = own.content, let origin = frames[target].cel(layer: layer) else { return (own, own.zIndex) }
        return (origin, own.zIndex)
    }
}

/// One frame's composite in progress.
struct Renderer {
    let file: AsepriteFile
    let frame: Int
    let selection: Set<String>?
    /// Each group's layers (and the top level's, under -1), in file order.
    let children: [Int: [Int]]
    /// Groups with at least one layer drawn inside them.
    let groupsWithDrawing: Set<Int>
    /// Decompressed tilesets, by id, as this frame needs them.
    var tilesets: [Int: [UInt8]] = [:]

    init(file: AsepriteFile, frame: Int, selection: Set<String>?) {
        self.file = file; self.frame = frame; self.selection = selection
        var children: [Int: [Int]] = [:]
        for (i, l) in file.layers.enumerated() { children[l.parent ?? -1, default: []].append(i) }
        self.children = children
        var marked = Set<Int>()
        for i in file.layers.indices where file.layers[i].kind != .group && Renderer.drawn(i, file: file, selection: selection) {
            var p = file.layers[i].parent
            while let g = p, marked.insert(g).inserted { p = file.layers[g].parent }
        }
        groupsWithDrawing = marked
    }

    /// Whether an image or tilemap layer is drawn (see `AsepriteFile.render`).
    static func drawn(_ index: Int, file: AsepriteFile, selection: Set<String>?) -> Bool {
        var i: Int? = index
        var visible = true
        while let l = i {
            let layer = file.layers[l]
            if let selection, selection.contains(layer.name) { return visible || l == index }
            if !layer.visible { visible = false }
            i = layer.parent
        }
        return selection == nil && visible
    }

    mutating func drawChildren(of parent: Int?, into canvas: inout [UInt8], depth: Int = 0) throws(AsepriteError) {
        var order: [(index: Int, z: Int)] = []
        for i in children[parent ?? -1] ?? [] {
            let z = file.layers[i].kind == .group ? 0 : (file.cel(layer: i, frame: frame)?.zIndex ?? 0)
            order.append((i, z))
        }
        // Back to front by layer index plus z-index; on a tie the smaller z-index goes first.
        order.sort { a, b in (a.index + a.z, a.z, a.index) < (b.index + b.z, b.z, b.index) }
        for (i, _) in order {
            let layer = file.layers[i]
            if layer.isReference { continue }
            switch layer.kind {
            case .group:
                guard groupsWithDrawing.contains(i) else { continue }
                if file.flags & 2 != 0 {
                    guard (depth + 2) * canvas.count <= AsepriteFile.maxGroupCanvasBytes else {
                        throw AsepriteError("group '\(layer.name)' is nested too deep to composite separately on a \(file.width)×\(file.height) canvas")
                    }
                    var group = [UInt8](repeating: 0, count: canvas.count)
                    try drawChildren(of: i, into: &group, depth: depth + 1)
                    Renderer.composite(group, width: file.width, into: &canvas, canvasWidth: file.width, at: (0, 0),
                                       mode: layer.blend, opacity: layer.opacity)
                } else {
                    try drawChildren(of: i, into: &canvas, depth: depth)
                }
            case .image, .tilemap:
                guard Renderer.drawn(i, file: file, selection: selection), let (cel, _) = file.cel(layer: i, frame: frame) else { continue }
                let (w, pixels) = try rgba(of: cel, layer: layer)
                Renderer.composite(pixels, width: w, into: &canvas, canvasWidth: file.width, at: (cel.x, cel.y),
                                   mode: layer.blend, opacity: Blend.mul(cel.opacity, layer.opacity))
            }
        }
    }

    /// Lays `source` (RGBA, `width` wide) over `canvas` at `origin`, clipped to the canvas.
    static func composite(_ source: [UInt8], width: Int, into canvas: inout [UInt8], canvasWidth: Int,
                          at origin: (x: Int, y: Int), mode: BlendMode, opacity: Int) {
        guard width > 0 else { return }
        let height = source.count / (width * 4)
        let canvasHeight = canvas.count / (canvasWidth * 4)
        let x0 = max(0, origin.x), x1 = min(canvasWidth, origin.x + width)
        let y0 = max(0, origin.y), y1 = min(canvasHeight, origin.y + height)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 {
                let s = ((y - origin.y) * width + (x - origin.x)) * 4
                let d = (y * canvasWidth + x) * 4
                let src = Pixel(r: Int(source[s]), g: Int(source[s + 1]), b: Int(source[s + 2]), a: Int(source[s + 3]))
                let dst = Pixel(r: Int(canvas[d]), g: Int(canvas[d + 1]), b: Int(canvas[d + 2]), a: Int(canvas[d + 3]))
                let out = Blend.apply(mode, backdrop: dst, source: src, opacity: opacity)
                canvas[d] = UInt8(out.r); canvas[d + 1] = UInt8(out.g); canvas[d + 2] = UInt8(out.b); canvas[d + 3] = UInt8(out.a)
            }
        }
    }
}
