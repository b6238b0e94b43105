import AnimcBasics
import AnimcColour
import AnimcGIF
import AnimcPixels
import AnimcManifest
import AnimcPlan

/// A frame that could not be made, with a diagnostic naming its file (and the manifest entry).
struct FrameFailure: Error, Sendable {
    var diagnostics: [Diagnostic]
}

enum FrameLoading {
    /// Reads, decodes and transforms one frame: the picture its origin names (`SourceReaders`), then
    /// crop, resize, flatten.
    static func load(_ step: FrameStep, sources: SourceReaders, manifest: Manifest, listedAt: SourceLocation)
        throws(FrameFailure) -> RGBAImage {
        func fail(_ message: String) -> FrameFailure {
            FrameFailure(diagnostics: [
                Diagnostic(.error, message, at: SourceLocation(file: step.path)),
                Diagnostic.noteListed(at: listedAt, in: manifest.source),
            ])
        }
        var image = try sources.picture(step, fail: fail)
        if let c = step.crop {
            guard c.x <= image.width, c.y <= image.height, c.width <= image.width - c.x, c.height <= image.height - c.y else {
                var ds = [Diagnostic.error(
                    "crop \(c.width)×\(c.height) at \(c.x),\(c.y) lies outside frame '\(step.path)' (\(image.width)×\(image.height))",
                    at: c.location, in: manifest.source)]
                if c.location == nil { ds[0].location = SourceLocation(file: step.path) }
                throw FrameFailure(diagnostics: ds)
            }
            image = image.cropped(x: c.x, y: c.y, width: c.width, height: c.height)
        }
        if let r = step.resize {
            let size = r.size(forWidth: image.width, height: image.height)
            // Refused before the resized buffer is allocated.
            guard ManifestLimits.fits(width: size.width, height: size.height) else {
                let limit = max(size.width, size.height) > ManifestLimits.maxSide
                    ? "\(ManifestLimits.maxSide) pixels on a side" : "\(ManifestLimits.maxPixels) pixels (64 Mpixel) in all"
                var ds = [Diagnostic(.error,
                    "frame would be \(size.width)×\(size.height) pixels after \(step.crop == nil ? "" : "crop and ")resize (from \(image.width)×\(image.height)), over animc's limit of \(limit)",
                    at: SourceLocation(file: step.path))]
                if let at = r.location {
                    ds.append(Diagnostic(.note, "resize set here", at: at, sourceLine: manifest.source?.line(at.line)))
                }
                ds.append(.noteListed(at: listedAt, in: manifest.source))
                throw FrameFailure(diagnostics: ds)
            }
            if size.width != image.width || size.height != image.height {
                image = image.resized(width: size.width, height: size.height, filter: ResampleFilter(r.filter))
            }
        }
        if let b = step.background {
            image = image.flattened(onto: RGBColor(r: b.r, g: b.g, b: b.b))
        }
        return image
    }
}

extension ResampleFilter {
    init(_ f: ResizeFilter) {
        switch f {
        case .nearest: self = .nearest
        case .bilinear: self = .bilinear
        case .lanczos: self = .lanczos
        }
    }
}

extension Diagnostic {
    static func noteListed(at location: SourceLocation, in source: SourceText?) -> Diagnostic {
        Diagnostic(.note, "frame listed here", at: location, sourceLine: source?.line(location.line))
    }
}
