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
        ZXing::DecodeHints hints;
        hints.setFormats(ZXing::BarcodeFormats(static_cast<ZXing::BarcodeFormat>(formats)));
        hints.setTryHarder(try_harder != 0);
        hints.setTryRotate(try_harder != 0);
        hints.setTryDownscale(true);
        // One symbol: Debian's libzxing 1.4.0 is built with assertions, and comparing two stacked DataBar
        // Expanded results (Result::operator==, used to merge duplicates once a second symbol is found)
        // aborts the process (`lineCount() == 1`). With one symbol asked for, no comparison ever runs.
        hints.setMaxNumberOfSymbols(1);
        hints.setMinLineCount(1);
        auto results = ZXing::ReadBarcodes(view, hints);
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
