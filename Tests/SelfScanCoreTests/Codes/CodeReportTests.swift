import Foundation
import SelfScanCore
import Testing

/// The JSON `selfscan code --json` prints, built from interpreted codes.
@Suite("CodeReport")
struct CodeReportTests {
    let interpreter = CodeInterpreter()

    private func json(_ payload: String, symbology: AIMIdentifier? = nil) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data: Data
        do {
            let report = try CodeReport(try interpreter.interpret(PayloadEscapes.decode(payload), symbology: symbology))
            data = try encoder.encode(report)
        } catch let error as CodeError {
            data = try encoder.encode(CodeErrorReport(error))
        }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func gtin() throws {
        let object = try json("3017620422003")
        #expect(object["kind"] as? String == "gtin")
        #expect(object["gtin"] as? String == "03017620422003")
        #expect(object["prefix"] as? String == "tradeItem")
        #expect(object["ais"] == nil)
    }

    @Test func variableMeasureWeightAndPrice() throws {
        let weight = try json("2100123012343")
        #expect(weight["kind"] as? String == "variableMeasure")
        #expect(weight["weightGrams"] as? Int == 1234)
        #expect(weight["itemReference"] as? String == "00123")
        #expect(weight["rule"] as? String == "fr-weight-21")
        let price = try json("2300123001259")
        let money = try #require(price["price"] as? [String: Any])
        #expect(money["minor"] as? Int == 125)
        #expect(money["currency"] as? String == "EUR")
    }

    @Test(arguments: ["]C1", "]e0", "]Q3", "]d2", "", "\\x1D"])
    func gs1WithEscapedSeparators(prefix: String) throws {
        let object = try json(prefix + "0109506000134352" + "3103000195" + "10LOT7\\x1D" + "39221234")
        #expect(object["kind"] as? String == "gs1")
        #expect(object["gtin"] as? String == "09506000134352")
        #expect(object["weightGrams"] as? Int == 195)
        #expect((object["price"] as? [String: Any])?["minor"] as? Int == 1234)
        #expect(object["ais"] as? [String: String] == ["01": "09506000134352", "3103": "000195", "10": "LOT7", "3922": "1234"])
    }

    @Test func gs1SymbologyWithoutAIMPrefix() throws {
        let object = try json("0109506000134352", symbology: .dataBar)
        #expect(object["kind"] as? String == "gs1")
        #expect(object["ais"] as? [String: String] == ["01": "09506000134352"])
    }

    @Test func ourQRForms() throws {
        #expect(try json("selfscan:exit:T0K3N")["kind"] as? String == "exitPass")
        #expect(try json("selfscan:exit:T0K3N")["value"] as? String == "T0K3N")
        #expect(try json("selfscan:handoff:T")["kind"] as? String == "basketHandoff")
        #expect(try json("selfscan:badge:B")["kind"] as? String == "staffBadge")
        #expect(try json("selfscan:coupon:C")["kind"] as? String == "coupon")
        #expect(try json("selfscan:loyalty:L")["kind"] as? String == "loyaltyCard")
        #expect(try json("hello")["kind"] as? String == "unrecognised")
        #expect(try json("hello")["raw"] as? String == "hello")
    }

    @Test func errorsAreObjectsWithCodeAndMessage() throws {
        let object = try json("2800000000004")
        let error = try #require(object["error"] as? [String: String])
        #expect(error["code"] == "unknownRestrictedCode")
        #expect(error["message"]?.contains("2800000000004") == true)
        #expect((try json("0109506000134352\\x1D3109000123")["error"] as? [String: String])?["code"] == "badDecimalIndicator")
    }

    @Test func scanTimeValidationOfGS1Prices() {
        #expect(throws: CodeError.unknownCurrency(ai: "3932", numericCode: "999")) {
            try interpreter.interpret("]C10109506000134352" + "39329991234")
        }
    }

    @Test func escapes() {
        #expect(PayloadEscapes.decode("a\\x1Db\\x1dc") == Array("a\u{1D}b\u{1D}c".utf8))
        #expect(PayloadEscapes.decode("a\\\\x1D") == Array("a\\x1D".utf8))
        #expect(PayloadEscapes.decode("\\xZZ\\") == Array("\\xZZ\\".utf8))
        #expect(PayloadEscapes.decode("\\xFF") == [0xFF])
    }

    @Test func humanReadableLines() throws {
        let lines = try CodeReport(try interpreter.interpret("(01)09506000134352(17)251231")).lines
        #expect(lines.contains("kind: gs1"))
        #expect(lines.contains { $0.hasPrefix("(17) 251231") && $0.contains("EXPIRY") })
    }
}
