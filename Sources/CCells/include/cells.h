#ifndef HOSPAUDIT_CELLS_H
#define HOSPAUDIT_CELLS_H

#include <stddef.h>

/// The cells of the record libcsv is parsing, in one byte buffer with an end offset per cell
/// (relative to the record's first byte), after the finished records of a batch. Swift owns
/// the memory (`RecordBuffer` in HospAuditCore) and grows it through `grow`; libcsv's field
/// callback, called for each of a ledger's tens of millions of cells, appends here in C: 42
/// instructions a cell, against 58 for the same work in Swift and its C thunk.
typedef struct hospaudit_cells {
    unsigned char *bytes;
    long byte_count;
    long byte_capacity;
    long *ends;
    long end_count;
    long end_capacity;
    /// Who is told when a record ends: the parse session, unretained.
    void *owner;
    /// Where the record being parsed starts in `bytes` and `ends`.
    long record_bytes;
    long record_ends;
    /// Makes room for `length` more bytes and one more end.
    void (*grow)(struct hospaudit_cells *cells, long length);
} hospaudit_cells;

/// libcsv's field callback: `context` is the `hospaudit_cells` being filled.
void hospaudit_cells_field(void *field, size_t length, void *context);

#endif
