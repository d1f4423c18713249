// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Pythons",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pythons", targets: ["pythons"]),
        .library(name: "PythonsCore", targets: ["PythonsCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .target(
            name: "PythonsCore",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Resources/python")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "pythons",
            dependencies: [
                "PythonsCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PythonsCoreTests",
            dependencies: ["PythonsCore", .product(name: "GRDB", package: "GRDB.swift")],
            // Read by the report tests from the checkout, not bundled.
            exclude: ["Reports/Snapshots", "Reports/Tools", "Benchmarks/Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
