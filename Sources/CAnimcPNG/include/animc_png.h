#ifndef ANIMC_PNG_H
#define ANIMC_PNG_H
// Placeholder: the libpng shim is written in animc_png.c.
int animc_png_placeholder(void);
#endif
