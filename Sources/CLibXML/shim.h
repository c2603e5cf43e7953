#ifndef SEEK_CLIBXML_SHIM_H
#define SEEK_CLIBXML_SHIM_H
// Debian's libxml2 is built with ICU; its headers would pull in the system ICU, whose types clash with the
// ICU bundled in Foundation on clean builds. Only two members of an encoding struct depend on it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#include <libxml/xmlmemory.h>

/// `xmlFree` is a global function pointer that Swift 6 refuses to touch; call it through here.
static inline void seek_xmlFree(void *p) { xmlFree(p); }

#endif
