// The C library's and Linux's headers the engine knows without reading them (they are not in the workspace):
// their types are in server/src/lang/c/libcTypes.json (scripts/gen-libc-types.mjs), the names of the macros they
// may define in server/src/lang/c/systemMacros.json (scripts/gen-system-macros.mjs).

/** Headers whose types the libc table measures. */
export const LIBC_HEADERS = ['stddef.h', 'stdarg.h', 'stdio.h', 'stdlib.h', 'setjmp.h', 'signal.h', 'time.h', 'wchar.h', 'locale.h',
  'stdatomic.h', 'sys/types.h', 'sys/stat.h', 'sys/statvfs.h', 'sys/vfs.h', 'sys/time.h', 'sys/times.h', 'sys/resource.h',
  'sys/socket.h', 'sys/un.h', 'sys/uio.h', 'sys/select.h', 'sys/utsname.h', 'sys/epoll.h', 'sys/ipc.h', 'sys/sem.h',
  'sys/shm.h', 'sys/msg.h', 'sys/sysinfo.h', 'sys/inotify.h', 'sys/signalfd.h', 'sys/ucontext.h', 'sys/file.h',
  'netinet/in.h', 'netinet/tcp.h', 'arpa/inet.h', 'netdb.h', 'net/if.h', 'ifaddrs.h', 'poll.h', 'pthread.h',
  'semaphore.h', 'dirent.h', 'fcntl.h', 'termios.h', 'sys/ioctl.h', 'pwd.h', 'grp.h', 'regex.h', 'glob.h', 'sched.h',
  'spawn.h', 'iconv.h', 'langinfo.h', 'utime.h', 'getopt.h', 'aio.h', 'mqueue.h', 'linux/types.h', 'linux/netlink.h',
  'linux/if_packet.h', 'linux/filter.h', 'ucontext.h', 'wordexp.h', 'search.h', 'malloc.h', 'sys/timex.h', 'inttypes.h'];

/** More standard C and POSIX headers: they define macros (and types the table does not measure). */
export const MORE_HEADERS = ['assert.h', 'complex.h', 'ctype.h', 'errno.h', 'fenv.h', 'float.h', 'iso646.h', 'limits.h',
  'math.h', 'stdalign.h', 'stdbool.h', 'stdint.h', 'stdnoreturn.h', 'string.h', 'strings.h', 'tgmath.h', 'threads.h',
  'uchar.h', 'wctype.h', 'unistd.h', 'sys/mman.h', 'sys/wait.h', 'sys/param.h', 'sys/syscall.h', 'sys/prctl.h',
  'sys/eventfd.h', 'sys/timerfd.h', 'sys/sendfile.h', 'sys/random.h', 'sys/auxv.h', 'endian.h', 'dlfcn.h', 'libgen.h',
  'syslog.h', 'err.h', 'execinfo.h', 'fnmatch.h', 'ftw.h', 'netinet/ip.h', 'netinet/udp.h', 'sys/sysmacros.h',
  'sys/xattr.h', 'byteswap.h', 'alloca.h', 'features.h', 'link.h', 'elf.h', 'paths.h', 'sys/user.h', 'sys/queue.h',
  'sys/cdefs.h', 'nl_types.h', 'stdio_ext.h', 'values.h', 'linux/capability.h',
  // libxcrypt's (libcrypt-dev, a dependency of libc6-dev): the same header on every target; the cross sysroots
  // have none, the build machine's compiler reads it.
  'crypt.h'];

/** The compilers' own headers (intrinsics, CET, OpenMP, unwinding): present on some targets only. */
export const COMPILER_HEADERS = ['emmintrin.h', 'immintrin.h', 'x86intrin.h', 'xmmintrin.h', 'pmmintrin.h', 'tmmintrin.h',
  'smmintrin.h', 'nmmintrin.h', 'wmmintrin.h', 'mmintrin.h', 'cpuid.h', 'cet.h', 'arm_neon.h', 'arm_acle.h', 'arm_fp16.h',
  'arm_bf16.h', 'stdatomic.h', 'omp.h', 'unwind.h', 'float.h', 'stdarg.h', 'stddef.h'];

/** The C++17 standard library's headers (libstdc++), preprocessed as C++. */
export const CXX_HEADERS = ['algorithm', 'any', 'array', 'atomic', 'bitset', 'cassert', 'cctype', 'cerrno', 'cfenv', 'cfloat',
  'charconv', 'chrono', 'cinttypes', 'climits', 'clocale', 'cmath', 'codecvt', 'complex', 'condition_variable', 'csetjmp',
  'csignal', 'cstdarg', 'cstddef', 'cstdint', 'cstdio', 'cstdlib', 'cstring', 'ctime', 'cuchar', 'cwchar', 'cwctype', 'deque',
  'exception', 'execution', 'filesystem', 'forward_list', 'fstream', 'functional', 'future', 'initializer_list', 'iomanip',
  'ios', 'iosfwd', 'iostream', 'istream', 'iterator', 'limits', 'list', 'locale', 'map', 'memory', 'memory_resource', 'mutex',
  'new', 'numeric', 'optional', 'ostream', 'queue', 'random', 'ratio', 'regex', 'scoped_allocator', 'set', 'shared_mutex',
  'sstream', 'stack', 'stdexcept', 'streambuf', 'string', 'string_view', 'system_error', 'thread', 'tuple', 'type_traits',
  'typeindex', 'typeinfo', 'unordered_map', 'unordered_set', 'utility', 'valarray', 'variant', 'vector'];

/**
 * windows/arm64: mingw-w64's headers stand in for the Windows SDK's (test/realcode/cLayoutCorpus.ts MINGW_INCLUDE,
 * Debian's mingw-w64-x86-64-dev: the C runtime and Win32 declarations are the same for arm64). The headers whose
 * types server/src/lang/c/windowsTypes.json measures (scripts/gen-windows-types.mjs), in an order that compiles:
 * Winsock 2 before <windows.h> (which would include Winsock 1), the headers that need <windows.h> after it.
 */
export const WINDOWS_INCLUDE = '/usr/x86_64-w64-mingw32/include';
export const WINDOWS_HEADERS = ['winsock2.h', 'ws2tcpip.h', 'mswsock.h', 'windows.h', 'stddef.h', 'stdarg.h', 'stdio.h', 'stdlib.h',
  'setjmp.h', 'signal.h', 'time.h', 'wchar.h', 'locale.h', 'stdatomic.h', 'sys/types.h', 'sys/stat.h', 'sys/timeb.h', 'sys/utime.h',
  'io.h', 'process.h', 'direct.h', 'fcntl.h', 'errno.h', 'malloc.h', 'dirent.h', 'unistd.h', 'winternl.h', 'wincrypt.h',
  'bcrypt.h', 'tlhelp32.h', 'psapi.h', 'iphlpapi.h', 'userenv.h', 'dbghelp.h', 'afunix.h', 'winioctl.h', 'ntsecapi.h', 'shlobj.h',
  'intrin.h', 'windef.h', 'winbase.h', 'winnt.h', 'winerror.h', 'wtypes.h', 'basetsd.h', 'tchar.h', 'shlwapi.h', 'shellapi.h',
  'objbase.h', 'ole2.h', 'rpc.h', 'winreg.h', 'winsvc.h', 'winuser.h', 'wincon.h', 'winnls.h', 'sddl.h', 'aclapi.h', 'accctrl.h',
  'conio.h', 'share.h', 'crtdbg.h', 'excpt.h', 'memory.h', 'mmsystem.h', 'sys/locking.h', 'ws2def.h', 'ws2ipdef.h', 'mstcpip.h',
  'netioapi.h', 'versionhelpers.h', 'synchapi.h', 'processthreadsapi.h', 'fileapi.h', 'handleapi.h', 'minwindef.h', 'lmcons.h',
  'security.h', 'schannel.h', 'ncrypt.h', 'wininet.h', 'winhttp.h', 'ntstatus.h', 'delayimp.h', 'wspiapi.h', 'iptypes.h'];
