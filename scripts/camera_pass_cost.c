/*
 * Load-independent cost of SelfScan's camera decode passes: runs the zbar passes of the video profile on PGM
 * frames the way BarcodeDecoder does, for callgrind (instructions counted only inside the decode loop).
 * Why a C driver: valgrind cannot run the Swift binary here (libdispatch's signal thread crashes it) and this
 * VM has no PMU for `perf stat -e instructions:u`. zbar's own work (and the C pixel passes of CImageCodecs'
 * shim, compiled in from the source tree) is what the count covers; Swift's normalisation is left out.
 * Mirrors Sources/SelfScanDevices/Decoding (CoarsePass.retailRows, DecodeOptions.video, RetryPass.apply,
 * ZBarImageScanner): keep in step when those change.
 *
 * Build and run: scripts/camera-instructions (it compiles this file and runs it under callgrind).
 * Usage: camera_pass_cost N STRATEGY FRAME.pgm...
 *   STRATEGY: full[:D]                 — the video profile without the coarse pass (density D, default 2)
 *             coarse[:ROWS[:COLS[:D]]] — the coarse pass (default every 8th row, no columns), then full on
 *                                        frames it does not settle
 * Prints per frame which pass gave the result, then the totals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>
#include <valgrind/callgrind.h>
#include "shim.h"

static const int VIDEO_SYMS[] = {ZBAR_EAN13, ZBAR_EAN8, ZBAR_UPCA, ZBAR_UPCE, ZBAR_EAN2, ZBAR_EAN5, ZBAR_CODE128,
                                 ZBAR_DATABAR, ZBAR_DATABAR_EXP, ZBAR_QRCODE, 0};
static const int COARSE_SYMS[] = {ZBAR_EAN13, ZBAR_UPCA, ZBAR_EAN2, ZBAR_EAN5, ZBAR_CODE128, 0};

typedef struct { int found; int settles; } result_t;

static int valid_gtin(const char *digits, size_t n) {
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (digits[i] < '0' || digits[i] > '9') return 0;
        int d = digits[i] - '0', fromRight = (int)(n - 1 - i);
        sum += fromRight % 2 ? 3 * d : d;
    }
    return sum % 10 == 0;
}

/* One zbar scan with a fresh scanner, as ZBarImageScanner; `settles` applies CoarsePass.settles
 * (every read counts on one frame — EAN-13/UPC-A with a valid check digit, Code 128 of 8+ — on 2+ rows). */
static result_t scan(const uint8_t *pixels, int w, int h, const int *syms, int xd, int yd) {
    result_t r = {0, 1};
    zbar_image_scanner_t *s = zbar_image_scanner_create();
    zbar_image_scanner_set_config(s, 0, ZBAR_CFG_ENABLE, 0);
    for (const int *p = syms; *p; p++) zbar_image_scanner_set_config(s, (zbar_symbol_type_t)*p, ZBAR_CFG_ENABLE, 1);
    zbar_image_scanner_set_config(s, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    zbar_image_scanner_set_config(s, 0, ZBAR_CFG_X_DENSITY, xd);
    zbar_image_scanner_set_config(s, 0, ZBAR_CFG_Y_DENSITY, yd);
    zbar_image_scanner_enable_cache(s, 0);
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)w, (unsigned)h);
    zbar_image_set_data(img, pixels, (unsigned long)w * h, NULL);
    zbar_image_scanner_recycle_image(s, img);
    zbar_scan_image(s, img);
    for (const zbar_symbol_t *sym = zbar_image_first_symbol(img); sym; sym = zbar_symbol_next(sym)) {
        zbar_symbol_type_t type = zbar_symbol_get_type(sym);
        if (type == ZBAR_EAN2 || type == ZBAR_EAN5) continue; /* lone add-ons are dropped (AddOnPairing) */
        r.found++;
        const char *data = zbar_symbol_get_data(sym);
        size_t n = zbar_symbol_get_data_length(sym);
        int strong = (type == ZBAR_EAN13 && n == 13 && valid_gtin(data, n)) ||
                     (type == ZBAR_UPCA && n == 12 && valid_gtin(data, n)) || (type == ZBAR_CODE128 && n >= 8);
        if (!strong || zbar_symbol_get_quality(sym) < 2) r.settles = 0;
    }
    if (!r.found) r.settles = 0;
    zbar_image_destroy(img);
    zbar_image_scanner_destroy(s);
    return r;
}

/* The video profile's full passes: plain, then downscaled and thresholded while nothing is found. */
static const char *full(const uint8_t *px, int w, int h, int d) {
    if (scan(px, w, h, VIDEO_SYMS, d, d).found) return "plain";
    int dw = (w + 1) / 2, dh = (h + 1) / 2;
    uint8_t *small = malloc((size_t)dw * dh);
    cimg_resize(px, w, h, small, dw, dh);
    int found = scan(small, dw, dh, VIDEO_SYMS, d, d).found;
    free(small);
    if (found) return "downscaled";
    int radius = (w < h ? w : h) / 16;
    uint8_t *binary = malloc((size_t)w * h);
    cimg_threshold_local(px, w, h, radius < 8 ? 8 : radius, 4, binary);
    found = scan(binary, w, h, VIDEO_SYMS, d, d).found;
    free(binary);
    return found ? "thresholded" : "none";
}

static uint8_t *read_pgm(const char *path, int *w, int *h) {
    FILE *f = fopen(path, "rb");
    int max;
    if (!f || fscanf(f, "P5 %d %d %d", w, h, &max) != 3 || fgetc(f) == EOF) { perror(path); exit(2); }
    uint8_t *px = malloc((size_t)*w * *h);
    if (fread(px, 1, (size_t)*w * *h, f) != (size_t)*w * *h) { fprintf(stderr, "%s: short\n", path); exit(2); }
    fclose(f);
    return px;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s N full[:D]|coarse[:ROWS[:COLS[:D]]] FRAME.pgm...\n", argv[0]); return 2; }
    int n = atoi(argv[1]), rows = 8, cols = 0, d = 2, coarse = strncmp(argv[2], "coarse", 6) == 0;
    if (coarse) sscanf(argv[2], "coarse:%d:%d:%d", &rows, &cols, &d);
    else sscanf(argv[2], "full:%d", &d);
    const char *names[] = {"coarse", "plain", "downscaled", "thresholded", "none"};
    int totals[5] = {0};
    for (int i = 3; i < argc; i++) {
        int w, h;
        uint8_t *px = read_pgm(argv[i], &w, &h);
        const char *pass = NULL;
        CALLGRIND_TOGGLE_COLLECT;
        for (int k = 0; k < n; k++) {
            pass = coarse && scan(px, w, h, COARSE_SYMS, cols, rows).settles ? "coarse" : full(px, w, h, d);
        }
        CALLGRIND_TOGGLE_COLLECT;
        for (int k = 0; k < 5; k++) if (strcmp(pass, names[k]) == 0) totals[k]++;
        printf("%s %s\n", argv[i], pass);
        free(px);
    }
    printf("TOTAL frames %d:", argc - 3);
    for (int k = 0; k < 5; k++) printf(" %s %d", names[k], totals[k]);
    printf("\n");
    return 0;
}
