// page-size-hardcoded: 4096 as the page size in the arguments the kernel reads in whole pages, in C and Go, and the
// uses that do not depend on the page size (an mmap length, a buffer, posix_memalign, a sysconf fallback).
import { ruleTable } from '../build/table';
import { rule } from '../../../server/src/rules/c/page-size-hardcoded';

ruleTable(rule, [
  { name: 'C: a guard page with mprotect(p, 4096, PROT_NONE)', path: 'src/stack.c',
    text: '#include <sys/mman.h>\nvoid guard(char *p) { mprotect(p, 4096, PROT_NONE); }\n',
    ranges: ['2:35-2:39'], message: /length of mprotect\(\).*64 KiB.*protects the whole page.*sysconf/ },
  { name: 'C: #define PAGE_SIZE 4096 and a mask made from it, in madvise and munmap', path: 'src/arena.c',
    text: '#define PAGE_SIZE 4096\n#define PAGE_MASK (PAGE_SIZE - 1)\nvoid f(char *p, size_t n) {\n  madvise((void *)((uintptr_t)p & ~PAGE_MASK), PAGE_SIZE, MADV_DONTNEED);\n  munmap(p, 0x1000);\n}\n',
    ranges: ['4:36-4:45', '4:48-4:57', '5:13-5:19'] },
  { name: 'C: mmap file offset in 4096 units, and a MAP_FIXED address', path: 'src/map.c',
    text: 'void *g(int fd, long i, char *base) {\n  void *a = mmap(NULL, 1 << 20, PROT_READ, MAP_SHARED, fd, i * 4096);\n  return mmap(base + 4096, 8192, PROT_READ, MAP_FIXED | MAP_PRIVATE, fd, 0);\n}\n',
    ranges: ['2:64-2:68', '3:22-3:26'], message: /file offset|MAP_FIXED address/ },
  { name: 'C++: a static const page size in msync', path: 'src/db.cc',
    text: 'static const size_t kPage = 4096;\nvoid s(char *p) { msync(p - (reinterpret_cast<uintptr_t>(p) % kPage), 100, MS_SYNC); }\n',
    ranges: ['2:63-2:68'] },
  // With deployment presets (--instance), the message names the fleet's larger kernel pages.
  { name: 'preset graviton4: its 64 KiB (RHEL) kernels', path: 'src/stack.c', config: { instances: ['graviton4'] },
    text: '#include <sys/mman.h>\nvoid guard(char *p) { mprotect(p, 4096, PROT_NONE); }\n',
    ranges: ['2:35-2:39'], message: /the 64 KiB kernels \(RHEL 8 and later.*\) of graviton4 have larger pages than 4 KiB/ },
  { name: 'preset apple-m1: its 16 KiB kernels', path: 'src/stack.c', config: { instances: ['apple-m1'] },
    text: '#include <sys/mman.h>\nvoid guard(char *p) { mprotect(p, 4096, PROT_NONE); }\n',
    ranges: ['2:35-2:39'], message: /the 16 KiB kernels \(macOS, Asahi Linux\) of apple-m1 have larger pages/ },
  // Not reported.
  { name: 'C: an mmap length (the kernel rounds it up; redis DEBUG SEGFAULT)', path: 'src/debug.c',
    text: 'void seg(void) { char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0); *p = 1; }\n', ranges: [] },
  { name: 'C: PAGE_SIZE only as the fallback of sysconf (openssl mem_sec.c)', path: 'crypto/mem_sec.c',
    text: '#ifndef PAGE_SIZE\n#define PAGE_SIZE 4096\n#endif\nvoid i(void) {\n  long t = sysconf(_SC_PAGESIZE);\n  size_t pgsize = t < 1 ? PAGE_SIZE : (size_t)t;\n  mprotect(map, pgsize, PROT_NONE);\n}\n', ranges: [] },
  { name: 'C: posix_memalign, buffers, read sizes; x86-only code', path: 'src/io.c',
    text: '#define PAGE_SIZE 4096\nchar buf[PAGE_SIZE];\nvoid r(int fd, void **p) { posix_memalign(p, 4096, 1 << 20); read(fd, buf, 4096); }\n#if defined(__x86_64__)\nvoid x(char *p) { mprotect(p, 4096, PROT_READ); }\n#endif\n', ranges: [] },
  { name: 'C: getpagesize() and a wrapper method named mmap', path: 'src/ok.c',
    text: 'void k(char *p) { mprotect(p, getpagesize(), PROT_NONE); ops->munmap(p, 4096); }\n', ranges: [] },
  { name: 'Go: unix.Mprotect on a slice cut at 4096, and Mmap offset from a const', path: 'mem/guard.go',
    text: 'package mem\n\nimport "golang.org/x/sys/unix"\n\nconst pageSize = 4096\n\nfunc Guard(b []byte, fd int, i int64) ([]byte, error) {\n\t_ = unix.Mprotect(b[len(b)-4096:], unix.PROT_NONE)\n\treturn unix.Mmap(fd, i*pageSize, 1<<20, unix.PROT_READ, unix.MAP_SHARED)\n}\n',
    ranges: ['8:29-8:33', '9:25-9:33'], message: /os\.Getpagesize/ },
  { name: 'Go: an Mmap length, os.Getpagesize, an amd64-only file', path: 'mem/map_amd64.go',
    text: 'package mem\n\nimport "syscall"\n\nfunc M(fd int) ([]byte, error) { return syscall.Mmap(fd, 4096, 4096, syscall.PROT_READ, syscall.MAP_SHARED) }\n', ranges: [] },
  { name: 'Go: the length is not the page size; Getpagesize', path: 'mem/map.go',
    text: 'package mem\n\nimport (\n\t"os"\n\t"syscall"\n)\n\nfunc M(fd int) ([]byte, error) { return syscall.Mmap(fd, int64(os.Getpagesize()), 4096, syscall.PROT_READ, syscall.MAP_SHARED) }\n', ranges: [] },
]);
