import Foundation

/// The known printer models: a specific profile (vendor and product id) wins over the generic one.
public struct PrinterProfileCatalog: Sendable, Hashable {
    public let profiles: [PrinterProfile]

    public init(profiles: [PrinterProfile]) throws(ProfileError) {
        var seen = Set<String>()
        for profile in profiles where !seen.insert(profile.id).inserted {
            throw ProfileError(code: .duplicateID, file: profile.id, detail: "two printer profiles are named '\(profile.id)'")
        }
        self.profiles = profiles.sorted { $0.id < $1.id }
    }

    /// Loads every `*.json` of `directory` (one printer profile per file).
    public static func load(directory: String) throws(ProfileError) -> PrinterProfileCatalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ProfileError(code: .unreadable, file: directory, detail: "cannot list the directory: \(error)")
        }
        var profiles: [PrinterProfile] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ProfileError(code: .unreadable, file: path, detail: "cannot read the file")
            }
            do {
                profiles.append(try JSONDecoder().decode(PrinterProfile.self, from: data))
            } catch {
                throw ProfileError(code: .invalidField, file: path, detail: "\(error)")
            }
        }
        return try PrinterProfileCatalog(profiles: profiles)
    }

    /// The profile for a USB printer-class device: its model's, else the generic one, else `nil`.
    public func match(vendorID: UInt16, productID: UInt16) -> PrinterProfile? {
        profiles.first { $0.vendorID == vendorID && $0.productID == productID }
            ?? profiles.first { $0.isGeneric }
    }
}
