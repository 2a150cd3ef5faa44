// c-struct-padding warns only with evidence that the struct has many instances (issue 12: most padding warnings
// on real C code were structs that exist once): a count known at run time. A fixed array or table, a count fixed
// at compile time, a configuration type and a self-linked struct allocated one at a time are not evidence. The fixtures are the real structs of the Debian corpus
// (sqlite3 3.40.1, redis 7.0.15, openssl 3.0.20, jemalloc 5.3.0), cut to what the evidence needs.
import { beforeAll, describe, expect, it } from 'vitest';
import { rule as padding } from '../../../server/src/rules/c/c-struct-padding';
import { ready, runRule, type RunInput } from '../../helpers/ruleTester';

beforeAll(ready);

function judged(input: RunInput, struct: string): [string, string | undefined] {
  const f = runRule(padding, input).filter((x) => x.message.startsWith(`struct ${struct} `));
  expect(f).toHaveLength(1);
  return [f[0].severity, /; it may have many instances \((.*)\)(?:\. Not reordered|$)/.exec(f[0].message)?.[1]];
}

// sqlite3 tool/lemon.c:317
const LEMON_CONFIG = `struct rule; struct plink; struct state;
enum cfgstatus { COMPLETE, INCOMPLETE };
struct config {
  struct rule *rp;         /* The rule upon which the configuration is based */
  int dot;                 /* The parse point */
  char *fws;               /* Follow-set for this configuration only */
  struct plink *fplp;      /* Follow-set forward propagation links */
  struct plink *bplp;      /* Follow-set backwards propagation links */
  struct state *stp;       /* Pointer to state which contains this */
  enum cfgstatus status;   /* used during followset and shift computations */
  struct config *next;     /* Next configuration in the state */
  struct config *bp;       /* The next basis configuration */
};
`;

// sqlite3 ext/fts2/fts2.c:1693
const QUERY_TERM = `typedef struct QueryTerm {
  short int nPhrase; /* How many following terms are part of the same phrase */
  short int iPhrase; /* This is the i-th term of a phrase. */
  short int iColumn; /* Column of the index that must match this term */
  signed char isOr;  /* this term is preceded by "OR" */
  signed char isNot; /* this term is preceded by "-" */
  signed char isPrefix; /* this term is followed by "*" */
  char *pTerm;       /* text of the term.  '\\000' terminated.  malloced */
  int nTerm;         /* Number of bytes in pTerm[] */
} QueryTerm;
typedef struct Query {
  int nTerms;
  QueryTerm *pTerms;
} Query;
`;

// openssl ssl/ssl_local.h:831
const TLS_GROUP_INFO = `typedef struct tls_group_info_st {
    char *tlsname; /* Curve Name as in TLS specs */
    char *realname; /* Curve Name according to provider */
    char *algorithm; /* Algorithm name to fetch */
    unsigned int secbits; /* Bits of security (from SP800-57) */
    unsigned short group_id; /* Group ID */
    int mintls; /* Minimum TLS version, -1 unsupported */
    int maxtls; /* Maximum TLS version (or 0 for undefined) */
    int mindtls; /* Minimum DTLS version, -1 unsupported */
    int maxdtls; /* Maximum DTLS version (or 0 for undefined) */
    char is_kem; /* Mode for this Group: 0 is KEX, 1 is KEM */
} TLS_GROUP_INFO;
`;

// redis src/ae.h:99
const AE_H = `struct aeEventLoop;
typedef void aeBeforeSleepProc(struct aeEventLoop *eventLoop);
typedef struct aeFileEvent { int mask; void *clientData; } aeFileEvent;
typedef struct aeFiredEvent aeFiredEvent;
typedef struct aeTimeEvent aeTimeEvent;
typedef struct aeEventLoop {
    int maxfd;   /* highest file descriptor currently registered */
    int setsize; /* max number of file descriptors tracked */
    long long timeEventNextId;
    aeFileEvent *events; /* Registered events */
    aeFiredEvent *fired; /* Fired events */
    aeTimeEvent *timeEventHead;
    int stop;
    void *apidata; /* This is used for polling API specific data */
    aeBeforeSleepProc *beforesleep;
    aeBeforeSleepProc *aftersleep;
    int flags;
} aeEventLoop;
`;

// redis src/ae.c:64, cut
const AE_C = `#include "ae.h"
aeEventLoop *aeCreateEventLoop(int setsize) {
    aeEventLoop *eventLoop;
    if ((eventLoop = zmalloc(sizeof(*eventLoop))) == NULL) goto err;
    eventLoop->events = zmalloc(sizeof(aeFileEvent)*setsize);
    return eventLoop;
err:
    return NULL;
}
`;

describe('c-struct-padding: evidence of many instances makes a warning', () => {
  it('an array of pointers to them, of a variable count (lemon\'s struct state: `calloc(arrSize, sizeof(struct state *))`)', () => {
    const text = 'struct state { struct config *bp; struct config *cfp; int statenum; struct action *ap; int nTknAct, nNtAct; int iTknOfst, iNtOfst; int iDfltReduce; struct rule *pDfltReduce; int autoReduce; };\nstruct lemon { struct state **sorted; int nstate; };\nvoid Reprint(struct lemon *lemp){\n  int arrSize = lemp->nstate;\n  lemp->sorted = (struct state**) calloc( arrSize, sizeof(struct state*) );\n}\n';
    expect(judged({ path: 'tool/lemon.c', text }, 'state')).toEqual(['info',
      'an array of pointers to them is allocated: `calloc( arrSize, sizeof(struct state*) )` in tool/lemon.c:5']);
  });

  it('a count allocated through `sizeof(p->a[0])` (fts2 queryAdd)', () => {
    const text = `${QUERY_TERM}\nstatic void queryAdd(Query *q, const char *pTerm, int nTerm){\n  ++q->nTerms;\n  q->pTerms = sqlite3_realloc(q->pTerms, q->nTerms * sizeof(q->pTerms[0]));\n}\n`;
    expect(judged({ path: 'ext/fts2/fts2.c', text }, 'QueryTerm')).toEqual(['info',
      'a count of them is allocated: `sqlite3_realloc(q->pTerms, q->nTerms * sizeof(q->pTerms[0]))` in ext/fts2/fts2.c:18']);
  });

  it('a count of a typedef name allocated in another file of the header\'s folder (redis redisCommandArg)', () => {
    const h = 'typedef struct redisCommandArg {\n    const char *name;\n    int type;\n    int key_spec_index;\n    const char *token;\n    const char *summary;\n    const char *since;\n    int flags;\n    const char *deprecated_since;\n    struct redisCommandArg *subargs;\n    int num_args;\n} redisCommandArg;\n';
    const m = '#include "server.h"\nstatic redisCommandArg *moduleCopyCommandArgs(int count) {\n    redisCommandArg *realargs = zcalloc((count+1) * sizeof(redisCommandArg));\n    return realargs;\n}\n';
    expect(judged({ path: 'src/server.h', text: h, files: { 'src/module.c': m } }, 'redisCommandArg')).toEqual(['info',
      'a count of them is allocated: `zcalloc((count+1) * sizeof(redisCommandArg))` in src/module.c:3']);
  });

  it('a count of pointers to them, by a function of a list (redis connection: `listLength(server.slaves)`)', () => {
    const h = 'typedef struct connection connection;\nstruct connection {\n    void *type;\n    int state;\n    short int flags;\n    short int refs;\n    int last_errno;\n    void *private_data;\n    void *conn_handler;\n    void *write_handler;\n    void *read_handler;\n    int fd;\n};\n';
    const r = '#include "connection.h"\nvoid rdbPipe(void) {\n    connection **conns = zmalloc(sizeof(connection *)*listLength(server.slaves));\n}\n';
    expect(judged({ path: 'src/connection.h', text: h, files: { 'src/rdb.c': r } }, 'connection')).toEqual(['info',
      'an array of pointers to them is allocated: `zmalloc(sizeof(connection *)*listLength(server.slaves))` in src/rdb.c:3']);
  });

  it.each([
    ['calloc of a count', 'void f(int n) { struct S *v = calloc(n, sizeof(struct S)); }', 'a count of them is allocated: `calloc(n, sizeof(struct S))`'],
    ['a wrapper multiplying sizeof *p', 'void f(int n) { struct S *v; v = zrealloc(v, sizeof(*v) * (n + 1)); }', 'a count of them is allocated: `zrealloc(v, sizeof(*v) * (n + 1))`'],
    ['an array of pointers to them', 'void f(int n) { struct S **v = zmalloc(n * sizeof(struct S *)); }', 'an array of pointers to them is allocated: `zmalloc(n * sizeof(struct S *))`'],
    ['an nginx array of elements', 'void f(ngx_conf_t *cf) { ngx_array_create(cf->pool, 4, sizeof(struct S)); }', 'the element of `ngx_array_create(cf->pool, 4, sizeof(struct S))`'],
    ['a variable-length array', 'void f(int n) { struct S v[n]; }', 'the element of the array `v[n]`'],
    ['a product with a variable factor among constants', 'void f(int n) { struct S *v = malloc(sizeof(struct S) * 2 * n); }', 'a count of them is allocated: `malloc(sizeof(struct S) * 2 * n)`'],
    ['calloc of a count read from a struct', 'void f(struct P *p) { p->v = calloc(p->count, sizeof(struct S)); }', 'a count of them is allocated: `calloc(p->count, sizeof(struct S))`'],
  ])('%s', (_n, use, why) => {
    const [severity, evidence] = judged({ path: 'src/a.c', text: `struct S {\n  char a;\n  long b;\n  char c;\n};\n${use}\n` }, 'S');
    expect([severity, evidence?.replace(/ in src\/a\.c:\d+$/, '')]).toEqual(['info', why]);
  });

  it('C++: the element of a standard container, and new[]', () => {
    const s = 'struct Entry {\n  char a;\n  long b;\n  char c;\n};\n';
    expect(judged({ path: 'src/a.cc', text: `${s}std::vector<Entry> entries;\n` }, 'Entry')[1]).toBe('the element of `std::vector<Entry>` in src/a.cc:6');
    expect(judged({ path: 'src/a.cc', text: `${s}Entry *make(int n) { return new Entry[n]; }\n` }, 'Entry')[1]).toBe('a count of them is allocated: `new Entry[n]` in src/a.cc:6');
  });
});

describe('c-struct-padding: without evidence of many instances, info', () => {
  it('a struct allocated once, in another file of the header\'s folder (redis aeEventLoop)', () => {
    expect(judged({ path: 'src/ae.h', text: AE_H, files: { 'src/ae.c': AE_C } }, 'aeEventLoop')).toEqual(['info', undefined]);
  });

  it('a node type allocated one at a time (sqlite lsm MultiCursor, lemon\'s struct config)', () => {
    const lsm = 'typedef struct MultiCursor MultiCursor;\nstruct MultiCursor {\n  void *pDb;\n  int flags;\n  void *pTree;\n  int nPtr;\n  MultiCursor *pNext;\n  int eType;\n};\nstatic MultiCursor *multiCursorNew(lsm_db *db, int *pRc){\n  MultiCursor *pCsr;\n  pCsr = (MultiCursor *)lsmMallocZeroRc(db->pEnv, sizeof(MultiCursor), pRc);\n  return pCsr;\n}\n';
    expect(judged({ path: 'ext/lsm1/lsm_sorted.c', text: lsm }, 'MultiCursor')).toEqual(['info', undefined]);
    const text = `${LEMON_CONFIG}\nstruct config *newconfig(void){\n  return (struct config*)calloc(1, sizeof(struct config));\n}\n`;
    expect(judged({ path: 'tool/lemon.c', text }, 'config')).toEqual(['info', undefined]);
  });

  it('a count fixed by a macro constant (openssl TLS_GROUP_INFO, allocated in another file of the header\'s folder)', () => {
    const t1 = '#include "ssl_local.h"\nstatic int add_provider_groups(SSL_CTX *ctx) {\n    TLS_GROUP_INFO *tmp = NULL;\n    tmp = OPENSSL_malloc(sizeof(TLS_GROUP_INFO)\n        * TLS_GROUP_LIST_MALLOC_BLOCK_SIZE);\n    return tmp != NULL;\n}\n';
    expect(judged({ path: 'ssl/ssl_local.h', text: TLS_GROUP_INFO, files: { 'ssl/t1_lib.c': t1 } }, 'tls_group_info_st')).toEqual(['info', undefined]);
  });

  it('a capacity grown by a named block (openssl t1_lib.c group_list_max_len + TLS_GROUP_LIST_MALLOC_BLOCK_SIZE), but not a count plus one', () => {
    const grow = '#include "ssl_local.h"\nstatic int grow(SSL_CTX *ctx) {\n    TLS_GROUP_INFO *tmp = OPENSSL_realloc(ctx->group_list,\n        (ctx->group_list_max_len + TLS_GROUP_LIST_MALLOC_BLOCK_SIZE) * sizeof(TLS_GROUP_INFO));\n    return tmp != NULL;\n}\n';
    expect(judged({ path: 'ssl/ssl_local.h', text: TLS_GROUP_INFO, files: { 'ssl/t1_lib.c': grow } }, 'tls_group_info_st')).toEqual(['info', undefined]);
    const plusOne = '#include "ssl_local.h"\nstatic int grow(SSL_CTX *ctx, size_t count) {\n    TLS_GROUP_INFO *tmp = OPENSSL_malloc((count + 1) * sizeof(TLS_GROUP_INFO));\n    return tmp != NULL;\n}\n';
    expect(judged({ path: 'ssl/ssl_local.h', text: TLS_GROUP_INFO, files: { 'ssl/t1_lib.c': plusOne } }, 'tls_group_info_st')[0]).toBe('info');
  });

  it('an array whose size is a #define (fts2 LeavesReader lrs[MERGE_COUNT], lemon *rhs[MAXRHS])', () => {
    const fts2 = '#define MERGE_COUNT 16\ntypedef struct LeavesReader { int idx; long long iStartBlockid; int eof; void *pRootData; } LeavesReader;\nstatic int segmentMerge(void){\n  LeavesReader lrs[MERGE_COUNT];\n  return lrs[0].eof;\n}\n';
    expect(judged({ path: 'ext/fts2/fts2.c', text: fts2 }, 'LeavesReader')).toEqual(['info', undefined]);
    const lemon = '#define MAXRHS 1000\nstruct symbol {\n  const char *name;\n  int index;\n  struct symbol *fallback;\n  int prec;\n  char *firstset;\n};\nstatic struct symbol *rhs[MAXRHS];\n';
    expect(judged({ path: 'tool/lemon.c', text: lemon }, 'symbol')).toEqual(['info', undefined]);
  });

  it('a statically initialised table (redis CLUSTER_Subcommands[], openssl evp_pkey_ctx_translations[])', () => {
    const table = 'struct translation_st {\n    int action_type;\n    int keytype1;\n    int keytype2;\n    int optype;\n    int ctrl_num;\n    const char *ctrl_str;\n    const char *ctrl_hexstr;\n    const char *param_key;\n    unsigned int param_data_type;\n    void *fixup_args;\n};\nstatic const struct translation_st evp_pkey_ctx_translations[] = {\n' + Array.from({ length: 85 }, (_, i) => `    { ${i}, 0, 0, 0, 0, "k${i}", NULL, "k${i}", 0, NULL },`).join('\n') + '\n};\n';
    expect(judged({ path: 'crypto/evp/ctrl_params_translate.c', text: table }, 'translation_st')).toEqual(['info', undefined]);
  });

  it.each([
    ['standardConfig (redis config.c)', 'standardConfig'],
    ['server_config', 'server_config'],
    ['a typedef ending in _opts_t (jemalloc static_opts_t)', 'static_opts_t'],
    ['ParserOptions', 'ParserOptions'],
  ])('a configuration type, whatever holds it: %s', (_n, typedef) => {
    const text = `typedef struct cfg_s {\n  char a;\n  long b;\n  char c;\n} ${typedef};\nvoid f(int n) { ${typedef} **v = zcalloc(sizeof(${typedef} *) * n); }\n`;
    expect(judged({ path: 'src/config.c', text }, 'cfg_s')).toEqual(['info', undefined]);
  });

  it('a table in a test file (openssl test/x509_time_test.c TESTDATA)', () => {
    const text = `typedef struct {\n    const char *data;\n    int type;\n    long cmp_time;\n    int expected;\n} TESTDATA;\nstatic TESTDATA x509_cmp_tests[] = {${Array.from({ length: 20 }, (_, i) => `{"${i}", 0, 0, 0}`).join(', ')}};\n`;
    expect(judged({ path: 'test/x509_time_test.c', text }, 'TESTDATA')).toEqual(['info', undefined]);
  });

  it('an array made only by a test of the header\'s folder', () => {
    expect(judged({ path: 'src/a.h', text: 'struct S {\n  char a;\n  long b;\n  char c;\n};\n', files: { 'src/test_a.c': '#include "a.h"\nstruct S all[100];\n' } }, 'S')).toEqual(['info', undefined]);
  });

  it.each([
    ['a single variable (jemalloc static_opts_t sopts)', 'void f(void) { struct S sopts; (void)sopts; }'],
    ['a single allocation', 'void f(void) { struct S *s = malloc(sizeof(*s)); }'],
    ['a pool allocation of one (ngx_pcalloc)', 'void f(ngx_pool_t *pool) { struct S *s = ngx_pcalloc(pool, sizeof(struct S)); }'],
    ['a handful', 'struct S pair[2];'],
    ['a global array of a fixed size', 'struct S all[1024];'],
    ['a member array of pointers of a fixed size (lemon `struct rule *x[32]`)', 'struct Pool { struct S *slot[32]; };'],
    ['a table of initializers', 'static const struct S table[] = {' + Array.from({ length: 20 }, (_, i) => `{${i}, 0, 0}`).join(', ') + '};'],
    ['an extern table', 'extern const struct S table[];'],
    ['twice its size', 'void f(void) { void *p = malloc(2 * sizeof(struct S)); }'],
    ['a product of constants', 'void f(void) { void *p = malloc(sizeof(struct S) * (MAX_ITEMS + 1) * 4); }'],
    ['calloc of a literal count', 'void f(void) { struct S *v = calloc(1000, sizeof(struct S)); }'],
    ['calloc of a macro count', 'void f(void) { struct S *v = calloc(TABLE_SIZE, sizeof(struct S)); }'],
    ['a pointer array of pointers', 'void f(int n) { struct S ***v = malloc(n * sizeof(struct S **)); }'],
    ['a calloc whose first argument is a pointer', 'void f(ngx_resolver_t *r) { struct S *s = ngx_resolver_calloc(r, sizeof(struct S)); }'],
    ['an array parameter', 'void f(struct S v[]);'],
    ['memset of one', 'void f(struct S *s) { memset(s, 0, sizeof(*s)); }'],
  ])('%s', (_n, use) => {
    expect(judged({ path: 'src/a.c', text: `struct S {\n  char a;\n  long b;\n  char c;\n};\n${use}\n` }, 'S')).toEqual(['info', undefined]);
  });
});
