// The only C++ in SelfScan: calls zxing-cpp and copies its results into plain C structs.
#include "czxing_fallback.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cstring>

extern "C" int czx_read(const uint8_t *pixels, int width, int height, int stride, uint32_t formats,
                        int try_harder, czx_symbol *out, int capacity) {
    if (pixels == nullptr || width <= 0 || height <= 0 || out == nullptr || capacity <= 0) return 0;
    try {
        ZXing::ImageView view(pixels, width, height, ZXing::ImageFormat::Lum, stride);
        // Two reads, DataBar apart. Debian's libzxing 1.4.0 is built with assertions, and its merge of
        // duplicate row results (Result::operator==) asserts `lineCount() == 1`, which a stacked DataBar
        // result breaks: the process aborts. So the DataBar family is read on its own with one symbol and a
        // minimum line count of 1 (the first valid result ends the search: no merge ever runs; its check
        // digit / GS1 syntax guard the single-row read); everything else keeps zxing's default of 2 rows
        // (1 lets UPC-E misreads through, measured) and one symbol.
        const uint32_t dataBars = CZX_DATABAR | CZX_DATABAR_EXPANDED;
        ZXing::Results results;
        for (int round = 0; round < 2 && results.empty(); ++round) {
            const uint32_t asked = round == 0 ? (formats & ~dataBars) : (formats & dataBars);
            if (asked == 0) continue;
            ZXing::DecodeHints hints;
            hints.setFormats(ZXing::BarcodeFormats(static_cast<ZXing::BarcodeFormat>(asked)));
            hints.setTryHarder(try_harder != 0);
            hints.setTryRotate(try_harder != 0);
            hints.setTryDownscale(true);
            hints.setMaxNumberOfSymbols(1);
            if (round == 1) hints.setMinLineCount(1);
            results = ZXing::ReadBarcodes(view, hints);
        }
        int count = 0;
        for (const auto &result : results) {
            if (count >= capacity) break;
            if (!result.isValid()) continue;
            czx_symbol &symbol = out[count];
            std::memset(&symbol, 0, sizeof symbol);
            symbol.format = static_cast<uint32_t>(result.format());
            std::string aim = result.symbologyIdentifier();
            std::strncpy(symbol.aim, aim.c_str(), sizeof symbol.aim - 1);
            std::string text = result.text();
            if (text.size() > CZX_TEXT_CAPACITY) continue;  // larger than any retail payload: skip it
            symbol.length = static_cast<int32_t>(text.size());
            std::memcpy(symbol.text, text.data(), text.size());
            const auto &position = result.position();
            for (int corner = 0; corner < 4; ++corner) {
                symbol.corners[2 * corner] = position[corner].x;
                symbol.corners[2 * corner + 1] = position[corner].y;
            }
            ++count;
        }
        return count;
    } catch (...) {
        return -1;
    }
}
