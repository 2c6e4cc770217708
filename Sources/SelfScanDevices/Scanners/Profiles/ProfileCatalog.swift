import Foundation

/// The set of known scanner models, loaded from `devices/*.json`, and the rule that decides which
/// device gets which profile. A USB device that matches no profile is never claimed, unless the operator
/// assigned it a (template) profile explicitly.
public struct ProfileCatalog: Sendable {
    /// Every profile, sorted by id.
    public let profiles: [ScannerProfile]
    /// Operator assignments: `vendor:product` → profile id (for devices no shipped profile names).
    public private(set) var assignments: [USBModelKey: String]

    /// A catalog from profiles already in memory. Throws on duplicate ids or duplicate devices.
    public init(profiles: [ScannerProfile], source: String = "<memory>") throws(ProfileError) {
        var seenIDs = Set<String>()
        var seenDevices = [String: String]()
        for profile in profiles {
            guard seenIDs.insert(profile.id).inserted else {
                throw ProfileError(code: .duplicateID, file: source, field: "id", detail: "'\(profile.id)' is defined twice")
            }
            if let key = profile.usbKey {
                let deviceKey = "\(key):\(profile.interface)"
                if let other = seenDevices[deviceKey] {
                    throw ProfileError(
                        code: .duplicateDevice, file: source, field: "vendorId",
                        detail: "'\(profile.id)' and '\(other)' both describe \(key) interface \(profile.interface)")
                }
                seenDevices[deviceKey] = profile.id
            }
        }
        self.profiles = profiles.sorted { $0.id < $1.id }
        self.assignments = [:]
    }

    /// Loads every `*.json` file of `directory` (one profile per file), in file-name order.
    public static func load(directory: String) throws(ProfileError) -> ProfileCatalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ProfileError(code: .unreadable, file: directory, detail: "cannot list the directory: \(error)")
        }
        var profiles: [ScannerProfile] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ProfileError(code: .unreadable, file: path, detail: "cannot read the file")
            }
            profiles.append(try parse([UInt8](data), file: path))
        }
        return try ProfileCatalog(profiles: profiles, source: directory)
    }

    /// Parses one profile document.
    public static func parse(_ bytes: [UInt8], file: String) throws(ProfileError) -> ScannerProfile {
        let document: ProfileDocument
        do {
            document = try JSONDecoder().decode(ProfileDocument.self, from: Data(bytes))
        } catch let DecodingError.typeMismatch(_, context) {
            throw ProfileError(
                code: .invalidField, file: file, field: context.codingPath.map(\.stringValue).joined(separator: "."),
                detail: "wrong type")
        } catch {
            throw ProfileError(code: .malformedJSON, file: file, detail: "not a JSON profile object")
        }
        return try document.validated(file: file)
    }

    /// The profile with this id.
    public func profile(id: String) -> ScannerProfile? { profiles.first { $0.id == id } }

    /// Assigns a profile (typically a template without ids, such as `generic-keyboard-wedge-us`) to a
    /// USB model. This is how an otherwise unknown device becomes claimable.
    public mutating func assign(_ key: USBModelKey, profileID: String) throws(ProfileError) {
        guard profile(id: profileID) != nil else {
            throw ProfileError(code: .invalidField, file: "<assignment>", field: "profile", detail: "no profile '\(profileID)'")
        }
        assignments[key] = profileID
    }

    /// The profile for a USB interface, or `nil`: an unmatched device is never claimed.
    public func match(vendorID: UInt16, productID: UInt16, interface: Int) -> ScannerProfile? {
        let key = USBModelKey(vendorID: vendorID, productID: productID)
        if let id = assignments[key], let assigned = profile(id: id) {
            var copy = assigned
            copy.vendorID = vendorID
            copy.productID = productID
            return copy.interface == interface ? copy : nil
        }
        return profiles.first { $0.usbKey == key && $0.interface == interface }
    }

    /// Whether any profile (or assignment) names this USB model, whatever the interface.
    public func knows(vendorID: UInt16, productID: UInt16) -> Bool {
        let key = USBModelKey(vendorID: vendorID, productID: productID)
        return assignments[key] != nil || profiles.contains { $0.usbKey == key }
    }
}

/// A USB model: vendor id and product id.
public struct USBModelKey: Sendable, Hashable, CustomStringConvertible {
    public let vendorID: UInt16
    public let productID: UInt16
    public init(vendorID: UInt16, productID: UInt16) {
        self.vendorID = vendorID
        self.productID = productID
    }

    /// Parses `0c2e:0b61`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let vendor = ProfileDocument.parseID(String(parts[0])),
              let product = ProfileDocument.parseID(String(parts[1])) else { return nil }
        self.init(vendorID: vendor, productID: product)
    }

    public var description: String {
        String(ProfileDocument.hex(vendorID).dropFirst(2)) + ":" + String(ProfileDocument.hex(productID).dropFirst(2))
    }
}

extension ScannerProfile {
    /// The USB model this profile names, if any.
    public var usbKey: USBModelKey? {
        guard let vendorID, let productID else { return nil }
        return USBModelKey(vendorID: vendorID, productID: productID)
    }
}
