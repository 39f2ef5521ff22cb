#ifndef HOSPAUDIT_FILE_SYNC_H
#define HOSPAUDIT_FILE_SYNC_H

/// Starts writing `length` bytes of `fd` from `offset` to the disk and returns without waiting
/// (Linux's sync_file_range with SYNC_FILE_RANGE_WRITE): the fsync that ends a document then
/// waits only for what was written last. A hint: 0 where it was given, -1 where the system has
/// no such call or refused it, which changes nothing but the wait.
int hospaudit_start_writeback(int fd, long long offset, long long length);

#endif
