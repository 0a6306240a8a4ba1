#define _GNU_SOURCE
#include "mapped_file_guard.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SLOTS 64

static struct {
    _Atomic uintptr_t start;
    _Atomic uintptr_t end;
    _Atomic int faulted;
} slots[SLOTS];

static struct sigaction previous;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

// Only async-signal-safe calls here: mmap, sigaction.
static void on_bus_error(int signal, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t start = atomic_load(&slots[i].start), end = atomic_load(&slots[i].end);
        if (start != 0 && address >= start && address < end) {
            uintptr_t from = address & ~(page - 1);
            if (mmap((void *)from, end - from, PROT_READ, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED) {
                atomic_store(&slots[i].faulted, 1);
                return;
            }
        }
    }
    // Not a guarded mapping: what would have happened without this handler happens now.
    sigaction(SIGBUS, &previous, NULL);
    (void)signal;
    (void)context;
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previous);
}

int consign_guard_register(const void *start, size_t length) {
    pthread_once(&installed, install);
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t expected = 0;
        if (atomic_compare_exchange_strong(&slots[i].start, &expected, (uintptr_t)1)) {
            atomic_store(&slots[i].faulted, 0);
            atomic_store(&slots[i].end, (uintptr_t)start + length);
            atomic_store(&slots[i].start, (uintptr_t)start);
            return i;
        }
    }
    return -1;
}

int consign_guard_faulted(int slot) { return slot >= 0 && slot < SLOTS ? atomic_load(&slots[slot].faulted) : 0; }

void consign_guard_unregister(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    atomic_store(&slots[slot].end, 0);
    atomic_store(&slots[slot].start, 0);
}
