#define _GNU_SOURCE
#include "signal_safe.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* getdents64's record; glibc only declares it from 2.30 on, so it is spelled out here. */
struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* An unpacked archive nests a few folders: each level costs this buffer on the stack of
   whichever thread the signal landed on. */
enum { max_depth = 32, buffer_size = 1024 };

static int empty_folder(int fd, int depth) {
    if (depth > max_depth) return -1;
    char buffer[buffer_size];
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
                if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) { failed = 1; continue; }
                type = S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
            }
            if (type == DT_DIR) {
                int child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (child < 0) { failed = 1; continue; }
                int emptied = empty_folder(child, depth + 1);
                close(child);
                if (emptied != 0 || unlinkat(fd, name, AT_REMOVEDIR) != 0) { failed = 1; continue; }
            } else if (unlinkat(fd, name, 0) != 0) {
                failed = 1;
                continue;
            }
            removed = 1;
        }
        /* Entries removed while reading: read the folder again from its start, so none is missed. */
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
    return rmdir(path);
}
