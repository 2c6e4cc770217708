extension GS1DigitalLink {
    /// The uncompressed Digital Link URI of GS1 data: the first primary key and its key qualifiers (in
    /// the standard's order) as path segments, every other AI as a query parameter, values
    /// percent-encoded. `nil` when the data has no primary key. `base` is the resolver, without a
    /// trailing slash.
    public static func uri(for elements: GS1ElementString, base: String = "https://id.gs1.org") -> String? {
        guard let key = elements.elements.first(where: { keyQualifiers[$0.ai] != nil }) else { return nil }
        let present = Set(elements.elements.map(\.ai))
        let chains = keyQualifiers[key.ai] ?? []
        let chain = chains.max { lhs, rhs in
            lhs.filter(present.contains).count < rhs.filter(present.contains).count
        } ?? []
        let qualifiers = chain.filter(present.contains)
        var uri = base + "/" + key.ai + "/" + percentEncoded(key.value)
        for ai in qualifiers {
            if let value = elements.value(of: ai) { uri += "/" + ai + "/" + percentEncoded(value) }
        }
        let inPath = Set([key.ai] + qualifiers)
        let query = elements.elements.filter { !inPath.contains($0.ai) }.map { $0.ai + "=" + percentEncoded($0.value) }
        if !query.isEmpty { uri += "?" + query.joined(separator: "&") }
        return uri
    }

    /// Percent-encodes every byte outside the URI unreserved set (`A–Z a–z 0–9 - . _ ~`).
    public static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
