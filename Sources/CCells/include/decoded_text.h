#ifndef HOSPAUDIT_DECODED_TEXT_H
#define HOSPAUDIT_DECODED_TEXT_H

/// Whether bytes fed in pieces are, all together, text a cell may hold: well-formed UTF-8 (no
/// overlongs, surrogates, code points past U+10FFFF or cut sequences) without U+FFFD, which the
/// transcoder leaves for bytes it could not decode. The same verdict as
/// `ByteText.isDecodedText` in HospAuditCore, which the tests hold it to.
///
/// A parsing thread asks it once of a whole segment of the input, so that the thread typing the
/// segment's cells need not ask of each cell: a cell is the input's bytes with some ASCII bytes
/// (delimiters, quotes, spaces) taken out or cut at, so the cells of text that passes pass too.
/// 32 bytes at a step where the processor has AVX2, a byte at a time elsewhere.
typedef struct hospaudit_text_check {
    /// The 32 bytes checked last (zeros at first): the next block's first bytes continue them.
    unsigned char previous[32];
    /// Bytes fed and not yet checked, fewer than 32.
    unsigned char pending[32];
    long pending_count;
    /// The byte-at-a-time test's state between bytes: what the next one must be.
    int state;
    int wide;
    int failed;
} hospaudit_text_check;

/// Starts a check, 32 bytes at a step when `wide` is nonzero and the processor can.
void hospaudit_text_check_start(hospaudit_text_check *check, int wide);
void hospaudit_text_check_feed(hospaudit_text_check *check, const unsigned char *bytes, long count);
/// 1 when every byte fed, read as one text, passes; 0 otherwise.
int hospaudit_text_check_finish(hospaudit_text_check *check);

/// Whether the processor runs the 32-byte steps (AVX2).
int hospaudit_text_check_is_wide(void);

#endif
