#ifndef RISA_CGIT2_SHIM_H
#define RISA_CGIT2_SHIM_H

#include <git2.h>

/* git_libgit2_opts is variadic: typed wrappers for the options Risa sets. */
static inline int risa_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

#endif
