#define _GNU_SOURCE
#include "signal_safe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A path a handler may read at any moment: odd `sequence` while it is being written. */
struct published_path {
    atomic_uint sequence;
    char path[PATH_MAX + 1];
};

static struct published_path pending_file, uploads_folder;

static int publish(struct published_path *slot, const char *path) {
    size_t length = path ? strlen(path) : 0;
    int too_long = length > PATH_MAX;
    if (too_long) length = 0;
    atomic_fetch_add_explicit(&slot->sequence, 1, memory_order_acq_rel);
    atomic_thread_fence(memory_order_seq_cst);
    for (size_t i = 0; i < length; i++) __atomic_store_n(&slot->path[i], path[i], __ATOMIC_RELAXED);
    __atomic_store_n(&slot->path[length], 0, __ATOMIC_RELAXED);
    atomic_fetch_add_explicit(&slot->sequence, 1, memory_order_release);
    return too_long ? -1 : 0;
}

/* Copies the slot's path into `out` if it was not being written meanwhile; 0 when it was taken. */
static int take(struct published_path *slot, char *out) {
    unsigned before = atomic_load_explicit(&slot->sequence, memory_order_acquire);
    if (before & 1) return -1;
    for (size_t i = 0; i <= PATH_MAX; i++) {
        out[i] = __atomic_load_n(&slot->path[i], __ATOMIC_RELAXED);
        if (out[i] == 0) break;
    }
    out[PATH_MAX] = 0;
    atomic_thread_fence(memory_order_acquire);
    unsigned after = atomic_load_explicit(&slot->sequence, memory_order_relaxed);
    return before == after && out[0] != 0 ? 0 : -1;
}

int hospaudit_cleanup_set_file(const char *path) { return publish(&pending_file, path); }
int hospaudit_cleanup_set_folder(const char *path) { return publish(&uploads_folder, path); }

static volatile sig_atomic_t graceful, requested;

void hospaudit_set_graceful(int on) { graceful = on; }
int hospaudit_requested_signal(void) { return requested; }

void hospaudit_signal_handler(int sig) {
    if (graceful && !requested) {
        requested = sig;
        return;
    }
    hospaudit_cleanup_now();
    _exit(128 + sig);
}

void hospaudit_cleanup_now(void) {
    char path[PATH_MAX + 1];
    if (take(&pending_file, path) == 0) unlink(path);
    if (take(&uploads_folder, path) == 0) hospaudit_remove_tree(path);
}

/* getdents64's record; glibc only declares it from 2.30 on, so it is spelled out here. */
struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* Each level of folders costs this buffer on the stack of whichever thread the signal landed on. */
enum { max_depth = 64, buffer_size = 1024 };

static int gone(int result) { return result == 0 || errno == ENOENT; }

static int empty_folder(int fd, int depth) {
    if (depth > max_depth) return -1;
    _Alignas(8) char buffer[buffer_size];
    int failed = 0;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
        if (n < 0) return -1;
        if (n == 0) break;
        int removed = 0;
        for (long at = 0; at < n;) {
            struct linux_dirent64 *entry = (struct linux_dirent64 *)(buffer + at);
            at += entry->d_reclen;
            const char *name = entry->d_name;
            if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
            unsigned char type = entry->d_type;
            if (type == DT_UNKNOWN) {
                struct stat st;
                if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                    if (errno != ENOENT) failed = 1;
                    continue;
                }
                type = S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
            }
            if (type == DT_DIR) {
                int child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (child < 0) {
                    if (errno != ENOENT) failed = 1;
                    continue;
                }
                int emptied = empty_folder(child, depth + 1);
                close(child);
                if (emptied != 0 || !gone(unlinkat(fd, name, AT_REMOVEDIR))) {
                    failed = 1;
                    continue;
                }
            } else if (!gone(unlinkat(fd, name, 0))) {
                failed = 1;
                continue;
            }
            removed = 1;
        }
        /* Entries removed while reading: read the folder again from its start, so none is
           missed; a pass that removes nothing and fails somewhere ends. */
        if (removed && lseek(fd, 0, SEEK_SET) != 0) return -1;
        if (!removed && failed) return -1;
    }
    return failed ? -1 : 0;
}

int hospaudit_remove_tree(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    int emptied = empty_folder(fd, 0);
    close(fd);
    if (emptied != 0) return -1;
    return gone(rmdir(path)) ? 0 : -1;
}
