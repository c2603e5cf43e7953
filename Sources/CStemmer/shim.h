#ifndef SEEK_CSTEMMER_SHIM_H
#define SEEK_CSTEMMER_SHIM_H
#include <libstemmer.h>
#endif
