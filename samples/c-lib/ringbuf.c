#include "include/ringbuf.h"

unsigned rb_checksum(const unsigned char *buf, size_t n) {
    unsigned sum = 0;
    for (size_t i = 0; i + 4 <= n; i += 4) sum += *(const uint32_t *)(buf + i + 1);
    __sync_synchronize();
    return sum;
}

void rb_save_stats(FILE *f, const struct rb_stats *st) {
    fwrite(st, sizeof(struct rb_stats), 1, f);
}
