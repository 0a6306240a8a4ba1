// Keeps a file mapped into memory from killing the process when another process truncates the file while
// it is read: touching a mapped page past the new end of the file raises SIGBUS. A process-wide SIGBUS
// handler maps zero-filled pages over the rest of a registered mapping instead and marks it faulted, so
// that the reader can report the file as changed (an input error) instead of dying.
#ifndef CONSIGN_MAPPED_FILE_GUARD_H
#define CONSIGN_MAPPED_FILE_GUARD_H

#include <stddef.h>

/// Registers a read-only mapping; returns its slot, or -1 when every slot is taken (the mapping is then
/// not guarded). Installs the handler on first use.
int consign_guard_register(const void *start, size_t length);

/// Whether a fault was caught in the slot's mapping since it was registered.
int consign_guard_faulted(int slot);

/// Releases the slot (before the mapping is unmapped).
void consign_guard_unregister(int slot);

#endif
