/* Opens FFmpeg's libraries with dlopen on first use and forwards every libav* function Risa calls.

   Each forwarding function below has exactly the signature of the header's declaration (the
   compiler checks it, since the headers are included), looks the real function up once, caches the
   pointer, and tail-calls it. They are hidden, so the libraries themselves never bind to them. */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "risa_ffmpeg_loader.h"

#pragma GCC visibility push(hidden)
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <libavutil/pixdesc.h>
#include <libavutil/samplefmt.h>
#include <libswscale/swscale.h>

#define RISA_STRINGIFY_(x) #x
#define RISA_STRINGIFY(x) RISA_STRINGIFY_(x)

/* The libraries in dependency order, by the soname of the major version the headers describe. */
enum risa_ffmpeg_library { AVUTIL, SWSCALE, AVCODEC, AVFORMAT, AVFILTER, LIBRARY_COUNT };
static const char *const risa_ffmpeg_sonames[LIBRARY_COUNT] = {
    "libavutil.so." RISA_STRINGIFY(LIBAVUTIL_VERSION_MAJOR),
    "libswscale.so." RISA_STRINGIFY(LIBSWSCALE_VERSION_MAJOR),
    "libavcodec.so." RISA_STRINGIFY(LIBAVCODEC_VERSION_MAJOR),
    "libavformat.so." RISA_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR),
    "libavfilter.so." RISA_STRINGIFY(LIBAVFILTER_VERSION_MAJOR),
};

static pthread_once_t risa_ffmpeg_once = PTHREAD_ONCE_INIT;
static void *risa_ffmpeg_handles[LIBRARY_COUNT];
static int risa_ffmpeg_loaded;
static char risa_ffmpeg_error[512];

static void risa_ffmpeg_open_all(void) {
    for (int library = 0; library < LIBRARY_COUNT; library++) {
        void *handle = dlopen(risa_ffmpeg_sonames[library], RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char *reason = dlerror();
            snprintf(risa_ffmpeg_error, sizeof risa_ffmpeg_error,
                     "cannot load %s (%s); install FFmpeg's libraries (Debian: libavformat59 libavcodec59 "
                     "libavfilter8 libavutil57 libswscale6)",
                     risa_ffmpeg_sonames[library], reason ? reason : "unknown reason");
            return;
        }
        risa_ffmpeg_handles[library] = handle;
    }
    __atomic_store_n(&risa_ffmpeg_loaded, 1, __ATOMIC_RELEASE);
}

int risa_ffmpeg_load(char *error, size_t size) {
    pthread_once(&risa_ffmpeg_once, risa_ffmpeg_open_all);
    if (__atomic_load_n(&risa_ffmpeg_loaded, __ATOMIC_ACQUIRE)) return 1;
    if (error && size > 0) snprintf(error, size, "%s", risa_ffmpeg_error);
    return 0;
}

int risa_ffmpeg_is_loaded(void) { return __atomic_load_n(&risa_ffmpeg_loaded, __ATOMIC_ACQUIRE); }

/* Called by a forwarding function the first time it runs. A libav* call cannot return "library
   missing", so failing here ends the process with the reason; Risa's video entry points call
   risa_ffmpeg_load first and report a missing library as an ordinary error instead. */
static void *risa_ffmpeg_resolve(enum risa_ffmpeg_library library, const char *name) {
    char error[512];
    if (!risa_ffmpeg_load(error, sizeof error)) {
        fprintf(stderr, "risa: error: %s\n", error);
        abort();
    }
    void *function = dlsym(risa_ffmpeg_handles[library], name);
    if (!function) {
        fprintf(stderr, "risa: error: %s has no function %s\n", risa_ffmpeg_sonames[library], name);
        abort();
    }
    return function;
}

/* The function `name` of `library`, looked up once and then read from `slot`. */
static inline void *risa_ffmpeg_function(void **slot, enum risa_ffmpeg_library library, const char *name) {
    void *function = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!function) {
        function = risa_ffmpeg_resolve(library, name);
        __atomic_store_n(slot, function, __ATOMIC_RELEASE);
    }
    return function;
}

#define RISA_FORWARD(library, result, name, parameters, arguments)                                      \
    result name parameters {                                                                              \
        static void *slot;                                                                                \
        return ((result(*) parameters)risa_ffmpeg_function(&slot, library, #name)) arguments;             \
    }

#define RISA_FORWARD_VOID(library, name, parameters, arguments)                                          \
    void name parameters {                                                                                \
        static void *slot;                                                                                \
        ((void(*) parameters)risa_ffmpeg_function(&slot, library, #name)) arguments;                      \
    }

/* libavutil */
RISA_FORWARD(AVUTIL, unsigned, avutil_version, (void), ())
RISA_FORWARD(AVUTIL, const char *, av_version_info, (void), ())
RISA_FORWARD(AVUTIL, int, av_strerror, (int errnum, char *errbuf, size_t errbuf_size), (errnum, errbuf, errbuf_size))
RISA_FORWARD(AVUTIL, char *, av_strdup, (const char *s), (s))
RISA_FORWARD(AVUTIL, int, av_log_get_level, (void), ())
RISA_FORWARD_VOID(AVUTIL, av_log_set_level, (int level), (level))
RISA_FORWARD_VOID(AVUTIL, av_log_set_callback, (void (*callback)(void *, int, const char *, va_list)), (callback))
RISA_FORWARD_VOID(AVUTIL, av_log_default_callback, (void *avcl, int level, const char *fmt, va_list vl),
                  (avcl, level, fmt, vl))
RISA_FORWARD_VOID(AVUTIL, av_dict_free, (AVDictionary **m), (m))
RISA_FORWARD(AVUTIL, AVDictionaryEntry *, av_dict_get,
             (const AVDictionary *m, const char *key, const AVDictionaryEntry *prev, int flags), (m, key, prev, flags))
RISA_FORWARD(AVUTIL, int, av_dict_set, (AVDictionary **pm, const char *key, const char *value, int flags),
             (pm, key, value, flags))
RISA_FORWARD(AVUTIL, double, av_display_rotation_get, (const int32_t matrix[9]), (matrix))
RISA_FORWARD_VOID(AVUTIL, av_display_rotation_set, (int32_t matrix[9], double angle), (matrix, angle))
RISA_FORWARD(AVUTIL, AVFrame *, av_frame_alloc, (void), ())
RISA_FORWARD_VOID(AVUTIL, av_frame_free, (AVFrame **frame), (frame))
RISA_FORWARD(AVUTIL, int, av_frame_get_buffer, (AVFrame *frame, int align), (frame, align))
RISA_FORWARD(AVUTIL, int, av_frame_make_writable, (AVFrame *frame), (frame))
RISA_FORWARD(AVUTIL, int, av_frame_ref, (AVFrame *dst, const AVFrame *src), (dst, src))
RISA_FORWARD_VOID(AVUTIL, av_frame_unref, (AVFrame *frame), (frame))
RISA_FORWARD(AVUTIL, const char *, av_get_pix_fmt_name, (enum AVPixelFormat pix_fmt), (pix_fmt))
RISA_FORWARD_VOID(AVUTIL, av_channel_layout_default, (AVChannelLayout *ch_layout, int nb_channels),
                  (ch_layout, nb_channels))
RISA_FORWARD(AVUTIL, int, av_samples_set_silence,
             (uint8_t **audio_data, int offset, int nb_samples, int nb_channels, enum AVSampleFormat sample_fmt),
             (audio_data, offset, nb_samples, nb_channels, sample_fmt))

/* libswscale */
RISA_FORWARD(SWSCALE, unsigned, swscale_version, (void), ())
RISA_FORWARD_VOID(SWSCALE, sws_freeContext, (struct SwsContext *swsContext), (swsContext))
RISA_FORWARD(SWSCALE, struct SwsContext *, sws_getCachedContext,
             (struct SwsContext *context, int srcW, int srcH, enum AVPixelFormat srcFormat, int dstW, int dstH,
              enum AVPixelFormat dstFormat, int flags, SwsFilter *srcFilter, SwsFilter *dstFilter, const double *param),
             (context, srcW, srcH, srcFormat, dstW, dstH, dstFormat, flags, srcFilter, dstFilter, param))
RISA_FORWARD(SWSCALE, const int *, sws_getCoefficients, (int colorspace), (colorspace))
RISA_FORWARD(SWSCALE, int, sws_scale,
             (struct SwsContext *c, const uint8_t *const srcSlice[], const int srcStride[], int srcSliceY,
              int srcSliceH, uint8_t *const dst[], const int dstStride[]),
             (c, srcSlice, srcStride, srcSliceY, srcSliceH, dst, dstStride))
RISA_FORWARD(SWSCALE, int, sws_setColorspaceDetails,
             (struct SwsContext *c, const int inv_table[4], int srcRange, const int table[4], int dstRange,
              int brightness, int contrast, int saturation),
             (c, inv_table, srcRange, table, dstRange, brightness, contrast, saturation))

/* libavcodec */
RISA_FORWARD(AVCODEC, unsigned, avcodec_version, (void), ())
RISA_FORWARD(AVCODEC, AVCodecContext *, avcodec_alloc_context3, (const AVCodec *codec), (codec))
RISA_FORWARD_VOID(AVCODEC, avcodec_free_context, (AVCodecContext **avctx), (avctx))
RISA_FORWARD(AVCODEC, const AVCodec *, avcodec_find_decoder, (enum AVCodecID id), (id))
RISA_FORWARD(AVCODEC, const AVCodec *, avcodec_find_encoder, (enum AVCodecID id), (id))
RISA_FORWARD(AVCODEC, const AVCodec *, avcodec_find_encoder_by_name, (const char *name), (name))
RISA_FORWARD(AVCODEC, const char *, avcodec_get_name, (enum AVCodecID id), (id))
RISA_FORWARD(AVCODEC, int, avcodec_open2, (AVCodecContext *avctx, const AVCodec *codec, AVDictionary **options),
             (avctx, codec, options))
RISA_FORWARD_VOID(AVCODEC, avcodec_flush_buffers, (AVCodecContext *avctx), (avctx))
RISA_FORWARD(AVCODEC, int, avcodec_parameters_from_context, (AVCodecParameters *par, const AVCodecContext *codec),
             (par, codec))
RISA_FORWARD(AVCODEC, int, avcodec_parameters_to_context, (AVCodecContext *codec, const AVCodecParameters *par),
             (codec, par))
RISA_FORWARD(AVCODEC, int, avcodec_send_packet, (AVCodecContext *avctx, const AVPacket *avpkt), (avctx, avpkt))
RISA_FORWARD(AVCODEC, int, avcodec_receive_frame, (AVCodecContext *avctx, AVFrame *frame), (avctx, frame))
RISA_FORWARD(AVCODEC, int, avcodec_send_frame, (AVCodecContext *avctx, const AVFrame *frame), (avctx, frame))
RISA_FORWARD(AVCODEC, int, avcodec_receive_packet, (AVCodecContext *avctx, AVPacket *avpkt), (avctx, avpkt))
RISA_FORWARD(AVCODEC, AVPacket *, av_packet_alloc, (void), ())
RISA_FORWARD_VOID(AVCODEC, av_packet_free, (AVPacket **pkt), (pkt))
RISA_FORWARD_VOID(AVCODEC, av_packet_unref, (AVPacket *pkt), (pkt))
RISA_FORWARD_VOID(AVCODEC, av_packet_rescale_ts, (AVPacket *pkt, AVRational tb_src, AVRational tb_dst),
                  (pkt, tb_src, tb_dst))

/* libavformat */
RISA_FORWARD(AVFORMAT, unsigned, avformat_version, (void), ())
RISA_FORWARD(AVFORMAT, int, avformat_open_input,
             (AVFormatContext **ps, const char *url, const AVInputFormat *fmt, AVDictionary **options),
             (ps, url, fmt, options))
RISA_FORWARD(AVFORMAT, int, avformat_find_stream_info, (AVFormatContext *ic, AVDictionary **options), (ic, options))
RISA_FORWARD_VOID(AVFORMAT, avformat_close_input, (AVFormatContext **s), (s))
RISA_FORWARD_VOID(AVFORMAT, avformat_free_context, (AVFormatContext *s), (s))
RISA_FORWARD(AVFORMAT, int, av_find_best_stream,
             (AVFormatContext *ic, enum AVMediaType type, int wanted_stream_nb, int related_stream,
              const AVCodec **decoder_ret, int flags),
             (ic, type, wanted_stream_nb, related_stream, decoder_ret, flags))
RISA_FORWARD(AVFORMAT, int, av_read_frame, (AVFormatContext *s, AVPacket *pkt), (s, pkt))
RISA_FORWARD(AVFORMAT, int, avformat_seek_file,
             (AVFormatContext *s, int stream_index, int64_t min_ts, int64_t ts, int64_t max_ts, int flags),
             (s, stream_index, min_ts, ts, max_ts, flags))
RISA_FORWARD(AVFORMAT, const AVIndexEntry *, avformat_index_get_entry_from_timestamp,
             (AVStream *st, int64_t wanted_timestamp, int flags), (st, wanted_timestamp, flags))
RISA_FORWARD(AVFORMAT, AVRational, av_guess_sample_aspect_ratio,
             (AVFormatContext *format, AVStream *stream, AVFrame *frame), (format, stream, frame))
RISA_FORWARD(AVFORMAT, uint8_t *, av_stream_get_side_data,
             (const AVStream *stream, enum AVPacketSideDataType type, size_t *size), (stream, type, size))
RISA_FORWARD(AVFORMAT, uint8_t *, av_stream_new_side_data,
             (AVStream *stream, enum AVPacketSideDataType type, size_t size), (stream, type, size))
RISA_FORWARD(AVFORMAT, int, avformat_alloc_output_context2,
             (AVFormatContext **ctx, const AVOutputFormat *oformat, const char *format_name, const char *filename),
             (ctx, oformat, format_name, filename))
RISA_FORWARD(AVFORMAT, AVStream *, avformat_new_stream, (AVFormatContext *s, const AVCodec *c), (s, c))
RISA_FORWARD(AVFORMAT, int, avformat_write_header, (AVFormatContext *s, AVDictionary **options), (s, options))
RISA_FORWARD(AVFORMAT, int, av_interleaved_write_frame, (AVFormatContext *s, AVPacket *pkt), (s, pkt))
RISA_FORWARD(AVFORMAT, int, av_write_trailer, (AVFormatContext *s), (s))
RISA_FORWARD(AVFORMAT, int, avio_open, (AVIOContext **s, const char *url, int flags), (s, url, flags))
RISA_FORWARD(AVFORMAT, int, avio_closep, (AVIOContext **s), (s))

/* libavfilter */
RISA_FORWARD(AVFILTER, unsigned, avfilter_version, (void), ())
RISA_FORWARD(AVFILTER, const AVFilter *, avfilter_get_by_name, (const char *name), (name))
RISA_FORWARD(AVFILTER, AVFilterGraph *, avfilter_graph_alloc, (void), ())
RISA_FORWARD_VOID(AVFILTER, avfilter_graph_free, (AVFilterGraph **graph), (graph))
RISA_FORWARD(AVFILTER, int, avfilter_graph_config, (AVFilterGraph *graphctx, void *log_ctx), (graphctx, log_ctx))
RISA_FORWARD(AVFILTER, int, avfilter_graph_create_filter,
             (AVFilterContext **filt_ctx, const AVFilter *filt, const char *name, const char *args, void *opaque,
              AVFilterGraph *graph_ctx),
             (filt_ctx, filt, name, args, opaque, graph_ctx))
RISA_FORWARD(AVFILTER, int, avfilter_graph_parse_ptr,
             (AVFilterGraph *graph, const char *filters, AVFilterInOut **inputs, AVFilterInOut **outputs,
              void *log_ctx),
             (graph, filters, inputs, outputs, log_ctx))
RISA_FORWARD(AVFILTER, AVFilterInOut *, avfilter_inout_alloc, (void), ())
RISA_FORWARD_VOID(AVFILTER, avfilter_inout_free, (AVFilterInOut **inout), (inout))
RISA_FORWARD(AVFILTER, int, av_buffersink_get_frame, (AVFilterContext *ctx, AVFrame *frame), (ctx, frame))
RISA_FORWARD(AVFILTER, int, av_buffersrc_add_frame_flags, (AVFilterContext *buffer_src, AVFrame *frame, int flags),
             (buffer_src, frame, flags))
RISA_FORWARD(AVFILTER, int, av_buffersrc_close, (AVFilterContext *ctx, int64_t pts, unsigned flags), (ctx, pts, flags))

#pragma GCC visibility pop
