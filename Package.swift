// swift-tools-version:6.0
import PackageDescription

// Layers, lowest first; each module imports only the ones listed under it.
// CPNG/CYAML (system libraries) → CAnimcPNG (setjmp shim) → AnimcBasics → AnimcImaging / AnimcManifest
// → AnimcPlan → AnimcCache → AnimcBuild (+ CAnimcSystem, allocator policy) → AnimcCommands → animc
let package = Package(
    name: "animc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "animc", targets: ["animc"]),
        // For the fuzz targets in fuzz/ (a separate package that depends on this one by path).
        .library(name: "AnimcManifest", targets: ["AnimcManifest"]),
        .library(name: "AnimcImaging", targets: ["AnimcImaging"]),
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
        .target(name: "AnimcImaging", dependencies: ["CAnimcPNG"]),
        .target(name: "AnimcAPNG", dependencies: ["AnimcImaging", "CZlib"]),
        .target(name: "AnimcWebP", dependencies: ["AnimcImaging", "CWebP"]),
        .target(name: "AnimcManifest", dependencies: ["AnimcBasics", "CYAML"]),
        .target(name: "AnimcPlan", dependencies: ["AnimcBasics", "AnimcManifest", "AnimcImaging"]),
        .target(name: "AnimcCache", dependencies: ["AnimcBasics"]),
        .target(
            name: "AnimcBuild",
            dependencies: ["AnimcBasics", "AnimcImaging", "AnimcManifest", "AnimcPlan", "AnimcCache", "AnimcAPNG", "AnimcWebP", "CAnimcSystem"]),
        .target(
            name: "AnimcCommands",
            dependencies: ["AnimcBuild", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "animc", dependencies: ["AnimcCommands"]),

        .testTarget(name: "AnimcBasicsTests", dependencies: ["AnimcBasics"]),
        .testTarget(name: "AnimcImagingTests", dependencies: ["AnimcImaging"], resources: [.copy("Fixtures")]),
        .target(name: "AnimcTestSupport", path: "Tests/AnimcTestSupport"),
        .testTarget(name: "AnimcAPNGTests", dependencies: ["AnimcAPNG", "AnimcTestSupport"]),
        .testTarget(name: "AnimcWebPTests", dependencies: ["AnimcWebP", "AnimcTestSupport"]),
        .testTarget(name: "AnimcManifestTests", dependencies: ["AnimcManifest"]),
        .testTarget(name: "AnimcPlanTests", dependencies: ["AnimcPlan"]),
        .testTarget(name: "AnimcCacheTests", dependencies: ["AnimcCache"]),
        .testTarget(name: "AnimcBuildTests", dependencies: ["AnimcBuild"]),
        .testTarget(name: "AnimcEndToEndTests", dependencies: ["animc", "AnimcImaging", "AnimcTestSupport"]),
    ]
)
