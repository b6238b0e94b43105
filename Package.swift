// swift-tools-version:6.0
import PackageDescription

// Layers, lowest first; each module imports only the ones listed under it.
// CPNG/CYAML/CZlib/CWebP (system libraries) → CAnimcPNG (setjmp shim) → AnimcBasics → AnimcPixels → AnimcColour
// → one module per container (AnimcGIF, AnimcAPNG, AnimcWebP, AnimcAtlas) / AnimcAseprite (reader) / AnimcVideo (ffmpeg child processes) / AnimcManifest
// → AnimcPlan → AnimcCache → AnimcRemote (HTTP, FoundationNetworking) → AnimcBuild (+ CAnimcSystem, allocator policy) → AnimcCommands → animc
let package = Package(
    name: "animc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "animc", targets: ["animc"]),
        // For the fuzz targets in fuzz/ (a separate package that depends on this one by path).
        .library(name: "AnimcManifest", targets: ["AnimcManifest"]),
        .library(name: "AnimcPixels", targets: ["AnimcPixels"]),
        .library(name: "AnimcAseprite", targets: ["AnimcAseprite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(
            name: "CWebP", pkgConfig: "libwebpmux",
            providers: [.apt(["libwebp-dev"]), .brew(["webp"])]),
        .target(name: "CAnimcPNG", dependencies: ["CPNG"]),
        .target(name: "CAnimcSystem"),
        .target(
            name: "AnimcBasics",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Pixels (image, PNG, crop/resize/flatten); colour (histogram, palettes, quantize, dither, and the
        // encoder interface); one module per container behind it, each with its own C library.
        .target(name: "AnimcPixels", dependencies: ["CAnimcPNG"]),
        .target(name: "AnimcColour", dependencies: ["AnimcPixels"]),
        .target(name: "AnimcGIF", dependencies: ["AnimcPixels", "AnimcColour"]),
        .target(name: "AnimcAPNG", dependencies: ["AnimcPixels", "AnimcColour", "CZlib"]),
        .target(name: "AnimcWebP", dependencies: ["AnimcPixels", "AnimcColour", "CWebP"]),
        .target(name: "AnimcAtlas", dependencies: ["AnimcPixels"]),
        .target(name: "AnimcAseprite", dependencies: ["AnimcBasics", "AnimcPixels", "CZlib"]),
        // Video frames from the ffmpeg/ffprobe programs on a pipe: no FFmpeg needed to build animc.
        .target(name: "AnimcVideo", dependencies: ["AnimcBasics", "AnimcPixels"]),
        .target(name: "AnimcManifest", dependencies: ["AnimcBasics", "CYAML"]),
        .target(name: "AnimcPlan", dependencies: ["AnimcBasics", "AnimcManifest"]),
        .target(name: "AnimcCache", dependencies: ["AnimcBasics", "CZlib"]),
        .target(name: "AnimcRemote", dependencies: ["AnimcBasics", "AnimcCache"]),
        .target(
            name: "AnimcBuild",
            dependencies: ["AnimcBasics", "AnimcPixels", "AnimcColour", "AnimcGIF", "AnimcAPNG", "AnimcWebP", "AnimcAtlas", "AnimcAseprite", "AnimcVideo", "AnimcManifest", "AnimcPlan", "AnimcCache", "AnimcRemote", "CAnimcSystem"]),
        .target(
            name: "AnimcCommands",
            dependencies: ["AnimcBuild", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "animc", dependencies: ["AnimcCommands"]),

        .testTarget(name: "AnimcBasicsTests", dependencies: ["AnimcBasics"]),
        .testTarget(name: "AnimcImagingTests", dependencies: ["AnimcPixels", "AnimcColour", "AnimcGIF"], resources: [.copy("Fixtures")]),
        .target(name: "AnimcTestSupport", path: "Tests/AnimcTestSupport"),
        .testTarget(name: "AnimcAPNGTests", dependencies: ["AnimcAPNG", "AnimcTestSupport"]),
        .testTarget(name: "AnimcWebPTests", dependencies: ["AnimcWebP", "AnimcTestSupport"]),
        .testTarget(name: "AnimcAtlasTests", dependencies: ["AnimcAtlas"]),
        .testTarget(name: "AnimcAsepriteTests", dependencies: ["AnimcAseprite", "AnimcPixels", "AnimcTestSupport"]),
        .testTarget(name: "AnimcVideoTests", dependencies: ["AnimcVideo", "AnimcTestSupport"]),
        .testTarget(name: "AnimcManifestTests", dependencies: ["AnimcManifest"]),
        .testTarget(name: "AnimcPlanTests", dependencies: ["AnimcPlan"]),
        .testTarget(name: "AnimcCacheTests", dependencies: ["AnimcCache"]),
        .testTarget(name: "AnimcBuildTests", dependencies: ["AnimcBuild", "AnimcPixels"]),
        .testTarget(name: "AnimcEndToEndTests", dependencies: ["animc", "AnimcPixels", "AnimcTestSupport"]),
    ]
)
