#!/usr/bin/env node
// Generates server/src/lang/c/windowsTypes.json: the size and alignment of the Win32, Winsock and C runtime types
// real code uses as members (HANDLE, DWORD, CRITICAL_SECTION, OVERLAPPED, SOCKET, struct sockaddr_in6, time_t...)
// on windows/arm64, as clang-19 says with the MSVC ABI over mingw-w64's headers, compiled exactly as the layout
// oracle compiles windows/arm64 (test/oracle/c/oracle.mjs, test/realcode/cLayoutCorpus.ts). The layout engine uses
// them for members whose type comes from a system header it does not read, on windows/arm64 only.
//
// A few macros a project may set before <windows.h> change some types: UNICODE (TCHAR, WIN32_FIND_DATA),
// _WIN32_WINNT, WIN32_LEAN_AND_MEAN, FD_SETSIZE (fd_set). Each is measured; a type whose size or alignment any of
// them changes is left out (the engine does not know which the project sets: it stays unknown). _FILE_OFFSET_BITS
// (off_t, struct stat) is handled like glibc's: one entry per configuration, the engine picks the one the
// translation unit says.
//
//   node scripts/gen-windows-types.mjs            write the table
//   node scripts/gen-windows-types.mjs --check    exit 1 when the compiler disagrees with the shipped table
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureTypes } from './lib/measureTypes.mjs';
import { writeOrCheck } from './lib/writeOrCheck.mjs';
import { WINDOWS_HEADERS, WINDOWS_INCLUDE } from './lib/systemHeaders.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/lang/c/windowsTypes.json');
const TARGET = 'windows/arm64';
const CC = 'clang-19';
// As the oracle: MSVC's target and record layout; mingw-w64's headers need a GNU compiler (-fgnuc-version).
const FLAGS = ['--target=aarch64-pc-windows-msvc', '-fgnuc-version=12', '-isystem', WINDOWS_INCLUDE, '-x', 'c', '-ferror-limit=0'];

// The configurations the engine tells apart (as glibc's in gen-libc-types.mjs).
const VARIANTS = { default: [], fob64: ['-D_FILE_OFFSET_BITS=64'], time64: ['-D_FILE_OFFSET_BITS=64', '-D_TIME_BITS=64'] };
// Macros a project may set that the engine does not tell apart: a type they change is left out.
const OTHER_CONFIGURATIONS = [['-DUNICODE', '-D_UNICODE'], ['-DWIN32_LEAN_AND_MEAN'], ['-D_WIN32_WINNT=0x0501'], ['-D_WIN32_WINNT=0x0600'],
  ['-D_WIN32_WINNT=0x0A00'], ['-DFD_SETSIZE=1024'], ['-DNOMINMAX', '-DSTRICT']];
// (_USE_32BIT_TIME_T is an #error on 64-bit Windows: time_t is always 8 bytes.)

const TYPEDEFS = `HANDLE PHANDLE LPHANDLE HMODULE HINSTANCE HLOCAL HGLOBAL HKEY HWND HDC HICON HCURSOR HBRUSH HMENU HFILE HRSRC HSTR
  HCRYPTPROV HCRYPTKEY HCRYPTHASH HCERTSTORE HCRYPTMSG HCERTCHAINENGINE HRESULT NTSTATUS ATOM WSAEVENT SOCKET
  BYTE WORD DWORD BOOL WINBOOL BOOLEAN CHAR UCHAR SHORT USHORT INT UINT LONG ULONG LONGLONG ULONGLONG WCHAR FLOAT
  INT8 UINT8 INT16 UINT16 INT32 UINT32 INT64 UINT64 LONG32 ULONG32 LONG64 ULONG64 DWORD32 DWORD64 DWORDLONG QWORD
  INT_PTR UINT_PTR LONG_PTR ULONG_PTR DWORD_PTR SIZE_T SSIZE_T HALF_PTR UHALF_PTR WPARAM LPARAM LRESULT LCID LANGID ACCESS_MASK
  PVOID LPVOID LPCVOID PSTR PCSTR LPSTR LPCSTR PWSTR PCWSTR LPWSTR LPCWSTR PCHAR PWCHAR PBYTE LPBYTE PWORD LPWORD PDWORD
  LPDWORD PLONG LPLONG PULONG PBOOL LPBOOL PULONG_PTR PSIZE_T PLARGE_INTEGER PSID PSECURITY_DESCRIPTOR
  LARGE_INTEGER ULARGE_INTEGER PLARGE_INTEGER FILETIME PFILETIME LPFILETIME SYSTEMTIME LPSYSTEMTIME GUID UUID IID CLSID
  CRITICAL_SECTION LPCRITICAL_SECTION PCRITICAL_SECTION RTL_CRITICAL_SECTION SRWLOCK PSRWLOCK RTL_SRWLOCK
  CONDITION_VARIABLE PCONDITION_VARIABLE RTL_CONDITION_VARIABLE INIT_ONCE PINIT_ONCE RTL_RUN_ONCE
  SYNCHRONIZATION_BARRIER OVERLAPPED LPOVERLAPPED OVERLAPPED_ENTRY LPOVERLAPPED_ENTRY SECURITY_ATTRIBUTES
  LPSECURITY_ATTRIBUTES PROCESS_INFORMATION STARTUPINFOA STARTUPINFOW WIN32_FIND_DATAA WIN32_FIND_DATAW
  WIN32_FILE_ATTRIBUTE_DATA BY_HANDLE_FILE_INFORMATION FILE_BASIC_INFO FILE_STANDARD_INFO MEMORY_BASIC_INFORMATION
  SYSTEM_INFO OSVERSIONINFOA OSVERSIONINFOW OSVERSIONINFOEXA OSVERSIONINFOEXW RTL_OSVERSIONINFOW COORD SMALL_RECT
  CONSOLE_SCREEN_BUFFER_INFO INPUT_RECORD KEY_EVENT_RECORD POINT RECT TIME_ZONE_INFORMATION
  LPTHREAD_START_ROUTINE PTHREAD_START_ROUTINE FARPROC PROC TP_CALLBACK_ENVIRON PTP_WORK PTP_TIMER PTP_WAIT PTP_IO
  WSADATA LPWSADATA WSABUF LPWSABUF WSAOVERLAPPED LPWSAOVERLAPPED WSAPROTOCOL_INFOA WSAPROTOCOL_INFOW WSAMSG WSAPOLLFD
  LPFN_ACCEPTEX LPFN_CONNECTEX LPFN_GETACCEPTEXSOCKADDRS LPFN_DISCONNECTEX LPFN_TRANSMITFILE LPFN_WSARECVMSG
  LPFN_WSASENDMSG
  SOCKADDR SOCKADDR_IN SOCKADDR_IN6 SOCKADDR_STORAGE SOCKADDR_INET PSOCKADDR LPSOCKADDR IN_ADDR IN6_ADDR ADDRESS_FAMILY
  ADDRINFOA ADDRINFOW PADDRINFOA SCOPE_ID TIMEVAL LINGER HOSTENT SERVENT IP_MREQ IPV6_MREQ
  u_char u_short u_int u_long socklen_t
  va_list __builtin_va_list __gnuc_va_list jmp_buf FILE fpos_t max_align_t div_t ldiv_t lldiv_t errno_t rsize_t
  time_t __time32_t __time64_t clock_t _off_t off32_t _off64_t off64_t off_t _dev_t dev_t _ino_t ino_t _mode_t mode_t
  _pid_t pid_t _ssize_t _fsize_t useconds_t _sigset_t sig_atomic_t mbstate_t wint_t wctype_t _locale_t locale_t
  atomic_bool atomic_char atomic_schar atomic_uchar atomic_short atomic_ushort atomic_int atomic_uint atomic_long atomic_ulong
  atomic_llong atomic_ullong atomic_intptr_t atomic_uintptr_t atomic_size_t atomic_ptrdiff_t atomic_intmax_t atomic_uintmax_t
  atomic_flag`.split(/\s+/).filter(Boolean);

const TAGS = `struct:timeval struct:timespec struct:tm struct:stat struct:_stat struct:_stat32 struct:_stat64 struct:_stati64
  struct:_stat32i64 struct:_stat64i32 struct:_finddata_t struct:_finddata64_t struct:_wfinddata_t struct:_timeb
  struct:__timeb64 struct:utimbuf struct:_utimbuf struct:_iobuf struct:sockaddr struct:sockaddr_in struct:sockaddr_in6
  struct:sockaddr_storage struct:in_addr struct:in6_addr struct:addrinfo struct:addrinfoW struct:hostent struct:servent
  struct:protoent struct:linger struct:fd_set struct:ip_mreq struct:ipv6_mreq struct:pollfd struct:WSAData struct:_WSABUF
  struct:_OVERLAPPED struct:_FILETIME struct:_SYSTEMTIME struct:_RTL_CRITICAL_SECTION struct:_RTL_SRWLOCK
  struct:_RTL_CONDITION_VARIABLE struct:_GUID struct:_SECURITY_ATTRIBUTES struct:_WIN32_FIND_DATAA
  struct:_WIN32_FIND_DATAW struct:_PROCESS_INFORMATION struct:_STARTUPINFOA struct:_STARTUPINFOW struct:_SYSTEM_INFO
  struct:_OSVERSIONINFOA struct:_OSVERSIONINFOW struct:_OVERLAPPED_ENTRY struct:_BY_HANDLE_FILE_INFORMATION
  struct:_MEMORY_BASIC_INFORMATION struct:dirent struct:_wdirent struct:_exception struct:_complex struct:lconv
  union:_LARGE_INTEGER union:_ULARGE_INTEGER union:_RTL_RUN_ONCE union:_SOCKADDR_INET`.split(/\s+/).filter(Boolean)
  .map((t) => t.replace(':', ' '));

/** Each header of the list the ones before it leave compilable (<time.h> does not compile as the oracle compiles). */
function prelude(tmp) {
  const kept = [];
  for (const h of WINDOWS_HEADERS) {
    writeFileSync(join(tmp, 'h.c'), [...kept, h].map((x) => `#include <${x}>`).join('\n') + '\nint x;\n');
    try {
      execFileSync(CC, [...FLAGS, '-std=gnu17', '-fsyntax-only', join(tmp, 'h.c')], { stdio: 'ignore' });
      kept.push(h);
    } catch { /* left out */ }
  }
  return kept;
}

const same = (a, b) => a && b && a[0] === b[0] && a[1] === b[1];

function generate() {
  const items = [...TYPEDEFS.map((t) => ({ key: t, expr: t })), ...TAGS.map((t) => ({ key: t, expr: t }))];
  const tmp = mkdtempSync(join(tmpdir(), 'windows-types-'));
  let headers, entries = {}, dropped = [];
  try {
    headers = prelude(tmp);
    const text = headers.map((h) => `#include <${h}>`).join('\n');
    const byVariant = Object.fromEntries(Object.entries(VARIANTS).map(([v, flags]) => [v, measureTypes(CC, [...FLAGS, ...flags], text, items, tmp)]));
    const others = OTHER_CONFIGURATIONS.map((flags) => measureTypes(CC, [...FLAGS, ...flags], text, items, tmp));
    for (const key of Object.keys(byVariant.default).sort()) {
      if (others.some((m) => m[key] && !same(m[key], byVariant.default[key]))) { dropped.push(key); continue; }
      const vals = Object.fromEntries(Object.entries(byVariant).map(([v, m]) => [v, m[key]]));
      entries[key] = Object.values(vals).every((x) => same(x, vals.default)) ? vals.default : vals;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (dropped.length && !process.argv.includes('--check')) process.stderr.write(`left out (a project macro changes them): ${dropped.join(', ')}\n`);
  // One type per line: diffs of a regenerated table stay readable.
  return `{\n "version": 1,\n "generatedBy": "scripts/gen-windows-types.mjs",\n "headers": ${JSON.stringify(headers)},\n "dependOnProjectMacros": ${JSON.stringify(dropped)},\n "targets": {\n  ${JSON.stringify(TARGET)}: {\n`
    + `${Object.entries(entries).map(([k, v]) => `   ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n  }\n }\n}\n`;
}

writeOrCheck(OUT, generate(), fileURLToPath(import.meta.url));
