// Cairo (Debian: libcairo2-dev) draws the PNG plots: anti-aliased shapes and text from a real font
// (DejaVu Sans through fontconfig and FreeType, Debian: fonts-dejavu-core).
#include <cairo.h>
