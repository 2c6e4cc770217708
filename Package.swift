// swift-tools-version: 6.1
import PackageDescription

/// Every target: Swift 6 language mode, explicit `any`, internal imports by default (STYLE.md).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "SelfScan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "selfscan", targets: ["selfscan"]),
        .library(name: "SelfScanCore", targets: ["SelfScanCore"]),
    ],
    dependencies: [
        // All package dependencies are declared here once; targets pick what they use.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // MARK: C system libraries (only one adapter module uses each)
        .systemLibrary(name: "CZBar", pkgConfig: "zbar", providers: [.apt(["libzbar-dev"])]),
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(name: "CImageCodecs", providers: [.apt(["libpng-dev", "libjpeg-dev", "libwebp-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
        // zxing-cpp (Debian libzxing-dev) behind a plain C function: the decoder's fallback after zbar.
        .target(
            name: "CZXingFallback",
            cxxSettings: [.define("ZX_USE_UTF8")],
            linkerSettings: [.linkedLibrary("ZXing")]
        ),

        // MARK: Domain core: no I/O
        .target(name: "SelfScanCore", swiftSettings: strictSettings),

        // MARK: Demo data (a seeded French hypermarket catalog and a shopping trip): the demo, tests, benchmarks.
        .target(name: "SelfScanDemo", dependencies: ["SelfScanCore"], swiftSettings: strictSettings),

        // MARK: The contract: the daemon's local API and the sync protocol (types, routes, the catalog stream).
        // Both ends compile against it; it links no server, no database, no HTTP client.
        .target(
            name: "SelfScanAPI",
            dependencies: [
                "SelfScanCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: What both HTTP servers (daemon, referential) share on top of Hummingbird: routing by contract endpoint.
        .target(
            name: "SelfScanHTTP",
            dependencies: [
                "SelfScanCore", "SelfScanAPI", .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Adapters
        .target(
            name: "SelfScanDevices",
            dependencies: [
                "SelfScanCore", "CZBar", "CLibUSB", "CImageCodecs", "CZXingFallback",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SelfScanStorage",
            dependencies: [
                "SelfScanCore", "SelfScanAPI", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SelfScanSync",
            dependencies: [
                "SelfScanCore", "SelfScanAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // MARK: The sync engine's ports served by the daemon's storage (outbox, catalog sink): the one module
        // that links both, so the engine itself knows no storage type.
        .target(
            name: "SelfScanSyncStorage",
            dependencies: ["SelfScanCore", "SelfScanAPI", "SelfScanStorage", "SelfScanSync"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SelfScanReferential",
            dependencies: [
                "SelfScanCore", "SelfScanAPI", "SelfScanHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SelfScanServer",
            dependencies: [
                "SelfScanCore", "SelfScanAPI", "SelfScanHTTP", "SelfScanDevices", "SelfScanStorage", "SelfScanSync",
                "SelfScanSyncStorage", "SelfScanDemo", "CQREncode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Public")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SelfScanConsole",
            dependencies: [
                "SelfScanCore", "SelfScanAPI", "CNcurses",
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Benchmark and drill tooling (synthetic catalogs, storage drill, referential benchmark): not linked
        // by any production module, only by the executable's bench commands and the tests.
        .target(
            name: "SelfScanTooling",
            dependencies: [
                "SelfScanCore", "SelfScanAPI", "SelfScanStorage", "SelfScanSync", "SelfScanSyncStorage", "SelfScanReferential",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: The executable: argument parsing and wiring only
        .executableTarget(
            name: "selfscan",
            dependencies: [
                "SelfScanCore", "SelfScanAPI", "SelfScanDevices", "SelfScanStorage", "SelfScanSync",
                "SelfScanReferential", "SelfScanServer", "SelfScanConsole", "SelfScanTooling", "SelfScanDemo",
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Tests: one target per module, and what several of them share
        .target(name: "SelfScanTestSupport", path: "Tests/SelfScanTestSupport", swiftSettings: strictSettings),
        .testTarget(
            name: "SelfScanCoreTests", dependencies: ["SelfScanCore", "SelfScanDemo", "SelfScanTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(name: "SelfScanAPITests", dependencies: ["SelfScanAPI", "SelfScanCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "SelfScanDevicesTests", dependencies: ["SelfScanDevices", "SelfScanCore", "SelfScanTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SelfScanStorageTests",
            dependencies: ["SelfScanStorage", "SelfScanAPI", "SelfScanCore", "SelfScanTooling", "SelfScanTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SelfScanSyncTests",
            dependencies: [
                "SelfScanSync", "SelfScanAPI", "SelfScanStorage", "SelfScanCore", "SelfScanReferential", "SelfScanTooling",
                "SelfScanSyncStorage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SelfScanReferentialTests",
            dependencies: [
                "SelfScanReferential", "SelfScanAPI", "SelfScanHTTP", "SelfScanSync", "SelfScanCore", "SelfScanStorage",
                "SelfScanSyncStorage", "SelfScanTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SelfScanServerTests",
            dependencies: [
                "SelfScanServer", "SelfScanCore", "SelfScanDevices", "SelfScanReferential", "SelfScanSync", "SelfScanSyncStorage",
                "SelfScanStorage", "SelfScanAPI", "SelfScanHTTP", "SelfScanDemo", "SelfScanTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SelfScanConsoleTests",
            dependencies: [
                "SelfScanConsole", "SelfScanCore", "SelfScanAPI", "SelfScanServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings),
    ],
    cxxLanguageStandard: .cxx17
)
