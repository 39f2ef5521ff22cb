#ifndef HOSPAUDIT_SIGNAL_SAFE_H
#define HOSPAUDIT_SIGNAL_SAFE_H

/// What a signal handler removes before `_exit` (which runs no `atexit` handler): the temporary
/// file of a document being written and the folder the run's uploads were unpacked into. The
/// paths live in static memory, published with a sequence count, so a handler running on any
/// thread while another one sets a path uses either a whole path or none, never part of one.

/// The file to unlink, or NULL for none. Returns -1 (nothing kept) for a path longer than PATH_MAX.
int hospaudit_cleanup_set_file(const char *path);
/// The folder to remove with everything in it, or NULL for none.
int hospaudit_cleanup_set_folder(const char *path);
/// For the signal handler: unlinks the file and removes the folder that are set.
void hospaudit_cleanup_now(void);

/// The handler of SIGINT, SIGTERM and SIGHUP. While graceful, the first signal is only noted
/// (`hospaudit_requested_signal`); otherwise, or at the second, it cleans up and `_exit`s
/// with 128 + the signal.
void hospaudit_signal_handler(int sig);
void hospaudit_set_graceful(int on);
/// The signal noted while graceful, or 0.
int hospaudit_requested_signal(void);

/// Removes the folder at `path` and everything in it, following no symbolic link, with only
/// async-signal-safe system calls (open, getdents64, unlinkat, close) and no allocation.
/// An entry inside that is already gone counts as removed. Returns 0 when the folder is gone,
/// -1 otherwise (no folder at `path`, deeper than 64 levels, or a call failed).
int hospaudit_remove_tree(const char *path);

#endif
