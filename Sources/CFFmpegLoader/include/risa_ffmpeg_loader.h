#ifndef RISA_FFMPEG_LOADER_H
#define RISA_FFMPEG_LOADER_H

#include <stddef.h>

/* FFmpeg's libraries (libavutil, libswscale, libavcodec, libavformat, libavfilter) are not linked
   into risa: together they bring about 170 shared libraries, which cost every command some 50 ms
   of dynamic loading although most commands (validate, plan, runs of non-video pipelines) never
   touch a video. They are opened with dlopen the first time a libav* function is called.

   Loads the libraries once per process. Returns 1 when they are loaded; 0 otherwise, with the
   reason written into `error` (at most `size` bytes, NUL-terminated). Thread-safe. */
int risa_ffmpeg_load(char *error, size_t size);

/* 1 once the libraries are loaded in this process, 0 before (no loading is attempted). */
int risa_ffmpeg_is_loaded(void);

#endif
