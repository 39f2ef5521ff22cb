#include "cells.h"

#include <stdint.h>
#include <string.h>

/// A copy of `n` bytes, 1 ≤ n ≤ 64, in at most four overlapping loads and stores of 16, 8 or 4
/// bytes: cells are short (codes, dates, amounts, names, summaries), and a call to memcpy costs
/// more than the copy.
static inline void copy_short(unsigned char *to, const unsigned char *from, long n) {
    if (n >= 16) {
        unsigned char a[16], b[16];
        if (n > 32) {
            unsigned char c[16], d[16];
            memcpy(a, from, 16);
            memcpy(b, from + 16, 16);
            memcpy(c, from + n - 32, 16);
            memcpy(d, from + n - 16, 16);
            memcpy(to, a, 16);
            memcpy(to + 16, b, 16);
            memcpy(to + n - 32, c, 16);
            memcpy(to + n - 16, d, 16);
        } else {
            memcpy(a, from, 16);
            memcpy(b, from + n - 16, 16);
            memcpy(to, a, 16);
            memcpy(to + n - 16, b, 16);
        }
    } else if (n >= 8) {
        uint64_t head, tail;
        memcpy(&head, from, 8);
        memcpy(&tail, from + n - 8, 8);
        memcpy(to, &head, 8);
        memcpy(to + n - 8, &tail, 8);
    } else if (n >= 4) {
        uint32_t head, tail;
        memcpy(&head, from, 4);
        memcpy(&tail, from + n - 4, 4);
        memcpy(to, &head, 4);
        memcpy(to + n - 4, &tail, 4);
    } else {
        to[0] = from[0];
        to[n / 2] = from[n / 2];
        to[n - 1] = from[n - 1];
    }
}

/// Room first, then the cell: out of line, so the common path saves no registers.
__attribute__((noinline)) static void field_after_growing(void *field, size_t length, hospaudit_cells *cells) {
    cells->grow(cells, (long)length);
    hospaudit_cells_field(field, length, cells);
}

void hospaudit_cells_field(void *field, size_t length, void *context) {
    hospaudit_cells *cells = context;
    long n = (long)length;
    if (__builtin_expect(cells->byte_count + n > cells->byte_capacity || cells->end_count == cells->end_capacity, 0)) {
        field_after_growing(field, length, cells);
        return;
    }
    long count = cells->byte_count;
    if (n > 0 && field) {
        if (n <= 64) {
            copy_short(cells->bytes + count, field, n);
        } else {
            memcpy(cells->bytes + count, field, (size_t)n);
        }
        count += n;
        cells->byte_count = count;
    }
    cells->ends[cells->end_count] = count - cells->record_bytes;
    cells->end_count += 1;
}
