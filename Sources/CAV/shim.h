#ifndef RISA_CAV_SHIM_H
#define RISA_CAV_SHIM_H

#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/avutil.h>
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
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

/* Video layer (RisaMedia/Video): macros and variadic APIs Swift cannot call. */
static inline int risa_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int risa_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int risa_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int risa_averror_encoder_not_found(void) { return AVERROR_ENCODER_NOT_FOUND; }
static inline int risa_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int risa_av_log_quiet(void) { return AV_LOG_QUIET; }
static inline int risa_av_log_error(void) { return AV_LOG_ERROR; }
static inline int risa_av_log_warning(void) { return AV_LOG_WARNING; }
static inline int risa_av_log_info(void) { return AV_LOG_INFO; }
static inline int risa_av_log_debug(void) { return AV_LOG_DEBUG; }
static inline int risa_ff_thread_frame_slice(void) { return FF_THREAD_FRAME | FF_THREAD_SLICE; }
static inline int risa_av_codec_flag_global_header(void) { return AV_CODEC_FLAG_GLOBAL_HEADER; }
static inline int risa_avfmt_globalheader(void) { return AVFMT_GLOBALHEADER; }
static inline int risa_avfmt_nofile(void) { return AVFMT_NOFILE; }
static inline int risa_av_pkt_flag_key(void) { return AV_PKT_FLAG_KEY; }
static inline int risa_av_pkt_flag_corrupt(void) { return AV_PKT_FLAG_CORRUPT; }
static inline int risa_av_frame_flag_corrupt(void) { return AV_FRAME_FLAG_CORRUPT; }
static inline int risa_avio_flag_write(void) { return AVIO_FLAG_WRITE; }
static inline int risa_av_codec_flag_bitexact(void) { return AV_CODEC_FLAG_BITEXACT; }
static inline int risa_avfmt_flag_bitexact(void) { return AVFMT_FLAG_BITEXACT; }
static inline int risa_avseek_flag_backward(void) { return AVSEEK_FLAG_BACKWARD; }
static inline int risa_av_buffersrc_flag_keep_ref(void) { return AV_BUFFERSRC_FLAG_KEEP_REF; }

/* av_log callback: the libraries call it from any thread with a va_list that Swift can only
   pass on to vsnprintf; formatting here keeps the Swift side free of CVarArg handling. */
typedef void (*risa_log_sink)(int level, const char *line);
static risa_log_sink risa_log_sink_function = 0;
static inline void risa_log_trampoline(void *avcl, int level, const char *fmt, va_list vl) {
    (void)avcl;
    risa_log_sink sink = risa_log_sink_function;
    if (!sink || level > av_log_get_level()) return;
    char line[1024];
    vsnprintf(line, sizeof line, fmt, vl);
    sink(level, line);
}
static inline void risa_install_log_sink(risa_log_sink sink) {
    risa_log_sink_function = sink;
    av_log_set_callback(sink ? risa_log_trampoline : av_log_default_callback);
}

#endif
