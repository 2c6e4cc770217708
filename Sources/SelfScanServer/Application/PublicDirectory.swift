public import Foundation

/// Finds the kiosk and handheld web pages (`kiosk.html`, `handheld.html`, `js/`, `css/`) without
/// `Bundle.module`, whose generated accessor aborts the process when the binary was moved away from its
/// build directory. Looked for, in order:
///
/// 1. the config key `publicDir`;
/// 2. the environment variable `SELFSCAN_PUBLIC_DIR`;
/// 3. next to the binary: `SelfScan_SelfScanServer.resources/Public` (the bundle SwiftPM copies beside the
///    executable — the first place `Bundle.module` looks), `Public`, then `../share/selfscan/Public`
///    (an installed layout such as `/usr/bin` + `/usr/share/selfscan`);
/// 4. the source checkout this binary was built from (`Sources/SelfScanServer/Public`), as long as it exists.
///
/// A configured directory (1 or 2) that does not hold the pages is an error, not a silent fallback; when
/// none is found the daemon refuses to start with the list of places it tried.
public enum PublicDirectory {
    /// The environment variable of step 2.
    public static let environmentVariable = "SELFSCAN_PUBLIC_DIR"
    /// The file every pages directory has.
    static let markerFile = "kiosk.html"

    /// The pages directory, or a `ConfigError` (`publicDir`) naming every place tried.
    public static func locate(
        configured: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        executableDirectory: String? = Self.executableDirectory, sourceDirectory: String? = Self.sourceDirectory
    ) throws(ConfigError) -> String {
        if let configured {
            guard holdsPages(configured) else {
                throw ConfigError(.badValue, path: "publicDir", "'\(configured)' holds no web pages (no \(markerFile))")
            }
            return configured
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            guard holdsPages(fromEnvironment) else {
                throw ConfigError(
                    .badValue, path: "publicDir",
                    "\(environmentVariable)='\(fromEnvironment)' holds no web pages (no \(markerFile))")
            }
            return fromEnvironment
        }
        var tried: [String] = []
        if let executableDirectory {
            for candidate in [
                "\(executableDirectory)/SelfScan_SelfScanServer.resources/Public", "\(executableDirectory)/Public",
                "\(executableDirectory)/../share/selfscan/Public",
            ] {
                if holdsPages(candidate) { return candidate }
                tried.append(candidate)
            }
        }
        if let sourceDirectory {
            if holdsPages(sourceDirectory) { return sourceDirectory }
            tried.append(sourceDirectory)
        }
        throw ConfigError(
            .missingKey, path: "publicDir",
            "the web pages were not found (tried \(tried.joined(separator: ", "))): set publicDir in the config or "
                + "\(environmentVariable) to the directory holding \(markerFile)")
    }

    /// The pages of a daemon with this config; `nil` for a gate without them (it serves none).
    static func locate(for config: DaemonConfig) throws(ConfigError) -> String? {
        do {
            return try locate(configured: config.publicDirectory)
        } catch {
            if config.role == .gate { return nil }
            throw error
        }
    }

    /// The directory of the running executable.
    public static var executableDirectory: String? {
        Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    /// `Sources/SelfScanServer/Public` of the checkout this file was compiled from.
    public static var sourceDirectory: String? {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Public").path
    }

    static func holdsPages(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: "\(directory)/\(markerFile)")
    }
}
