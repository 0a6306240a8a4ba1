#ifndef CONSIGN_CLIBXML2_SHIM_H
#define CONSIGN_CLIBXML2_SHIM_H

#include <stdint.h>
#include <libxml/xmlversion.h>

/* Debian's libxml2 is built with ICU; its encoding.h pulls in the system ICU headers, which clash with
   Foundation's bundled ICU in any Swift file that imports both. Only pointers to these types appear in
   libxml2's structs, so forward declarations keep every layout unchanged. */
#if defined(LIBXML_ICU_ENABLED) && !defined(UCNV_H)
#define UCNV_H
typedef struct UConverter UConverter;
typedef uint16_t UChar;
#endif

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>

/* xmlFree is a global function pointer, which Swift 6 rejects as not concurrency-safe. */
static inline void consign_xmlFree(void *pointer) { xmlFree(pointer); }

#endif
