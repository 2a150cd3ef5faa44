#include "include/ringbuf.h"

unsigned rb_checksum(const unsigned char *buf, size_t n) {
    unsigned sum = 0;
    for (size_t i = 0; i + 4 <= n; i += 4) sum += *(const uint32_t *)(buf + i + 1);
    __sync_synchronize();
    return sum;
}
