#ifndef RISA_CAV_SHIM_H
#define RISA_CAV_SHIM_H

#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>

/* Macros Swift cannot import, exposed as functions. */
static inline int risa_averror(int errnum) { return AVERROR(errnum); }
static inline int risa_averror_eof(void) { return AVERROR_EOF; }
static inline int64_t risa_av_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline unsigned risa_version_major(unsigned version) { return AV_VERSION_MAJOR(version); }
static inline unsigned risa_version_minor(unsigned version) { return AV_VERSION_MINOR(version); }
static inline unsigned risa_version_micro(unsigned version) { return AV_VERSION_MICRO(version); }

#endif
