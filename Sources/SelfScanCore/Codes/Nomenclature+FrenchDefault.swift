extension Nomenclature {
    /// The French default: the structures French scales and store systems commonly print
    /// (2 + type digit + 5-digit item reference + 5-digit value + EAN-13 check digit, no price check
    /// digit) and Odoo-style in-store prefixes 040–043. Identical to `nomenclatures/fr-default.json`
    /// (a test checks it). Prefixes 27, 28, 29, 044–049 and RCN-8 prefix 0 are left unassigned: codes
    /// there are refused as unknown until a chain's own nomenclature says what they mean.
    public static let frenchDefault: Nomenclature = {
        let rules: [(String, NomenclatureRule.Kind, String, String)] = [
            ("fr-price-02", .price, "02.....{NNNDD}", "Price in euros, 2 decimals (prefix 02, U.P.C. number system 2)"),
            ("fr-price-20", .price, "20.....{NNNDD}", "Price in euros, 2 decimals"),
            ("fr-weight-21", .weight, "21.....{NNDDD}", "Net weight in kg, 3 decimals (grams)"),
            ("fr-weight-22", .weight, "22.....{NNDDD}", "Net weight in kg, 3 decimals (grams)"),
            ("fr-price-23", .price, "23.....{NNNDD}", "Price in euros, 2 decimals"),
            ("fr-price-24", .price, "24.....{NNNDD}", "Price in euros, 2 decimals"),
            ("fr-count-25", .count, "25.....{NNNNN}", "Number of pieces"),
            ("fr-coupon-26", .coupon, "26.....{NNNDD}", "Store coupon with its face value in euros, 2 decimals"),
            ("fr-product-040", .product, "040.........", "Store-internal item number (looked up as a GTIN)"),
            ("fr-badge-041", .staffBadge, "041.........", "Staff badge"),
            ("fr-loyalty-042", .loyaltyCard, "042.........", "Loyalty card"),
            ("fr-coupon-043", .coupon, "043.........", "Store coupon without embedded value"),
            ("fr-product-rcn8", .product, "2......", "RCN-8 store-internal item number (looked up as a GTIN)"),
        ]
        do {
            return try Nomenclature(
                name: "fr-default",
                currency: .eur,
                rules: rules.map { rule throws(NomenclatureError) in
                    try NomenclatureRule(name: rule.0, kind: rule.1, pattern: rule.2, description: rule.3)
                },
                description: "French default: variable-measure EAN-13 (prefixes 02, 20-26) and in-store codes (040-043, RCN-8 2)"
            )
        } catch {
            // The rules above are constants; the test suite builds them, so this cannot happen at run time.
            preconditionFailure("the built-in French nomenclature is invalid: \(error)")
        }
    }()
}
