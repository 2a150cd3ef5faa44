#!/usr/bin/env node
// Generates server/src/lang/c/libcTypes.json: the size and alignment of the C library's and POSIX's types
// (time_t, pthread_mutex_t, struct sockaddr_in, va_list, ...) on each Linux target, as the target's own cross
// compiler and glibc headers say (Debian 12's gcc-*-linux-gnu and libc6-dev-*-cross: test/oracle/c/install.sh).
// The layout engine uses them for members whose type comes from a system header it does not read.
//
// 32-bit targets have three glibc configurations: the default, -D_FILE_OFFSET_BITS=64, and that with
// -D_TIME_BITS=64. Each is generated; the engine picks one only when the translation unit says which.
//
//   node scripts/gen-libc-types.mjs            write the table
//   node scripts/gen-libc-types.mjs --check    exit 1 when the compilers disagree with the shipped table
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureTypes } from './lib/measureTypes.mjs';
import { writeOrCheck } from './lib/writeOrCheck.mjs';
import { LIBC_HEADERS as HEADERS } from './lib/systemHeaders.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/lang/c/libcTypes.json');

const TARGETS = {
  'linux/arm64': { cc: 'aarch64-linux-gnu-gcc', bits: 64 },
  'linux/amd64': { cc: 'x86_64-linux-gnu-gcc', bits: 64 },
  'linux/arm': { cc: 'arm-linux-gnueabihf-gcc', bits: 32 },
  'linux/386': { cc: 'i686-linux-gnu-gcc', bits: 32 },
};
const VARIANTS = { default: [], fob64: ['-D_FILE_OFFSET_BITS=64'], time64: ['-D_FILE_OFFSET_BITS=64', '-D_TIME_BITS=64'] };


const TYPEDEFS = `va_list __builtin_va_list __gnuc_va_list jmp_buf sigjmp_buf FILE fpos_t fpos64_t max_align_t div_t ldiv_t lldiv_t
  time_t clock_t clockid_t timer_t suseconds_t useconds_t off_t off64_t loff_t pid_t uid_t gid_t id_t mode_t dev_t ino_t ino64_t
  nlink_t blksize_t blkcnt_t blkcnt64_t fsblkcnt_t fsfilcnt_t key_t caddr_t daddr_t u_char u_short u_int u_long u_quad_t quad_t
  u_int8_t u_int16_t u_int32_t u_int64_t register_t socklen_t sa_family_t in_addr_t in_port_t nfds_t fd_set fd_mask sigset_t
  sig_atomic_t siginfo_t stack_t pthread_t pthread_attr_t pthread_mutex_t pthread_mutexattr_t pthread_cond_t
  pthread_condattr_t pthread_rwlock_t pthread_rwlockattr_t pthread_key_t pthread_once_t pthread_spinlock_t pthread_barrier_t
  pthread_barrierattr_t sem_t mbstate_t wint_t wctype_t locale_t regex_t regmatch_t regoff_t glob_t cpu_set_t
  posix_spawnattr_t posix_spawn_file_actions_t iconv_t nl_item rlim_t rlim64_t cc_t speed_t tcflag_t ucontext_t mcontext_t
  mqd_t wordexp_t
  atomic_bool atomic_char atomic_schar atomic_uchar atomic_short atomic_ushort atomic_int atomic_uint atomic_long atomic_ulong
  atomic_llong atomic_ullong atomic_intptr_t atomic_uintptr_t atomic_size_t atomic_ptrdiff_t atomic_intmax_t atomic_uintmax_t
  atomic_flag
  __u8 __u16 __u32 __u64 __s8 __s16 __s32 __s64 __be16 __be32 __be64 __le16 __le32 __le64 __sum16 __wsum
  __off_t __off64_t __pid_t __uid_t __gid_t __time_t __suseconds_t __ssize_t __socklen_t __sig_atomic_t __mode_t __dev_t
  __ino_t __ino64_t __nlink_t __blksize_t __blkcnt_t __clock_t __clockid_t __key_t __rlim_t __fsblkcnt_t __fsfilcnt_t
  __intptr_t __caddr_t __loff_t __id_t __useconds_t __sigset_t __jmp_buf __kernel_size_t __kernel_ssize_t __kernel_time_t
  __kernel_off_t __kernel_pid_t __kernel_uid32_t __kernel_gid32_t __kernel_mode_t __kernel_loff_t __kernel_long_t
  __kernel_ulong_t __kernel_sa_family_t __int128_t __uint128_t`.split(/\s+/).filter(Boolean);

const TAGS = `timespec timeval timezone tm itimerval itimerspec stat stat64 statfs statvfs sockaddr sockaddr_in sockaddr_in6
  sockaddr_un sockaddr_storage sockaddr_nl sockaddr_ll in_addr in6_addr ip_mreq ipv6_mreq ip_mreqn in_pktinfo in6_pktinfo
  iovec msghdr cmsghdr mmsghdr linger ucred pollfd epoll_event sigaction sigevent sigval rlimit rlimit64 rusage utsname
  passwd group addrinfo hostent servent protoent netent termios winsize dirent dirent64 flock flock64 sched_param tms
  sembuf ipc_perm shmid_ds msqid_ds semid_ds sysinfo inotify_event signalfd_siginfo ifreq ifconf ifaddrs if_nameindex
  tcp_info lconv option utimbuf aiocb timex ntptimeval sock_filter sock_fprog drand48_data random_data mallinfo mallinfo2
  qelem hsearch_data __jmp_buf_tag _IO_FILE sigstack`.split(/\s+/).filter(Boolean);

// The C++ standard library's classes (libstdc++, GCC's default) whose size does not depend on their template
// arguments: `std::vector<_>` stands for a vector of any element type but bool, `std::map<_,_>` for a map with the
// default comparator and allocator. Each is measured with two different argument lists that must agree.
const CXX_TYPES = [
  ['std::string'], ['std::wstring'], ['std::string_view'], ['std::mutex'], ['std::recursive_mutex'], ['std::timed_mutex'],
  ['std::shared_mutex'], ['std::condition_variable'], ['std::thread'], ['std::once_flag'], ['std::atomic_flag'],
  ['std::vector<_>', 'std::vector<int>', 'std::vector<std::string>'], ['std::deque<_>', 'std::deque<char>', 'std::deque<std::string>'],
  ['std::list<_>', 'std::list<int>', 'std::list<std::string>'], ['std::forward_list<_>', 'std::forward_list<int>', 'std::forward_list<std::string>'],
  ['std::set<_>', 'std::set<int>', 'std::set<std::string>'], ['std::multiset<_>', 'std::multiset<int>', 'std::multiset<std::string>'],
  ['std::map<_,_>', 'std::map<int, char>', 'std::map<std::string, std::string>'], ['std::multimap<_,_>', 'std::multimap<int, char>', 'std::multimap<std::string, double>'],
  ['std::unordered_set<_>', 'std::unordered_set<int>', 'std::unordered_set<std::string>'],
  ['std::unordered_map<_,_>', 'std::unordered_map<int, char>', 'std::unordered_map<std::string, std::string>'],
  ['std::unique_ptr<_>', 'std::unique_ptr<int>', 'std::unique_ptr<std::string>'], ['std::shared_ptr<_>', 'std::shared_ptr<int>', 'std::shared_ptr<std::string>'],
  ['std::weak_ptr<_>', 'std::weak_ptr<int>', 'std::weak_ptr<std::string>'], ['std::function<_>', 'std::function<void()>', 'std::function<int(int, char *)>'],
];
const CXX_HEADERS = ['string', 'string_view', 'mutex', 'shared_mutex', 'condition_variable', 'thread', 'atomic', 'vector', 'deque',
  'list', 'forward_list', 'set', 'map', 'unordered_set', 'unordered_map', 'memory', 'functional'];

/** The headers of the table, each where the target has it (`#define _GNU_SOURCE`: glibc's whole API, C only). */
function prelude(cxx) {
  const src = cxx ? [] : ['#define _GNU_SOURCE 1'];
  for (const h of cxx ? CXX_HEADERS : HEADERS) src.push(`#if __has_include(<${h}>)\n#include <${h}>\n#endif`);
  return src.join('\n');
}

/** Sizes of the items that compile on the target (scripts/lib/measureTypes.mjs). */
const measure = (cc, flags, items, tmp, cxx = false) => measureTypes(cc, flags, prelude(cxx), items, tmp, cxx);

function generate() {
  const items = [...TYPEDEFS.map((t) => ({ key: t, expr: t })), ...TAGS.map((t) => ({ key: `struct ${t}`, expr: `struct ${t}` }))];
  const tmp = mkdtempSync(join(tmpdir(), 'libc-types-'));
  const table = { version: 1, generatedBy: 'scripts/gen-libc-types.mjs', targets: {} };
  try {
    for (const [target, t] of Object.entries(TARGETS)) {
      const variants = t.bits === 64 ? { default: VARIANTS.default } : VARIANTS;
      const byVariant = Object.fromEntries(Object.entries(variants).map(([v, flags]) => [v, measure(t.cc, flags, items, tmp)]));
      // One entry per type: [size, align] when every variant agrees, else { variant: [size, align] }.
      const entries = {};
      for (const key of Object.keys(byVariant.default).sort()) {
        const vals = Object.fromEntries(Object.entries(byVariant).map(([v, m]) => [v, m[key]]));
        const same = Object.values(vals).every((x) => x && x[0] === vals.default[0] && x[1] === vals.default[1]);
        entries[key] = same ? vals.default : vals;
      }
      // libstdc++: one configuration (its classes do not change with _FILE_OFFSET_BITS or _TIME_BITS).
      const cxxItems = CXX_TYPES.flatMap(([key, ...exprs]) => (exprs.length ? exprs : [key]).map((expr, i) => ({ key: `${key}#${i}`, expr })));
      const sizes = measure(t.cc, [], cxxItems, tmp, true);
      for (const [key, ...exprs] of CXX_TYPES) {
        const measured = (exprs.length ? exprs : [key]).map((_, i) => sizes[`${key}#${i}`]);
        if (measured.some((m) => !m || m[0] !== measured[0][0] || m[1] !== measured[0][1])) throw new Error(`${t.cc}: ${key} differs between ${exprs.join(' and ')}`);
        entries[key] = measured[0];
      }
      table.targets[target] = entries;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // One type per line: diffs of a regenerated table stay readable.
  const targets = Object.entries(table.targets).map(([t, entries]) =>
    `  ${JSON.stringify(t)}: {\n${Object.entries(entries).map(([k, v]) => `   ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n  }`);
  return `{\n "version": 1,\n "generatedBy": ${JSON.stringify(table.generatedBy)},\n "targets": {\n${targets.join(',\n')}\n }\n}\n`;
}

writeOrCheck(OUT, generate(), fileURLToPath(import.meta.url));
