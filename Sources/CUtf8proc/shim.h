#ifndef SEEK_CUTF8PROC_SHIM_H
#define SEEK_CUTF8PROC_SHIM_H
#include <utf8proc.h>
#endif
