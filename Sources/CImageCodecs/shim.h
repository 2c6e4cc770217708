#ifndef SELFSCAN_CIMAGECODECS_SHIM_H
#define SELFSCAN_CIMAGECODECS_SHIM_H
/*
 * Image decoding to 8-bit grey with Debian's libpng (simplified png_image API), libjpeg-turbo and libwebp,
 * plus the few per-pixel operations the decoder's retry passes need. Everything Swift cannot call safely
 * (setjmp/longjmp error handling, function-like macros, tight pixel loops) lives here as static functions.
 *
 * Every decoder returns a CIMG_* status and, on success, a malloc'd width*height grey buffer the caller
 * frees with free(). No function here prints, exits or aborts on bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <setjmp.h>
#include <png.h>
#include <jpeglib.h>
#include <webp/decode.h>

enum {
    CIMG_OK = 0,
    CIMG_CORRUPT = 1,       /* the library rejected the data */
    CIMG_TOO_MANY_PIXELS = 2,
    CIMG_OUT_OF_MEMORY = 3,
    CIMG_UNSUPPORTED = 4,   /* valid file, but a variant we do not convert (e.g. unknown colour space) */
};

#define CIMG_MESSAGE_SIZE 200

/* ---------------------------------------------------------------- PNG (simplified API) */

/// Decodes PNG bytes to grey; alpha composited on white; palette, 16-bit and grey+alpha handled by libpng.
static inline int cimg_png_decode_grey(const uint8_t *data, size_t size, uint64_t max_pixels,
                                       uint8_t **out, uint32_t *width, uint32_t *height,
                                       char message[CIMG_MESSAGE_SIZE]) {
    *out = NULL;
    message[0] = 0;
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) {
        snprintf(message, CIMG_MESSAGE_SIZE, "%s", image.message);
        png_image_free(&image);
        return CIMG_CORRUPT;
    }
    *width = image.width;
    *height = image.height;
    if (image.width == 0 || image.height == 0 || (uint64_t)image.width * image.height > max_pixels) {
        png_image_free(&image);
        return CIMG_TOO_MANY_PIXELS;
    }
    image.format = PNG_FORMAT_GRAY;
    uint8_t *buffer = malloc((size_t)image.width * image.height);
    if (buffer == NULL) { png_image_free(&image); return CIMG_OUT_OF_MEMORY; }
    png_color white = { 255, 255, 255 };
    if (!png_image_finish_read(&image, &white, buffer, (png_int_32)image.width, NULL)) {
        snprintf(message, CIMG_MESSAGE_SIZE, "%s", image.message);
        free(buffer);
        png_image_free(&image);
        return CIMG_CORRUPT;
    }
    png_image_free(&image);
    *out = buffer;
    return CIMG_OK;
}

/* ---------------------------------------------------------------- JPEG (libjpeg-turbo, setjmp errors) */

/// libjpeg's default error_exit calls exit(): this manager jumps back to the caller instead.
struct cimg_jpeg_error {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

static void cimg_jpeg_error_exit(j_common_ptr info) {
    struct cimg_jpeg_error *error = (struct cimg_jpeg_error *)info->err;
    error->base.format_message(info, error->message);
    longjmp(error->jump, 1);
}

/// Warnings (e.g. "premature end of data") are counted by libjpeg; never printed.
static void cimg_jpeg_output_message(j_common_ptr info) { (void)info; }

/// Decodes JPEG bytes to grey (Y of YCbCr; CMYK/YCCK converted by luma). Truncated data decodes what is
/// there (libjpeg fills the rest), like other viewers do.
static inline int cimg_jpeg_decode_grey(const uint8_t *data, size_t size, uint64_t max_pixels,
                                        uint8_t **out, uint32_t *width, uint32_t *height,
                                        char message[CIMG_MESSAGE_SIZE]) {
    struct jpeg_decompress_struct info;
    struct cimg_jpeg_error error;
    /* volatile: modified between setjmp and longjmp */
    uint8_t *volatile buffer = NULL;
    uint8_t *volatile row = NULL;
    *out = NULL;
    message[0] = 0;
    memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&error.base);
    error.base.error_exit = cimg_jpeg_error_exit;
    error.base.output_message = cimg_jpeg_output_message;
    error.message[0] = 0;
    if (setjmp(error.jump)) {
        snprintf(message, CIMG_MESSAGE_SIZE, "%s", error.message);
        jpeg_destroy_decompress(&info);
        free(buffer);
        free(row);
        return CIMG_CORRUPT;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    *width = info.image_width;
    *height = info.image_height;
    if (info.image_width == 0 || info.image_height == 0
        || (uint64_t)info.image_width * info.image_height > max_pixels) {
        jpeg_destroy_decompress(&info);
        return CIMG_TOO_MANY_PIXELS;
    }
    int cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    info.out_color_space = cmyk ? JCS_CMYK : JCS_GRAYSCALE;
    jpeg_start_decompress(&info);
    size_t w = info.output_width, h = info.output_height;
    buffer = malloc(w * h);
    row = malloc(w * 4);
    if (buffer == NULL || row == NULL) {
        jpeg_destroy_decompress(&info);
        free(buffer);
        free(row);
        return CIMG_OUT_OF_MEMORY;
    }
    while (info.output_scanline < h) {
        size_t y = info.output_scanline;
        if (!cmyk) {
            JSAMPROW target = buffer + y * w;
            jpeg_read_scanlines(&info, &target, 1);
        } else {
            JSAMPROW target = row;
            jpeg_read_scanlines(&info, &target, 1);
            /* Adobe CMYK JPEGs store inverted values: 255 = no ink. */
            for (size_t x = 0; x < w; x++) {
                const uint8_t *p = row + 4 * x;
                unsigned r = p[0] * p[3] / 255, g = p[1] * p[3] / 255, b = p[2] * p[3] / 255;
                buffer[y * w + x] = (uint8_t)((77 * r + 150 * g + 29 * b) >> 8);
            }
        }
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    free(row);
    *width = (uint32_t)w;
    *height = (uint32_t)h;
    *out = buffer;
    return CIMG_OK;
}

/* ---------------------------------------------------------------- WebP */

/// Decodes WebP bytes to grey; alpha composited on white.
static inline int cimg_webp_decode_grey(const uint8_t *data, size_t size, uint64_t max_pixels,
                                        uint8_t **out, uint32_t *width, uint32_t *height,
                                        char message[CIMG_MESSAGE_SIZE]) {
    *out = NULL;
    message[0] = 0;
    int w = 0, h = 0;
    if (!WebPGetInfo(data, size, &w, &h)) {
        snprintf(message, CIMG_MESSAGE_SIZE, "not a decodable WebP header");
        return CIMG_CORRUPT;
    }
    *width = (uint32_t)w;
    *height = (uint32_t)h;
    if (w <= 0 || h <= 0 || (uint64_t)w * (uint64_t)h > max_pixels) return CIMG_TOO_MANY_PIXELS;
    uint8_t *rgba = WebPDecodeRGBA(data, size, &w, &h);
    if (rgba == NULL) {
        snprintf(message, CIMG_MESSAGE_SIZE, "WebPDecodeRGBA failed");
        return CIMG_CORRUPT;
    }
    size_t count = (size_t)w * (size_t)h;
    uint8_t *buffer = malloc(count);
    if (buffer == NULL) { WebPFree(rgba); return CIMG_OUT_OF_MEMORY; }
    for (size_t i = 0; i < count; i++) {
        const uint8_t *p = rgba + 4 * i;
        unsigned luma = (77u * p[0] + 150u * p[1] + 29u * p[2]) >> 8;
        unsigned a = p[3];
        buffer[i] = (uint8_t)((luma * a + 255u * (255u - a) + 127u) / 255u);
    }
    WebPFree(rgba);
    *width = (uint32_t)w;
    *height = (uint32_t)h;
    *out = buffer;
    return CIMG_OK;
}

/* ---------------------------------------------------------------- grey pixel operations */

/// dst[i] = 255 - src[i].
static inline void cimg_invert(const uint8_t *src, uint8_t *dst, size_t count) {
    for (size_t i = 0; i < count; i++) dst[i] = (uint8_t)(255u - src[i]);
}

/// Rotates a w*h image 90° clockwise into dst (h*w).
static inline void cimg_rotate90(const uint8_t *src, size_t w, size_t h, uint8_t *dst) {
    for (size_t y = 0; y < h; y++)
        for (size_t x = 0; x < w; x++) dst[x * h + (h - 1 - y)] = src[y * w + x];
}

/// Rotates a w*h image by 180° into dst (w*h).
static inline void cimg_rotate180(const uint8_t *src, size_t count, uint8_t *dst) {
    for (size_t i = 0; i < count; i++) dst[count - 1 - i] = src[i];
}

/// Bilinear resize of a w*h image into dw*dh (area-averaging when shrinking by an integer factor >= 2).
static inline void cimg_resize(const uint8_t *src, size_t w, size_t h, uint8_t *dst, size_t dw, size_t dh) {
    if (dw * 2 <= w && dh * 2 <= h && w % dw == 0 && h % dh == 0) {
        size_t fx = w / dw, fy = h / dh, area = fx * fy;
        for (size_t y = 0; y < dh; y++)
            for (size_t x = 0; x < dw; x++) {
                unsigned sum = 0;
                for (size_t j = 0; j < fy; j++)
                    for (size_t i = 0; i < fx; i++) sum += src[(y * fy + j) * w + x * fx + i];
                dst[y * dw + x] = (uint8_t)((sum + area / 2) / area);
            }
        return;
    }
    for (size_t y = 0; y < dh; y++) {
        double sy = ((double)y + 0.5) * (double)h / (double)dh - 0.5;
        if (sy < 0) sy = 0;
        size_t y0 = (size_t)sy, y1 = y0 + 1 < h ? y0 + 1 : y0;
        double fy = sy - (double)y0;
        for (size_t x = 0; x < dw; x++) {
            double sx = ((double)x + 0.5) * (double)w / (double)dw - 0.5;
            if (sx < 0) sx = 0;
            size_t x0 = (size_t)sx, x1 = x0 + 1 < w ? x0 + 1 : x0;
            double fx = sx - (double)x0;
            double top = src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx;
            double bottom = src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx;
            dst[y * dw + x] = (uint8_t)(top * (1 - fy) + bottom * fy + 0.5);
        }
    }
}

/// Local-mean binarisation: a pixel is black when darker than the mean of its (2r+1)² block minus `bias`.
/// Uses an integral image, so it costs O(w*h) whatever the radius.
static inline int cimg_threshold_local(const uint8_t *src, size_t w, size_t h, size_t radius, int bias,
                                       uint8_t *dst) {
    uint32_t *integral = malloc((w + 1) * (h + 1) * sizeof(uint32_t));
    if (integral == NULL) return CIMG_OUT_OF_MEMORY;
    memset(integral, 0, (w + 1) * sizeof(uint32_t));
    for (size_t y = 0; y < h; y++) {
        uint32_t rowSum = 0;
        integral[(y + 1) * (w + 1)] = 0;
        for (size_t x = 0; x < w; x++) {
            rowSum += src[y * w + x];
            integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + rowSum;
        }
    }
    for (size_t y = 0; y < h; y++) {
        size_t y0 = y > radius ? y - radius : 0, y1 = y + radius + 1 < h ? y + radius + 1 : h;
        for (size_t x = 0; x < w; x++) {
            size_t x0 = x > radius ? x - radius : 0, x1 = x + radius + 1 < w ? x + radius + 1 : w;
            uint32_t sum = integral[y1 * (w + 1) + x1] - integral[y0 * (w + 1) + x1]
                         - integral[y1 * (w + 1) + x0] + integral[y0 * (w + 1) + x0];
            int mean = (int)(sum / (uint32_t)((y1 - y0) * (x1 - x0)));
            dst[y * w + x] = (int)src[y * w + x] < mean - bias ? 0 : 255;
        }
    }
    free(integral);
    return CIMG_OK;
}

/// Copies `height` rows of `width` bytes from a strided frame into a contiguous buffer.
static inline void cimg_copy_rows(const uint8_t *src, size_t stride, size_t width, size_t height, uint8_t *dst) {
    for (size_t y = 0; y < height; y++) memcpy(dst + y * width, src + y * stride, width);
}

#endif
