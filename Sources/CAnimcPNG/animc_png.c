#include "animc_png.h"
int animc_png_placeholder(void) { return 0; }
