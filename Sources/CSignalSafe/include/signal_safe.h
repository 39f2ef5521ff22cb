#ifndef HOSPAUDIT_SIGNAL_SAFE_H
#define HOSPAUDIT_SIGNAL_SAFE_H

/// Removes the folder at `path` and everything in it, following no symbolic link, with only
/// async-signal-safe system calls (open, getdents64, unlinkat, close) and no allocation: a
/// signal handler may call it before `_exit`, when `atexit` handlers will not run.
/// Returns 0 when the folder is gone, -1 otherwise (deeper than 32 levels, or a call failed).
int hospaudit_remove_tree(const char *path);

#endif
