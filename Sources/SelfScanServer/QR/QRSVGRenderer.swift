/// Draws a `QRMatrix` as a standalone SVG document: one `<path>` of dark runs on a white square, with a
/// quiet zone, crisp edges and no fixed pixel size (the page sizes it with CSS).
public struct QRSVGRenderer: Sendable {
    /// Light border, in modules (the standard asks for 4).
    public var quietZone: Int
    /// Colour of the dark modules.
    public var darkColour: String
    /// Colour of the background and quiet zone.
    public var lightColour: String

    /// A renderer; the defaults are black on white with a 4-module quiet zone.
    public init(quietZone: Int = 4, darkColour: String = "#000", lightColour: String = "#fff") {
        self.quietZone = max(0, quietZone)
        self.darkColour = darkColour
        self.lightColour = lightColour
    }

    /// The SVG text. `title` (escaped) becomes the image's accessible name.
    public func render(_ matrix: QRMatrix, title: String? = nil) -> String {
        let side = matrix.size + 2 * quietZone
        var path = ""
        for row in 0..<matrix.size {
            var column = 0
            while column < matrix.size {
                guard matrix[row, column] else {
                    column += 1
                    continue
                }
                let start = column
                while column < matrix.size && matrix[row, column] { column += 1 }
                path += "M\(start + quietZone) \(row + quietZone)h\(column - start)v1h-\(column - start)z"
            }
        }
        let titleElement = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" \
            shape-rendering="crispEdges" role="img">\(titleElement)\
            <rect width="\(side)" height="\(side)" fill="\(Self.escape(lightColour))"/>\
            <path fill="\(Self.escape(darkColour))" d="\(path)"/></svg>
            """
    }

    /// XML text escaping for attribute values and text.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
