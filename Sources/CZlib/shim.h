#ifndef RISA_CZLIB_SHIM_H
#define RISA_CZLIB_SHIM_H

#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros (they pass the header's version and sizeof(z_stream)),
   which Swift does not import: typed wrappers instead. windowBits -15 means raw deflate, as ZIP
   stores it (no zlib header or trailer). */
static inline int risa_deflate_init_raw(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
static inline int risa_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -15);
}

#endif
