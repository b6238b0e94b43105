#include "animc_system.h"

#include <stdlib.h>  /* defines __GLIBC__ on glibc systems */
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void animc_use_one_heap(void) {
#if defined(__GLIBC__)
    mallopt(M_ARENA_MAX, 1);
#endif
}

// Written by `make` (gitignored): `#define ANIMC_COMMIT 1a2b3c4d5e6f`. Absent for a plain `swift build`.
#if __has_include("animc_commit.h")
#include "animc_commit.h"
#endif

#define ANIMC_STRING2(x) #x
#define ANIMC_STRING(x) ANIMC_STRING2(x)

const char *animc_build_commit(void) {
#ifdef ANIMC_COMMIT
    return ANIMC_STRING(ANIMC_COMMIT);
#else
    return "";
#endif
}
