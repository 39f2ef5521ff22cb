#include "decoded_text.h"

#include <stdint.h>
#include <string.h>

// The byte-at-a-time test: a state machine, so that a sequence cut between two pieces fed is
// finished in the next one. Each state says what the next byte must be.
enum {
    START = 0,
    LAST,          // one continuation byte, 80-BF
    TWO_MORE,      // two, the first 80-BF
    AFTER_E0,      // A0-BF, then one more (no overlongs)
    AFTER_ED,      // 80-9F, then one more (no surrogates)
    AFTER_EF,      // 80-BF, then one more; BF may begin U+FFFD
    AFTER_EF_BF,   // 80-BF but BD (EF BF BD is U+FFFD)
    AFTER_F0,      // 90-BF, then two more (no overlongs)
    THREE_MORE,    // 80-BF, then two more
    AFTER_F4,      // 80-8F, then two more (nothing past U+10FFFF)
    FAILED
};

static int step(int state, unsigned char c) {
    switch (state) {
    case START:
        if (c < 0x80) return START;
        if (c >= 0xC2 && c <= 0xDF) return LAST;
        if (c == 0xE0) return AFTER_E0;
        if (c == 0xED) return AFTER_ED;
        if (c == 0xEF) return AFTER_EF;
        if (c >= 0xE1 && c <= 0xEE) return TWO_MORE;
        if (c == 0xF0) return AFTER_F0;
        if (c >= 0xF1 && c <= 0xF3) return THREE_MORE;
        if (c == 0xF4) return AFTER_F4;
        return FAILED;
    case LAST: return (c & 0xC0) == 0x80 ? START : FAILED;
    case TWO_MORE: return (c & 0xC0) == 0x80 ? LAST : FAILED;
    case AFTER_E0: return c >= 0xA0 && c <= 0xBF ? LAST : FAILED;
    case AFTER_ED: return c >= 0x80 && c <= 0x9F ? LAST : FAILED;
    case AFTER_EF: return c == 0xBF ? AFTER_EF_BF : ((c & 0xC0) == 0x80 ? LAST : FAILED);
    case AFTER_EF_BF: return (c & 0xC0) == 0x80 && c != 0xBD ? START : FAILED;
    case AFTER_F0: return c >= 0x90 && c <= 0xBF ? TWO_MORE : FAILED;
    case THREE_MORE: return (c & 0xC0) == 0x80 ? TWO_MORE : FAILED;
    case AFTER_F4: return c >= 0x80 && c <= 0x8F ? TWO_MORE : FAILED;
    default: return FAILED;
    }
}

static void feed_bytes(hospaudit_text_check *check, const unsigned char *p, long n) {
    int state = check->state;
    long i = 0;
    while (i < n && state != FAILED) {
        // ASCII eight bytes at a time between characters.
        if (state == START && i + 8 <= n) {
            uint64_t word;
            memcpy(&word, p + i, 8);
            if ((word & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        state = step(state, p[i]);
        i += 1;
    }
    check->state = state;
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

#define WIDE __attribute__((target("avx2")))

int hospaudit_text_check_is_wide(void) {
    static int known = -1;
    int wide = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (wide >= 0) return wide;
    unsigned a, b, c, d;
    wide = 0;
    // AVX2 in the processor, and the system saving the 256-bit registers (OSXSAVE, XCR0).
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 27))) {
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        if ((lo & 6) == 6 && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 5))) wide = 1;
    }
    __atomic_store_n(&known, wide, __ATOMIC_RELAXED);
    return wide;
}

// The 32-byte step classifies each byte by the high nibble of the byte before it, that byte's
// low nibble and its own high nibble (three table lookups, the error bits in common are the
// errors), and checks apart that the third and fourth bytes of a sequence are continuations:
// the method of Keiser and Lemire, "Validating UTF-8 in less than one instruction per byte"
// (2021).
enum {
    TOO_SHORT = 1 << 0,      // a lead byte not followed by a continuation
    TOO_LONG = 1 << 1,       // a continuation after ASCII
    OVERLONG_3 = 1 << 2,     // E0 80-9F
    TOO_LARGE = 1 << 3,      // F4 90-BF, F5-FF
    SURROGATE = 1 << 4,      // ED A0-BF
    OVERLONG_2 = 1 << 5,     // C0-C1
    TOO_LARGE_1000 = 1 << 6, // F5-FF 80-8F
    OVERLONG_4 = 1 << 6,     // F0 80-8F
    TWO_CONTINUATIONS = 1 << 7,
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTINUATIONS
};

WIDE static inline __m256i table(const int8_t t[16]) {
    __m128i half = _mm_loadu_si128((const __m128i *)t);
    return _mm256_broadcastsi128_si256(half);
}

static const int8_t by_first_high[16] = {
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
    TWO_CONTINUATIONS, TWO_CONTINUATIONS, TWO_CONTINUATIONS, TWO_CONTINUATIONS,
    TOO_SHORT | OVERLONG_2,
    TOO_SHORT,
    TOO_SHORT | OVERLONG_3 | SURROGATE,
    (int8_t)(TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4)
};

static const int8_t by_first_low[16] = {
    (int8_t)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4),
    (int8_t)(CARRY | OVERLONG_2),
    (int8_t)CARRY,
    (int8_t)CARRY,
    (int8_t)(CARRY | TOO_LARGE),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
    (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000)
};

static const int8_t by_second_high[16] = {
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
    (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
    (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE),
    (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE),
    (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE),
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT
};

/// The block's bytes shifted `n` places later, the previous block's last bytes in front.
#define BEFORE(input, previous, n) \
    _mm256_alignr_epi8((input), _mm256_permute2x128_si256((previous), (input), 0x21), 16 - (n))

/// Nonzero bytes where the block (after `previous`) breaks the rules.
WIDE static inline __m256i block_errors(__m256i input, __m256i previous) {
    const __m256i low_nibble = _mm256_set1_epi8(0x0F);
    __m256i before1 = BEFORE(input, previous, 1);
    __m256i before2 = BEFORE(input, previous, 2);
    __m256i before3 = BEFORE(input, previous, 3);
    __m256i first_high = _mm256_shuffle_epi8(table(by_first_high),
                                             _mm256_and_si256(_mm256_srli_epi16(before1, 4), low_nibble));
    __m256i first_low = _mm256_shuffle_epi8(table(by_first_low), _mm256_and_si256(before1, low_nibble));
    __m256i second_high = _mm256_shuffle_epi8(table(by_second_high),
                                              _mm256_and_si256(_mm256_srli_epi16(input, 4), low_nibble));
    __m256i special = _mm256_and_si256(_mm256_and_si256(first_high, first_low), second_high);
    // A third byte (two after E0-EF) or fourth (three after F0-FF) must be a second continuation
    // in a row, and a second continuation in a row must be one of those.
    __m256i third = _mm256_subs_epu8(before2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(before3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i must_continue = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    __m256i errors = _mm256_xor_si256(must_continue, special);
    // U+FFFD: EF BF BD.
    __m256i replacement = _mm256_and_si256(
        _mm256_and_si256(_mm256_cmpeq_epi8(before2, _mm256_set1_epi8((char)0xEF)),
                         _mm256_cmpeq_epi8(before1, _mm256_set1_epi8((char)0xBF))),
        _mm256_cmpeq_epi8(input, _mm256_set1_epi8((char)0xBD)));
    return _mm256_or_si256(errors, replacement);
}

/// Nonzero where the block's last three bytes begin a sequence that goes past it.
WIDE static inline __m256i unfinished(__m256i input) {
    const __m256i limits = _mm256_setr_epi8(
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255, (char)255,
        (char)255, (char)255, (char)255, (char)255, (char)255, (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    return _mm256_subs_epu8(input, limits);
}

/// Checks whole blocks of 32 bytes; `previous` holds the block before the first.
WIDE static int check_blocks(unsigned char previous_bytes[32], const unsigned char *p, long blocks) {
    __m256i previous = _mm256_loadu_si256((const __m256i *)previous_bytes);
    __m256i errors = _mm256_setzero_si256();
    for (long k = 0; k < blocks; k++) {
        __m256i input = _mm256_loadu_si256((const __m256i *)(p + 32 * k));
        if (_mm256_movemask_epi8(input) == 0) {
            // ASCII: nothing of the block before may go on into it.
            errors = _mm256_or_si256(errors, unfinished(previous));
        } else {
            errors = _mm256_or_si256(errors, block_errors(input, previous));
        }
        previous = input;
    }
    _mm256_storeu_si256((__m256i *)previous_bytes, previous);
    return _mm256_testz_si256(errors, errors);
}

#else

int hospaudit_text_check_is_wide(void) { return 0; }

static int check_blocks(unsigned char previous_bytes[32], const unsigned char *p, long blocks) {
    (void)previous_bytes; (void)p; (void)blocks;
    return 0;
}

#endif

void hospaudit_text_check_start(hospaudit_text_check *check, int wide) {
    memset(check, 0, sizeof *check);
    check->state = START;
    check->wide = wide && hospaudit_text_check_is_wide();
}

void hospaudit_text_check_feed(hospaudit_text_check *check, const unsigned char *bytes, long count) {
    if (check->failed || count <= 0) return;
    if (!check->wide) {
        feed_bytes(check, bytes, count);
        check->failed = check->state == FAILED;
        return;
    }
    long i = 0;
    if (check->pending_count > 0) {
        long take = 32 - check->pending_count;
        if (take > count) take = count;
        memcpy(check->pending + check->pending_count, bytes, (size_t)take);
        check->pending_count += take;
        i = take;
        if (check->pending_count < 32) return;
        if (!check_blocks(check->previous, check->pending, 1)) { check->failed = 1; return; }
        check->pending_count = 0;
    }
    long blocks = (count - i) / 32;
    if (blocks > 0 && !check_blocks(check->previous, bytes + i, blocks)) { check->failed = 1; return; }
    i += blocks * 32;
    memcpy(check->pending, bytes + i, (size_t)(count - i));
    check->pending_count = count - i;
}

int hospaudit_text_check_finish(hospaudit_text_check *check) {
    if (check->failed) return 0;
    if (!check->wide) return check->state == START;
    // The bytes left, then zeros (ASCII): a sequence cut at the end meets ASCII and fails.
    unsigned char last[64];
    memset(last, 0, sizeof last);
    memcpy(last, check->pending, (size_t)check->pending_count);
    return check_blocks(check->previous, last, 2);
}
