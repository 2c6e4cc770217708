/// The check digit some countries put inside a variable-measure code over its price or weight field
/// (GS1 General Specifications 7.9.6 "Check digit calculation for price/weight fields").
///
/// Weighting factors, as products for each digit 0…9:
/// `2-` (double, then units minus tens), `3` (units of ×3), `5+` (×5, units plus tens),
/// `5-` (×5, units minus tens).
public enum PriceCheckDigit {
    static let twoMinus: [Int] = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7]
    static let three: [Int] = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7]
    static let fivePlus: [Int] = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9]
    static let fiveMinus: [Int] = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1]

    /// The check digit of a 4- or 5-digit field (each element 0…9), `nil` for other lengths.
    public static func of(_ field: [Int]) -> Int? {
        guard field.allSatisfy({ (0...9).contains($0) }) else { return nil }
        switch field.count {
        case 4:
            // Weights 2-, 2-, 3, 5-; the units digit of three times the sum.
            let sum = twoMinus[field[0]] + twoMinus[field[1]] + three[field[2]] + fiveMinus[field[3]]
            return (sum * 3) % 10
        case 5:
            // Weights 5+, 2-, 5-, 5+, 2-; the digit whose 5- product is 10 minus the units of the sum.
            let sum = fivePlus[field[0]] + twoMinus[field[1]] + fiveMinus[field[2]] + fivePlus[field[3]]
                + twoMinus[field[4]]
            let target = (10 - sum % 10) % 10
            return fiveMinus.firstIndex(of: target)
        default:
            return nil
        }
    }
}
