/// Parsed GS1 element string: application identifiers and their values, in scan order.
/// (The parser and the AI table are in `GS1Parser`; this is the value the rest of the product uses.)
public struct GS1ElementString: Sendable, Hashable, Codable {
    public struct Element: Sendable, Hashable, Codable {
        public let ai: String
        public let value: String
        public init(ai: String, value: String) {
            self.ai = ai
            self.value = value
        }
    }

    public let elements: [Element]

    public init(elements: [Element]) { self.elements = elements }

    /// The first value of an AI, if present.
    public func value(of ai: String) -> String? { elements.first { $0.ai == ai }?.value }

    /// AI (01) as a GTIN, when present and valid.
    public var gtin: GTIN? { value(of: "01").flatMap { try? GTIN($0) } }
}
