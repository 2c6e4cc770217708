/// UPC-E (zero-suppressed U.P.C.) expansion to UPC-A (GS1 General Specifications 5.2.2.4.2).
///
/// A UPC-E code is a number system digit (0 or 1), six data digits `d1…d6` and the check digit of the
/// expanded UPC-A. The last data digit `d6` says where the zeros were suppressed:
///
/// | d6    | UPC-A (11 digits before the check digit) |
/// |-------|-------------------------------------------|
/// | 0,1,2 | NS d1 d2 d6 0 0 0 0 d3 d4 d5               |
/// | 3     | NS d1 d2 d3 0 0 0 0 0 d4 d5                |
/// | 4     | NS d1 d2 d3 d4 0 0 0 0 0 d5                |
/// | 5–9   | NS d1 d2 d3 d4 d5 0 0 0 0 d6               |
public enum UPCE {
    /// The 12-digit UPC-A form of a UPC-E code: 8 digits (number system, six data digits, check digit;
    /// the check digit is verified) or 6 digits (number system 0 implied, check digit computed).
    public static func expand(_ text: String) throws(CodeError) -> String {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notDigits(text) }
        let digits = bytes.map { Int($0 - 0x30) }
        let numberSystem: Int
        let data: ArraySlice<Int>
        switch digits.count {
        case 6:
            numberSystem = 0
            data = digits[0..<6]
        case 8:
            numberSystem = digits[0]
            data = digits[1..<7]
        default:
            throw .badUPCELength(text, digits.count)
        }
        guard numberSystem == 0 || numberSystem == 1 else { throw .badUPCENumberSystem(text) }
        let d = Array(data)
        let body: [Int] =
            switch d[5] {
            case 0, 1, 2: [numberSystem, d[0], d[1], d[5], 0, 0, 0, 0, d[2], d[3], d[4]]
            case 3: [numberSystem, d[0], d[1], d[2], 0, 0, 0, 0, 0, d[3], d[4]]
            case 4: [numberSystem, d[0], d[1], d[2], d[3], 0, 0, 0, 0, 0, d[4]]
            default: [numberSystem, d[0], d[1], d[2], d[3], d[4], 0, 0, 0, 0, d[5]]
            }
        let check = GTIN.checkDigit(of: body)
        if digits.count == 8, digits[7] != check { throw .badCheckDigit(text, expected: check) }
        return String(decoding: (body + [check]).map { UInt8($0) + 0x30 }, as: UTF8.self)
    }
}
