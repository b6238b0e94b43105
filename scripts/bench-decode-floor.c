/* The decode floor of scripts/bench: decodes every PNG named on the command line once, to RGBA, with
 * libpng (its simplified API), and prints how many frames it decoded. Timing it gives the least time any
 * tool that reads those frames must spend; animc's cold build is compared with it.
 * Build: cc -O2 bench-decode-floor.c $(pkg-config --cflags --libs libpng) -o bench-decode-floor */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    unsigned long checksum = 0;
    for (int i = 1; i < argc; i++) {
        png_image image;
        memset(&image, 0, sizeof image);
        image.version = PNG_IMAGE_VERSION;
        if (!png_image_begin_read_from_file(&image, argv[i])) {
            fprintf(stderr, "%s: %s\n", argv[i], image.message);
            return 1;
        }
        image.format = PNG_FORMAT_RGBA;
        png_bytep buffer = malloc(PNG_IMAGE_SIZE(image));
        if (!buffer || !png_image_finish_read(&image, NULL, buffer, 0, NULL)) {
            fprintf(stderr, "%s: %s\n", argv[i], image.message);
            return 1;
        }
        checksum += buffer[PNG_IMAGE_SIZE(image) / 2];
        free(buffer);
    }
    printf("%d frames decoded (checksum %lu)\n", argc - 1, checksum);
    return 0;
}
