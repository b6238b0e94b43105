#ifndef ANIMC_SYSTEM_H
#define ANIMC_SYSTEM_H

/// Asks the C allocator for one heap shared by all threads (glibc: M_ARENA_MAX = 1); does nothing
/// where that knob does not exist. Call before starting threads.
void animc_use_one_heap(void);

/// The commit the binary was built from (`make` writes it to animc_commit.h beside system.c), or "".
const char *animc_build_commit(void);

#endif
