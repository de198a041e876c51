#ifndef RISA_CMAGICKWAND_SHIM_H
#define RISA_CMAGICKWAND_SHIM_H

/* SwiftPM drops -D flags from pkg-config, so define what MagickWand's headers expect. */
#define MAGICKCORE_HDRI_ENABLE 0
#define MAGICKCORE_QUANTUM_DEPTH 16

/* MagickWand's config header defines _GNU_SOURCE; include the system headers first so that
   fd_set has one definition across modules. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/select.h>
#include <time.h>

#include <wand/MagickWand.h>

/* Coders report warnings (a truncated JPEG's "Premature end of JPEG file") on each image's own
   exception, which MagickWand 6 has no getter for. Returns the most severe one over the wand's image
   list and points reason/description at its text (owned by the image; NULL when absent). */
static inline ExceptionType risa_image_list_exception(MagickWand *wand, const char **reason,
                                                      const char **description) {
    ExceptionType worst = UndefinedException;
    *reason = NULL;
    *description = NULL;
    const Image *image = GetImageFromMagickWand(wand);
    for (; image != NULL; image = GetNextImageInList(image)) {
        if (image->exception.severity > worst) {
            worst = image->exception.severity;
            *reason = image->exception.reason;
            *description = image->exception.description;
        }
    }
    return worst;
}

#endif
