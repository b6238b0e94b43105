#ifndef ANIMC_PNG_H
#define ANIMC_PNG_H

// A thin C shim over libpng: libpng reports errors by longjmp, which Swift
// cannot catch, so every libpng call is made here under a setjmp frame and
// errors come back as return codes plus libpng's message.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    ANIMC_PNG_OK = 0,
    ANIMC_PNG_ERR_NOT_PNG = 1,    // signature missing or wrong
    ANIMC_PNG_ERR_TRUNCATED = 2,  // data ended before the image did
    ANIMC_PNG_ERR_CRC = 3,        // a chunk (critical or ancillary) failed its CRC
    ANIMC_PNG_ERR_CORRUPT = 4,    // any other libpng error
    ANIMC_PNG_ERR_NO_MEMORY = 5,  // allocation failed
    ANIMC_PNG_ERR_USAGE = 6,      // bad arguments (e.g. output buffer of the wrong size)
};

typedef struct animc_png_info {
    uint32_t width;
    uint32_t height;
    int bit_depth;
    int color_type;
    int interlaced;
} animc_png_info;

/// Checks the signature and reads the chunks up to the first IDAT.
int animc_png_read_info(const uint8_t *data, size_t size, animc_png_info *info,
                        char *err, size_t errlen);

/// Decodes to 8-bit RGBA (not premultiplied), rows top-down, into `out`,
/// which must hold exactly width * height * 4 bytes. No gamma is applied.
int animc_png_decode_rgba8(const uint8_t *data, size_t size, uint8_t *out, size_t out_size,
                           char *err, size_t errlen);

/// Encodes 8-bit RGBA pixels (RGB when `drop_alpha`) into a malloc'd buffer
/// returned in `*out`; release it with animc_png_free.
int animc_png_encode_rgba8(const uint8_t *rgba, uint32_t w, uint32_t h, int drop_alpha,
                           uint8_t **out, size_t *out_size, char *err, size_t errlen);

void animc_png_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
