extension GS1ApplicationIdentifier {
    /// One row of the AI table as the GS1 General Specifications write it. A `family` row (e.g. `310`
    /// with decimals 0…5) stands for the AIs `3100`…`3105`.
    struct Row {
        let ai: String
        let format: String
        let title: String
        var rule: ValueRule = .none
        var family: ClosedRange<Int>? = nil
    }

    /// Every AI of the GS1 General Specifications (release 24) AI table, keyed by its digits.
    public static let table: [String: GS1ApplicationIdentifier] = {
        var table: [String: GS1ApplicationIdentifier] = [:]
        for row in rows {
            let components = parseFormat(row.format)
            if let family = row.family {
                for n in family {
                    let ai = row.ai + String(n)
                    table[ai] = GS1ApplicationIdentifier(ai: ai, title: row.title, components: components, rule: row.rule)
                }
            } else {
                table[row.ai] = GS1ApplicationIdentifier(ai: row.ai, title: row.title, components: components, rule: row.rule)
            }
        }
        return table
    }()

    /// The three-digit families of decimal AIs (`310` for 310n…), to tell "bad decimal indicator" apart
    /// from "unknown AI".
    public static let decimalFamilies: Set<String> = Set(rows.filter { $0.family != nil }.map(\.ai))

    /// The AI whose digits start `digits` (AIs are prefix-free: at most one matches).
    public static func lookup(prefixOf digits: some Collection<UInt8>) -> GS1ApplicationIdentifier? {
        for length in 2...4 where digits.count >= length {
            let candidate = digits.prefix(length)
            guard candidate.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            if let entry = table[String(decoding: candidate, as: UTF8.self)] { return entry }
        }
        return nil
    }

    /// Parses the table's format notation: `N14`, `X..20`, `N6..12`, `N3+X..9`, `N13+[X..17]`.
    static func parseFormat(_ format: String) -> [Component] {
        format.split(separator: "+").map { part in
            var text = Substring(part)
            let isOptional = text.hasPrefix("[")
            if isOptional { text = text.dropFirst().dropLast() }
            let characters: CharacterSet =
                switch text.first {
                case "N": .numeric
                case "Y": .cset39
                case "Z": .cset64
                default: .cset82
                }
            let lengths = text.dropFirst()
            if lengths.hasPrefix("..") {
                return Component(characters: characters, minimumLength: 1, maximumLength: Int(lengths.dropFirst(2)) ?? 0, isOptional: isOptional)
            }
            let bounds = lengths.split(separator: ".", omittingEmptySubsequences: true).compactMap { Int($0) }
            let minimum = bounds.first ?? 0
            return Component(characters: characters, minimumLength: minimum, maximumLength: bounds.last ?? minimum, isOptional: isOptional)
        }
    }

    static let rows: [Row] = [
        Row(ai: "00", format: "N18", title: "SSCC", rule: .checkDigit),
        Row(ai: "01", format: "N14", title: "GTIN", rule: .checkDigit),
        Row(ai: "02", format: "N14", title: "CONTENT", rule: .checkDigit),
        Row(ai: "03", format: "N14", title: "MTO GTIN", rule: .checkDigit),
        Row(ai: "10", format: "X..20", title: "BATCH/LOT"),
        Row(ai: "11", format: "N6", title: "PROD DATE", rule: .date),
        Row(ai: "12", format: "N6", title: "DUE DATE", rule: .date),
        Row(ai: "13", format: "N6", title: "PACK DATE", rule: .date),
        Row(ai: "15", format: "N6", title: "BEST BEFORE or BEST BY", rule: .date),
        Row(ai: "16", format: "N6", title: "SELL BY", rule: .date),
        Row(ai: "17", format: "N6", title: "USE BY or EXPIRY", rule: .date),
        Row(ai: "20", format: "N2", title: "VARIANT"),
        Row(ai: "21", format: "X..20", title: "SERIAL"),
        Row(ai: "22", format: "X..20", title: "CPV"),
        Row(ai: "235", format: "X..28", title: "TPX"),
        Row(ai: "240", format: "X..30", title: "ADDITIONAL ID"),
        Row(ai: "241", format: "X..30", title: "CUST. PART No."),
        Row(ai: "242", format: "N..6", title: "MTO VARIANT"),
        Row(ai: "243", format: "X..20", title: "PCN"),
        Row(ai: "250", format: "X..30", title: "SECONDARY SERIAL"),
        Row(ai: "251", format: "X..30", title: "REF. TO SOURCE"),
        Row(ai: "253", format: "N13+[X..17]", title: "GDTI", rule: .checkDigit),
        Row(ai: "254", format: "X..20", title: "GLN EXTENSION COMPONENT"),
        Row(ai: "255", format: "N13+[N..12]", title: "GCN", rule: .checkDigit),
        Row(ai: "30", format: "N..8", title: "VAR. COUNT"),
        Row(ai: "310", format: "N6", title: "NET WEIGHT (kg)", rule: .decimal, family: 0...5),
        Row(ai: "311", format: "N6", title: "LENGTH (m)", rule: .decimal, family: 0...5),
        Row(ai: "312", format: "N6", title: "WIDTH (m)", rule: .decimal, family: 0...5),
        Row(ai: "313", format: "N6", title: "HEIGHT (m)", rule: .decimal, family: 0...5),
        Row(ai: "314", format: "N6", title: "AREA (m²)", rule: .decimal, family: 0...5),
        Row(ai: "315", format: "N6", title: "NET VOLUME (l)", rule: .decimal, family: 0...5),
        Row(ai: "316", format: "N6", title: "NET VOLUME (m³)", rule: .decimal, family: 0...5),
        Row(ai: "320", format: "N6", title: "NET WEIGHT (lb)", rule: .decimal, family: 0...5),
        Row(ai: "321", format: "N6", title: "LENGTH (in)", rule: .decimal, family: 0...5),
        Row(ai: "322", format: "N6", title: "LENGTH (ft)", rule: .decimal, family: 0...5),
        Row(ai: "323", format: "N6", title: "LENGTH (yd)", rule: .decimal, family: 0...5),
        Row(ai: "324", format: "N6", title: "WIDTH (in)", rule: .decimal, family: 0...5),
        Row(ai: "325", format: "N6", title: "WIDTH (ft)", rule: .decimal, family: 0...5),
        Row(ai: "326", format: "N6", title: "WIDTH (yd)", rule: .decimal, family: 0...5),
        Row(ai: "327", format: "N6", title: "HEIGHT (in)", rule: .decimal, family: 0...5),
        Row(ai: "328", format: "N6", title: "HEIGHT (ft)", rule: .decimal, family: 0...5),
        Row(ai: "329", format: "N6", title: "HEIGHT (yd)", rule: .decimal, family: 0...5),
        Row(ai: "330", format: "N6", title: "GROSS WEIGHT (kg)", rule: .decimal, family: 0...5),
        Row(ai: "331", format: "N6", title: "LENGTH (m), log", rule: .decimal, family: 0...5),
        Row(ai: "332", format: "N6", title: "WIDTH (m), log", rule: .decimal, family: 0...5),
        Row(ai: "333", format: "N6", title: "HEIGHT (m), log", rule: .decimal, family: 0...5),
        Row(ai: "334", format: "N6", title: "AREA (m²), log", rule: .decimal, family: 0...5),
        Row(ai: "335", format: "N6", title: "VOLUME (l), log", rule: .decimal, family: 0...5),
        Row(ai: "336", format: "N6", title: "VOLUME (m³), log", rule: .decimal, family: 0...5),
        Row(ai: "337", format: "N6", title: "KG PER m²", rule: .decimal, family: 0...5),
        Row(ai: "340", format: "N6", title: "GROSS WEIGHT (lb)", rule: .decimal, family: 0...5),
        Row(ai: "341", format: "N6", title: "LENGTH (in), log", rule: .decimal, family: 0...5),
        Row(ai: "342", format: "N6", title: "LENGTH (ft), log", rule: .decimal, family: 0...5),
        Row(ai: "343", format: "N6", title: "LENGTH (yd), log", rule: .decimal, family: 0...5),
        Row(ai: "344", format: "N6", title: "WIDTH (in), log", rule: .decimal, family: 0...5),
        Row(ai: "345", format: "N6", title: "WIDTH (ft), log", rule: .decimal, family: 0...5),
        Row(ai: "346", format: "N6", title: "WIDTH (yd), log", rule: .decimal, family: 0...5),
        Row(ai: "347", format: "N6", title: "HEIGHT (in), log", rule: .decimal, family: 0...5),
        Row(ai: "348", format: "N6", title: "HEIGHT (ft), log", rule: .decimal, family: 0...5),
        Row(ai: "349", format: "N6", title: "HEIGHT (yd), log", rule: .decimal, family: 0...5),
        Row(ai: "350", format: "N6", title: "AREA (in²)", rule: .decimal, family: 0...5),
        Row(ai: "351", format: "N6", title: "AREA (ft²)", rule: .decimal, family: 0...5),
        Row(ai: "352", format: "N6", title: "AREA (yd²)", rule: .decimal, family: 0...5),
        Row(ai: "353", format: "N6", title: "AREA (in²), log", rule: .decimal, family: 0...5),
        Row(ai: "354", format: "N6", title: "AREA (ft²), log", rule: .decimal, family: 0...5),
        Row(ai: "355", format: "N6", title: "AREA (yd²), log", rule: .decimal, family: 0...5),
        Row(ai: "356", format: "N6", title: "NET WEIGHT (troy oz)", rule: .decimal, family: 0...5),
        Row(ai: "357", format: "N6", title: "NET VOLUME (oz)", rule: .decimal, family: 0...5),
        Row(ai: "360", format: "N6", title: "NET VOLUME (qt)", rule: .decimal, family: 0...5),
        Row(ai: "361", format: "N6", title: "NET VOLUME (gal.)", rule: .decimal, family: 0...5),
        Row(ai: "362", format: "N6", title: "VOLUME (qt), log", rule: .decimal, family: 0...5),
        Row(ai: "363", format: "N6", title: "VOLUME (gal.), log", rule: .decimal, family: 0...5),
        Row(ai: "364", format: "N6", title: "VOLUME (in³)", rule: .decimal, family: 0...5),
        Row(ai: "365", format: "N6", title: "VOLUME (ft³)", rule: .decimal, family: 0...5),
        Row(ai: "366", format: "N6", title: "VOLUME (yd³)", rule: .decimal, family: 0...5),
        Row(ai: "367", format: "N6", title: "VOLUME (in³), log", rule: .decimal, family: 0...5),
        Row(ai: "368", format: "N6", title: "VOLUME (ft³), log", rule: .decimal, family: 0...5),
        Row(ai: "369", format: "N6", title: "VOLUME (yd³), log", rule: .decimal, family: 0...5),
        Row(ai: "37", format: "N..8", title: "COUNT"),
        Row(ai: "390", format: "N..15", title: "AMOUNT", rule: .decimal, family: 0...9),
        Row(ai: "391", format: "N3+N..15", title: "AMOUNT (ISO currency)", rule: .currencyDecimal, family: 0...9),
        Row(ai: "392", format: "N..15", title: "PRICE", rule: .decimal, family: 0...9),
        Row(ai: "393", format: "N3+N..15", title: "PRICE (ISO currency)", rule: .currencyDecimal, family: 0...9),
        Row(ai: "394", format: "N4", title: "PRCNT OFF", rule: .decimal, family: 0...3),
        Row(ai: "395", format: "N6", title: "PRICE/UoM", rule: .decimal, family: 0...5),
        Row(ai: "400", format: "X..30", title: "ORDER NUMBER"),
        Row(ai: "401", format: "X..30", title: "GINC"),
        Row(ai: "402", format: "N17", title: "GSIN", rule: .checkDigit),
        Row(ai: "403", format: "X..30", title: "ROUTE"),
        Row(ai: "410", format: "N13", title: "SHIP TO LOC", rule: .checkDigit),
        Row(ai: "411", format: "N13", title: "BILL TO", rule: .checkDigit),
        Row(ai: "412", format: "N13", title: "PURCHASE FROM", rule: .checkDigit),
        Row(ai: "413", format: "N13", title: "SHIP FOR LOC", rule: .checkDigit),
        Row(ai: "414", format: "N13", title: "LOC No.", rule: .checkDigit),
        Row(ai: "415", format: "N13", title: "PAY TO", rule: .checkDigit),
        Row(ai: "416", format: "N13", title: "PROD/SERV LOC", rule: .checkDigit),
        Row(ai: "417", format: "N13", title: "PARTY", rule: .checkDigit),
        Row(ai: "420", format: "X..20", title: "SHIP TO POST"),
        Row(ai: "421", format: "N3+X..9", title: "SHIP TO POST (ISO country)"),
        Row(ai: "422", format: "N3", title: "ORIGIN"),
        Row(ai: "423", format: "N3+[N..12]", title: "COUNTRY - INITIAL PROCESS"),
        Row(ai: "424", format: "N3", title: "COUNTRY - PROCESS"),
        Row(ai: "425", format: "N3+[N..12]", title: "COUNTRY - DISASSEMBLY"),
        Row(ai: "426", format: "N3", title: "COUNTRY - FULL PROCESS"),
        Row(ai: "427", format: "X..3", title: "ORIGIN SUBDIVISION"),
        Row(ai: "4300", format: "X..35", title: "SHIP TO COMP"),
        Row(ai: "4301", format: "X..35", title: "SHIP TO NAME"),
        Row(ai: "4302", format: "X..70", title: "SHIP TO ADD1"),
        Row(ai: "4303", format: "X..70", title: "SHIP TO ADD2"),
        Row(ai: "4304", format: "X..70", title: "SHIP TO SUB"),
        Row(ai: "4305", format: "X..70", title: "SHIP TO LOC"),
        Row(ai: "4306", format: "X..70", title: "SHIP TO REG"),
        Row(ai: "4307", format: "X2", title: "SHIP TO COUNTRY", rule: .countryAlpha2),
        Row(ai: "4308", format: "X..30", title: "SHIP TO PHONE"),
        Row(ai: "4309", format: "N20", title: "SHIP TO GEO"),
        Row(ai: "4310", format: "X..35", title: "RTN TO COMP"),
        Row(ai: "4311", format: "X..35", title: "RTN TO NAME"),
        Row(ai: "4312", format: "X..70", title: "RTN TO ADD1"),
        Row(ai: "4313", format: "X..70", title: "RTN TO ADD2"),
        Row(ai: "4314", format: "X..70", title: "RTN TO SUB"),
        Row(ai: "4315", format: "X..70", title: "RTN TO LOC"),
        Row(ai: "4316", format: "X..70", title: "RTN TO REG"),
        Row(ai: "4317", format: "X2", title: "RTN TO COUNTRY", rule: .countryAlpha2),
        Row(ai: "4318", format: "X..20", title: "RTN TO POST"),
        Row(ai: "4319", format: "X..30", title: "RTN TO PHONE"),
        Row(ai: "4320", format: "X..35", title: "SRV DESCRIPTION"),
        Row(ai: "4321", format: "N1", title: "DANGEROUS GOODS", rule: .yesNo),
        Row(ai: "4322", format: "N1", title: "AUTH LEAVE", rule: .yesNo),
        Row(ai: "4323", format: "N1", title: "SIG REQUIRED", rule: .yesNo),
        Row(ai: "4324", format: "N10", title: "NBEF DEL DT", rule: .dateTime),
        Row(ai: "4325", format: "N10", title: "NAFT DEL DT", rule: .dateTime),
        Row(ai: "4326", format: "N6", title: "REL DATE", rule: .date),
        Row(ai: "4330", format: "N6+[X1]", title: "MAX TEMP F", rule: .signedTemperature),
        Row(ai: "4331", format: "N6+[X1]", title: "MAX TEMP C", rule: .signedTemperature),
        Row(ai: "4332", format: "N6+[X1]", title: "MIN TEMP F", rule: .signedTemperature),
        Row(ai: "4333", format: "N6+[X1]", title: "MIN TEMP C", rule: .signedTemperature),
        Row(ai: "7001", format: "N13", title: "NSN"),
        Row(ai: "7002", format: "X..30", title: "MEAT CUT"),
        Row(ai: "7003", format: "N10", title: "EXPIRY TIME", rule: .dateTime),
        Row(ai: "7004", format: "N..4", title: "ACTIVE POTENCY"),
        Row(ai: "7005", format: "X..12", title: "CATCH AREA"),
        Row(ai: "7006", format: "N6", title: "FIRST FREEZE DATE", rule: .date),
        Row(ai: "7007", format: "N6..12", title: "HARVEST DATE", rule: .dateRange),
        Row(ai: "7008", format: "X..3", title: "AQUATIC SPECIES"),
        Row(ai: "7009", format: "X..10", title: "FISHING GEAR TYPE"),
        Row(ai: "7010", format: "X..2", title: "PROD METHOD"),
        Row(ai: "7011", format: "N6+[N4]", title: "TEST BY DATE", rule: .dateOptionalTime),
        Row(ai: "7020", format: "X..20", title: "REFURB LOT"),
        Row(ai: "7021", format: "X..20", title: "FUNC STAT"),
        Row(ai: "7022", format: "X..20", title: "REV STAT"),
        Row(ai: "7023", format: "X..30", title: "GIAI - ASSEMBLY"),
        Row(ai: "703", format: "N3+X..27", title: "PROCESSOR # s", family: 0...9),
        Row(ai: "7040", format: "N1+X3", title: "UIC+EXT"),
        Row(ai: "7041", format: "X..4", title: "UFRGT UNIT TYPE"),
        Row(ai: "710", format: "X..20", title: "NHRN PZN"),
        Row(ai: "711", format: "X..20", title: "NHRN CIP"),
        Row(ai: "712", format: "X..20", title: "NHRN CN"),
        Row(ai: "713", format: "X..20", title: "NHRN DRN"),
        Row(ai: "714", format: "X..20", title: "NHRN AIM"),
        Row(ai: "715", format: "X..20", title: "NHRN NDC"),
        Row(ai: "716", format: "X..20", title: "NHRN AIC"),
        Row(ai: "723", format: "X2+X..28", title: "CERT # s", family: 0...9),
        Row(ai: "7240", format: "X..20", title: "PROTOCOL"),
        Row(ai: "7241", format: "N2", title: "AIDC MEDIA TYPE"),
        Row(ai: "7242", format: "X..25", title: "VCN"),
        Row(ai: "7250", format: "N8", title: "DOB", rule: .fullDate),
        Row(ai: "7251", format: "N12", title: "DOB TIME", rule: .fullDateTime),
        Row(ai: "7252", format: "N1", title: "BIO SEX"),
        Row(ai: "7253", format: "X..40", title: "FAMILY NAME"),
        Row(ai: "7254", format: "X..40", title: "GIVEN NAME"),
        Row(ai: "7255", format: "X..10", title: "SUFFIX"),
        Row(ai: "7256", format: "X..90", title: "FULL NAME"),
        Row(ai: "7257", format: "X..70", title: "PERSON ADDR"),
        Row(ai: "7258", format: "N1+X1+N1", title: "BIRTH SEQUENCE"),
        Row(ai: "7259", format: "X..40", title: "BABY"),
        Row(ai: "8001", format: "N14", title: "DIMENSIONS"),
        Row(ai: "8002", format: "X..20", title: "CMT No."),
        Row(ai: "8003", format: "N14+[X..16]", title: "GRAI", rule: .checkDigit),
        Row(ai: "8004", format: "X..30", title: "GIAI"),
        Row(ai: "8005", format: "N6", title: "PRICE PER UNIT"),
        Row(ai: "8006", format: "N14+N2+N2", title: "ITIP", rule: .checkDigit),
        Row(ai: "8007", format: "X..34", title: "IBAN"),
        Row(ai: "8008", format: "N8+[N..4]", title: "PROD TIME", rule: .dateHour),
        Row(ai: "8009", format: "X..50", title: "OPTSEN"),
        Row(ai: "8010", format: "Y..30", title: "CPID"),
        Row(ai: "8011", format: "N..12", title: "CPID SERIAL"),
        Row(ai: "8012", format: "X..20", title: "VERSION"),
        Row(ai: "8013", format: "X..25", title: "GMN"),
        Row(ai: "8014", format: "X..25", title: "MUDI"),
        Row(ai: "8017", format: "N18", title: "GSRN - PROVIDER", rule: .checkDigit),
        Row(ai: "8018", format: "N18", title: "GSRN - RECIPIENT", rule: .checkDigit),
        Row(ai: "8019", format: "N..10", title: "SRIN"),
        Row(ai: "8020", format: "X..25", title: "REF No."),
        Row(ai: "8026", format: "N14+N2+N2", title: "ITIP CONTENT", rule: .checkDigit),
        Row(ai: "8030", format: "Z..90", title: "DIGSIG"),
        Row(ai: "8110", format: "X..70", title: "COUPON CODE (North America)"),
        Row(ai: "8111", format: "N4", title: "POINTS"),
        Row(ai: "8112", format: "X..70", title: "PAPERLESS COUPON CODE (North America)"),
        Row(ai: "8200", format: "X..70", title: "PRODUCT URL"),
        Row(ai: "90", format: "X..30", title: "INTERNAL"),
        Row(ai: "91", format: "X..90", title: "INTERNAL"),
        Row(ai: "92", format: "X..90", title: "INTERNAL"),
        Row(ai: "93", format: "X..90", title: "INTERNAL"),
        Row(ai: "94", format: "X..90", title: "INTERNAL"),
        Row(ai: "95", format: "X..90", title: "INTERNAL"),
        Row(ai: "96", format: "X..90", title: "INTERNAL"),
        Row(ai: "97", format: "X..90", title: "INTERNAL"),
        Row(ai: "98", format: "X..90", title: "INTERNAL"),
        Row(ai: "99", format: "X..90", title: "INTERNAL"),
    ]
}
