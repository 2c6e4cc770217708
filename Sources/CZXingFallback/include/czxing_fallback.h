#ifndef CZXING_FALLBACK_H
#define CZXING_FALLBACK_H
/* A plain C face on Debian's zxing-cpp (libzxing-dev): SelfScan's fallback decoder, called only after zbar
   found nothing. C only, so no Swift module needs C++ interop. */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Formats, the zxing-cpp BarcodeFormat bits (kept equal so the C++ side casts). */
enum {
    CZX_CODE128 = 1 << 4,
    CZX_DATABAR = 1 << 5,
    CZX_DATABAR_EXPANDED = 1 << 6,
    CZX_EAN8 = 1 << 8,
    CZX_EAN13 = 1 << 9,
    CZX_ITF = 1 << 10,
    CZX_QRCODE = 1 << 13,
    CZX_UPCA = 1 << 14,
    CZX_UPCE = 1 << 15,
};

#define CZX_TEXT_CAPACITY 4096

/* One symbol found. `text` is zxing-cpp's UTF-8 text (not NUL-terminated: use `length`; GS1 element
   strings keep FNC1 as the byte 0x1D), `aim` its symbology identifier ("]C1", NUL-terminated). */
typedef struct czx_symbol {
    uint32_t format;
    char aim[8];
    int32_t length;
    uint8_t text[CZX_TEXT_CAPACITY];
    int32_t corners[8]; /* x0,y0 … x3,y3, clockwise from top left */
} czx_symbol;

/* Decodes a Y800 image (`stride` bytes per row) for the formats in `formats`; writes at most `capacity`
   symbols to `out` and returns how many it wrote, or -1 on an internal error (never throws). `try_harder`
   also tries rotated and inverted views (slower). */
int czx_read(const uint8_t *pixels, int width, int height, int stride, uint32_t formats, int try_harder,
             czx_symbol *out, int capacity);

#ifdef __cplusplus
}
#endif
#endif
