/* A lock-free single-producer ring buffer shared with a Go service through cgo. */
#ifndef RINGBUF_H
#define RINGBUF_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define RB_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define RB_PAUSE() __asm__ __volatile__("yield")
#else
#define RB_PAUSE() ((void)0)
#endif

struct rb_slot {
    uint8_t  used;
    uint64_t seq;
    uint16_t len;
    void    *data;
    uint8_t  flags;
};

#pragma pack(push, 1)
struct rb_wire_header {
    uint8_t  version;
    _Atomic uint64_t head;
    uint32_t length;
};
#pragma pack(pop)

struct rb_stats {
    long        drops;      /* 4 bytes on windows/arm64, 8 on linux/arm64 */
    long double avg_wait;   /* binary128 on linux/arm64, x87 80-bit on x86-64 */
    char        name[16];
};

static inline int rb_read_byte(FILE *f) {
    char c = getc(f);
    if (c == EOF) return -1;
    return c;
}

#endif
