#ifndef SEEK_CZSTD_SHIM_H
#define SEEK_CZSTD_SHIM_H
#include <zstd.h>
#endif
