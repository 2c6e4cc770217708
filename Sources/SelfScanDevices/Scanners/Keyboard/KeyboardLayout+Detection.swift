extension KeyboardLayout {
    /// Which layouts make these boot-keyboard reports type `expected` (a known test code, e.g. the
    /// profile's setup barcode scanned once). A trailing Enter or Tab is ignored. Several layouts can
    /// match a digits-only code (US and UK type digits alike): scan a code with letters and symbols to
    /// tell them apart.
    public static func candidates(forReports reports: [[UInt8]], typing expected: String) -> [KeyboardLayout] {
        allCases.filter { layout in
            var decoder = KeyboardWedgeDecoder(layout: layout, terminator: .none, interKeyTimeoutMillis: 10_000)
            var outputs: [DecoderOutput] = []
            for report in reports { outputs += decoder.handle(report: report, at: 0) }
            outputs += decoder.tick(at: UInt64.max)
            guard outputs.count == 1, case .scan(let scan) = outputs[0], var text = scan.text else { return false }
            while let last = text.last, last == "\r" || last == "\t" || last == "\n" { text.removeLast() }
            return text == expected
        }
    }
}
