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

#endif
