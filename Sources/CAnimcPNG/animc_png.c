// libpng driver for animc. Each public function keeps all state that changes
// after setjmp in a struct owned by its caller frame (not by the function that
// calls setjmp), so nothing relies on locals surviving a longjmp.

#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "animc_png.h"

#define ANIMC_CHUNK_MALLOC_MAX ((png_alloc_size_t)16 << 20)
#define ANIMC_USER_DIM_MAX 0x7fffffffu

typedef struct animc_state {
    // Reading from memory.
    const uint8_t *data;
    size_t size;
    size_t pos;
    int hit_eof;
    // Writing to a growing buffer.
    uint8_t *buf;
    size_t len;
    size_t cap;
    int oom;
    // libpng objects and scratch.
    png_structp png;
    png_infop info;
    png_bytep *rows;
    char message[256];
} animc_state;

static void copy_err(char *err, size_t errlen, const char *msg) {
    if (err == NULL || errlen == 0) return;
    size_t n = strlen(msg);
    if (n >= errlen) n = errlen - 1;
    memcpy(err, msg, n);
    err[n] = '\0';
}

static void on_error(png_structp png, png_const_charp msg) {
    animc_state *st = (animc_state *)png_get_error_ptr(png);
    if (st != NULL) copy_err(st->message, sizeof st->message, msg ? msg : "unknown libpng error");
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg) {
    (void)png;
    (void)msg;  // Warnings (benign errors included) are not reported.
}

static void read_fn(png_structp png, png_bytep out, size_t len) {
    animc_state *st = (animc_state *)png_get_io_ptr(png);
    if (len > st->size - st->pos) {
        st->hit_eof = 1;
        png_error(png, "unexpected end of data");
    }
    memcpy(out, st->data + st->pos, len);
    st->pos += len;
}

static void write_fn(png_structp png, png_bytep in, size_t len) {
    animc_state *st = (animc_state *)png_get_io_ptr(png);
    if (len > st->cap - st->len) {
        size_t cap = st->cap ? st->cap : 4096;
        while (len > cap - st->len) {
            if (cap > ((size_t)-1) / 2) { st->oom = 1; png_error(png, "out of memory"); }
            cap *= 2;
        }
        uint8_t *grown = (uint8_t *)realloc(st->buf, cap);
        if (grown == NULL) { st->oom = 1; png_error(png, "out of memory"); }
        st->buf = grown;
        st->cap = cap;
    }
    memcpy(st->buf + st->len, in, len);
    st->len += len;
}

static void flush_fn(png_structp png) { (void)png; }

static int contains_ci(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && (hay[i] | 0x20) == (needle[i] | 0x20)) i++;
        if (i == n) return 1;
    }
    return 0;
}

/// Maps the message of a failed libpng call to a return code.
static int classify(const animc_state *st) {
    if (st->hit_eof) return ANIMC_PNG_ERR_TRUNCATED;
    if (st->oom) return ANIMC_PNG_ERR_NO_MEMORY;
    if (contains_ci(st->message, "CRC error")) return ANIMC_PNG_ERR_CRC;
    if (contains_ci(st->message, "out of memory") || contains_ci(st->message, "insufficient memory"))
        return ANIMC_PNG_ERR_NO_MEMORY;
    if (contains_ci(st->message, "not a png file")) return ANIMC_PNG_ERR_NOT_PNG;
    return ANIMC_PNG_ERR_CORRUPT;
}

/// Common setup for reading: signature check and read struct creation.
static int begin_read(animc_state *st, const uint8_t *data, size_t size) {
    st->data = data;
    st->size = size;
    if (data == NULL || size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        copy_err(st->message, sizeof st->message, "Not a PNG file");
        return ANIMC_PNG_ERR_NOT_PNG;
    }
    st->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, st, on_error, on_warning);
    if (st->png == NULL) goto oom;
    st->info = png_create_info_struct(st->png);
    if (st->info == NULL) goto oom;
    return ANIMC_PNG_OK;
oom:
    copy_err(st->message, sizeof st->message, "out of memory");
    return ANIMC_PNG_ERR_NO_MEMORY;
}

/// Ancillary chunks that play no part in decoding to sRGB-as-is RGBA. libpng skips
/// them without buffering their data (CRCs are still checked); this is what actually
/// bounds their memory, since png_set_chunk_malloc_max does not stop libpng 1.6.39
/// from allocating a large tEXt chunk.
static const png_byte ignored_chunks[] =
    "bKGD\0cHRM\0eXIf\0gAMA\0hIST\0iCCP\0iTXt\0oFFs\0pCAL\0pHYs\0"
    "sBIT\0sCAL\0sPLT\0sRGB\0tEXt\0tIME\0zTXt";

/// Configuration that cannot fail; called under the setjmp frame anyway.
static void configure_read(animc_state *st) {
    png_set_read_fn(st->png, st, read_fn);
    png_set_crc_action(st->png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    png_set_chunk_malloc_max(st->png, ANIMC_CHUNK_MALLOC_MAX);
    png_set_keep_unknown_chunks(st->png, PNG_HANDLE_CHUNK_NEVER, ignored_chunks,
                                (int)(sizeof ignored_chunks / 5));
    png_set_user_limits(st->png, ANIMC_USER_DIM_MAX, ANIMC_USER_DIM_MAX);
}

static void end_read(animc_state *st) {
    if (st->rows != NULL) { free(st->rows); st->rows = NULL; }
    if (st->png != NULL) png_destroy_read_struct(&st->png, st->info ? &st->info : NULL, NULL);
}

static int read_info_body(animc_state *st, animc_png_info *out) {
    if (setjmp(png_jmpbuf(st->png))) return classify(st);
    configure_read(st);
    png_read_info(st->png, st->info);
    out->width = png_get_image_width(st->png, st->info);
    out->height = png_get_image_height(st->png, st->info);
    out->bit_depth = png_get_bit_depth(st->png, st->info);
    out->color_type = png_get_color_type(st->png, st->info);
    out->interlaced = png_get_interlace_type(st->png, st->info) != PNG_INTERLACE_NONE;
    return ANIMC_PNG_OK;
}

int animc_png_read_info(const uint8_t *data, size_t size, animc_png_info *info,
                        char *err, size_t errlen) {
    animc_state st;
    memset(&st, 0, sizeof st);
    int rc = info == NULL ? ANIMC_PNG_ERR_USAGE : begin_read(&st, data, size);
    if (rc == ANIMC_PNG_OK) rc = read_info_body(&st, info);
    if (rc == ANIMC_PNG_ERR_USAGE) copy_err(st.message, sizeof st.message, "invalid arguments");
    end_read(&st);
    copy_err(err, errlen, rc == ANIMC_PNG_OK ? "" : st.message);
    return rc;
}

static int decode_body(animc_state *st, uint8_t *out, size_t out_size) {
    if (setjmp(png_jmpbuf(st->png))) return classify(st);
    configure_read(st);
    png_structp png = st->png;
    png_infop info = st->info;
    png_read_info(png, info);

    png_uint_32 w = png_get_image_width(png, info);
    png_uint_32 h = png_get_image_height(png, info);
    int depth = png_get_bit_depth(png, info);
    int type = png_get_color_type(png, info);
    if ((size_t)h == 0 || (size_t)w > ((size_t)-1) / 4 / (size_t)h || (size_t)w * h * 4 != out_size) {
        copy_err(st->message, sizeof st->message, "output buffer does not match the image size");
        return ANIMC_PNG_ERR_USAGE;
    }

    int has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (type == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (has_trns) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_scale_16(png);
    if (type == PNG_COLOR_TYPE_GRAY || type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    if ((type & PNG_COLOR_MASK_ALPHA) == 0 && !has_trns) png_set_filler(png, 0xff, PNG_FILLER_AFTER);
    (void)png_set_interlace_handling(png);
    png_read_update_info(png, info);

    if (png_get_rowbytes(png, info) != (size_t)w * 4) {
        copy_err(st->message, sizeof st->message, "unexpected row size after transformations");
        return ANIMC_PNG_ERR_CORRUPT;
    }
    st->rows = (png_bytep *)malloc(sizeof(png_bytep) * h);
    if (st->rows == NULL) {
        copy_err(st->message, sizeof st->message, "out of memory");
        return ANIMC_PNG_ERR_NO_MEMORY;
    }
    for (png_uint_32 y = 0; y < h; y++) st->rows[y] = out + (size_t)y * w * 4;
    png_read_image(png, st->rows);
    png_read_end(png, NULL);  // checks the CRCs of the chunks after the image data
    return ANIMC_PNG_OK;
}

int animc_png_decode_rgba8(const uint8_t *data, size_t size, uint8_t *out, size_t out_size,
                           char *err, size_t errlen) {
    animc_state st;
    memset(&st, 0, sizeof st);
    int rc = out == NULL ? ANIMC_PNG_ERR_USAGE : begin_read(&st, data, size);
    if (rc == ANIMC_PNG_OK) rc = decode_body(&st, out, out_size);
    else if (rc == ANIMC_PNG_ERR_USAGE) copy_err(st.message, sizeof st.message, "invalid arguments");
    end_read(&st);
    copy_err(err, errlen, rc == ANIMC_PNG_OK ? "" : st.message);
    return rc;
}

static int encode_body(animc_state *st, const uint8_t *rgba, uint32_t w, uint32_t h, int drop_alpha) {
    if (setjmp(png_jmpbuf(st->png))) return classify(st);
    png_structp png = st->png;
    png_infop info = st->info;
    png_set_write_fn(png, st, write_fn, flush_fn);
    png_set_IHDR(png, info, w, h, 8, drop_alpha ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    // On write, the filler tells libpng to strip the 4th byte of each input pixel.
    if (drop_alpha) png_set_filler(png, 0, PNG_FILLER_AFTER);
    st->rows = (png_bytep *)malloc(sizeof(png_bytep) * (h ? h : 1));
    if (st->rows == NULL) { st->oom = 1; png_error(png, "out of memory"); }
    for (uint32_t y = 0; y < h; y++) st->rows[y] = (png_bytep)(rgba + (size_t)y * w * 4);
    png_write_image(png, st->rows);
    png_write_end(png, NULL);
    return ANIMC_PNG_OK;
}

int animc_png_encode_rgba8(const uint8_t *rgba, uint32_t w, uint32_t h, int drop_alpha,
                           uint8_t **out, size_t *out_size, char *err, size_t errlen) {
    animc_state st;
    memset(&st, 0, sizeof st);
    int rc = ANIMC_PNG_OK;
    if (out == NULL || out_size == NULL || (rgba == NULL && w != 0 && h != 0)) {
        copy_err(st.message, sizeof st.message, "invalid arguments");
        rc = ANIMC_PNG_ERR_USAGE;
    } else {
        *out = NULL;
        *out_size = 0;
        st.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &st, on_error, on_warning);
        if (st.png != NULL) st.info = png_create_info_struct(st.png);
        if (st.png == NULL || st.info == NULL) {
            copy_err(st.message, sizeof st.message, "out of memory");
            rc = ANIMC_PNG_ERR_NO_MEMORY;
        } else {
            rc = encode_body(&st, rgba, w, h, drop_alpha);
        }
    }
    free(st.rows);
    if (st.png != NULL) png_destroy_write_struct(&st.png, st.info ? &st.info : NULL);
    if (rc == ANIMC_PNG_OK) {
        *out = st.buf;
        *out_size = st.len;
        copy_err(err, errlen, "");
    } else {
        free(st.buf);
        copy_err(err, errlen, st.message);
    }
    return rc;
}

void animc_png_free(void *p) { free(p); }
