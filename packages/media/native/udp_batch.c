/*
 * udp_batch: batched UDP receive and send for the media workers (Linux, Node-API only).
 *
 * Node's dgram wakes JavaScript once per datagram and sends each datagram through its own JS/libuv
 * round; that is ~85 % of a relaying worker's time. Here one call drains every ready socket of a
 * shard (epoll_wait(0) + recvmmsg per ready socket) into a caller-supplied buffer of fixed slots, and
 * one call sends a whole batch (sendmmsg per run of datagrams leaving the same socket, each to its own
 * destination). The worker drives both from a short timer and its 20 ms media tick
 * (packages/media/src/engine/native-udp.ts).
 *
 * Built by scripts/build-native.sh with gcc against Node's headers; only node_api.h is used, so the
 * binary does not depend on the Node version (Node-API is ABI-stable).
 *
 * Receive metadata: RECV_META Int32 per slot
 *   [tag, length, flags (1 = truncated, 2 = IPv6), port, a0, a1, a2, a3]
 *   IPv4: a0 is the address as a host-order uint32; IPv6: a0..a3 are the 16 address bytes.
 * Send metadata: SEND_META Int32 per datagram
 *   [fd, byte offset in the buffer, length, flags (2 = IPv6), port, a0, a1, a2, a3]
 *
 * Relay fast path (optional arguments of recv): a table of forwarding rules, RULE_WORDS Int32 and
 * RULE_DOUBLES Float64 per socket tag, owned and written by JavaScript (src/engine/native-relay.ts,
 * where the layout is described). A datagram arriving at a socket whose rule is active, from exactly
 * the latched source, carrying the leg's audio payload type and the known SSRC, is rewritten (payload
 * type, sequence, timestamp, SSRC) and sent from the other leg's socket inside the same call, and the
 * receive statistics (RFC 3550 A.1 sequence, A.8 jitter) and counters are updated in the table.
 * Anything else (another source, RTCP, telephone-event, an SSRC change, a sequence jump, malformed
 * RTP) is stored in a slot for JavaScript exactly as without rules.
 */
#define NAPI_VERSION 8
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <node_api.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RECV_META 8
#define SEND_META 9
#define CHUNK 64     /* mmsghdrs per syscall; on the stack, so worker threads share nothing */
#define FIRST_ASK 4  /* a relay socket usually holds one datagram per poll: set up few headers first */
#define MAX_EVENTS 512
#define FLAG_TRUNCATED 1
#define FLAG_IPV6 2

/* Forwarding rule layout: keep in step with src/engine/native-relay.ts. */
#define RULE_WORDS 40
#define RULE_DOUBLES 4
enum {
  R_ACTIVE = 0,     /* 1: forward what matches */
  R_OUT_FD = 1,     /* the other leg's RTP socket */
  R_DST_FLAGS = 2,  /* where the other leg sends: flags (2 = IPv6), port, a0..a3 */
  R_DST_PORT = 3,
  R_DST_A0 = 4,
  R_SRC_FLAGS = 8,  /* the latched source of this leg: only it is forwarded (RTP bleed) */
  R_SRC_PORT = 9,
  R_SRC_A0 = 10,
  R_IN_PT = 14,     /* this leg's audio payload type ... */
  R_OUT_PT = 15,    /* ... and the other leg's number for it */
  R_SSRC = 16,      /* the source's SSRC the statistics and the mapping are for */
  R_SEQ_OFF = 17,   /* the mapping into the other leg's stream (relay-rewriter.ts) */
  R_TS_OFF = 18,
  R_OUT_SSRC = 19,
  R_LAST_SEQ = 20,  /* newest mapped sequence sent (-1: none) and its timestamp */
  R_LAST_TS = 21,
  R_CONTINUED = 22, /* packets that advanced the other leg's stream since JavaScript last looked */
  R_MAX_SEQ = 23,   /* RFC 3550 A.1 state (probation is over while a rule is active) */
  R_CYCLES = 24,
  R_RECEIVED = 25,
  R_DUPLICATES = 26,
  R_PACKETS = 27,   /* counters: packets accepted on this leg, relayed, sent on the other leg */
  R_RELAYED = 28,
  R_SENT = 29,
  R_HAS_TRANSIT = 30,
  R_CLOCK_KHZ = 31, /* RTP clock in units per ms (8 for G.711/G.722) */
};
enum { F_TRANSIT = 0, F_JITTER = 1, F_LAST_FROM_MS = 2 };
#define MAX_DROPOUT 3000
#define MAX_MISORDER 100

/* The optional rule table of one recv call; rules == NULL: no forwarding. */
typedef struct {
  int32_t *rules;
  double *doubles;
  size_t count; /* rules in the table */
  double now_ms;
  int32_t *fstats; /* [forwarded, sendmmsg calls, dropped (buffer full), dropped (error), last errno] */
} forwarding;

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != napi_ok) {                                                                       \
      napi_throw_error(env, "ERR_UDP_BATCH", "udp_batch: bad arguments");                          \
      return NULL;                                                                                 \
    }                                                                                              \
  } while (0)

static napi_value int_value(napi_env env, int64_t v) {
  napi_value out;
  napi_create_int64(env, v, &out);
  return out;
}

static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) return -1;
  return 0;
}

static int get_i32(napi_env env, napi_value v, int32_t *out) {
  return napi_get_value_int32(env, v, out) == napi_ok ? 0 : -1;
}

/* A Uint8Array or Int32Array: data pointer (already at its byte offset) and length in elements. */
static int get_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *length) {
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, length, data, &ab, &offset) != napi_ok) return -1;
  return type == want ? 0 : -1;
}

/* address string → sockaddr; returns its length or 0. */
static socklen_t parse_addr(const char *address, int port, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof *ss);
  if (strchr(address, ':')) {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((uint16_t)port);
    return inet_pton(AF_INET6, address, &s6->sin6_addr) == 1 ? sizeof *s6 : 0;
  }
  struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
  s4->sin_family = AF_INET;
  s4->sin_port = htons((uint16_t)port);
  return inet_pton(AF_INET, address, &s4->sin_addr) == 1 ? sizeof *s4 : 0;
}

/* open(address, port, rcvbuf, sndbuf) → fd, or -errno. Non-blocking, close-on-exec. */
static napi_value js_open(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  char address[64];
  size_t len;
  int32_t port, rcvbuf, sndbuf;
  CHECK(get_args(env, info, 4, argv) == 0 ? napi_ok : napi_invalid_arg);
  CHECK(napi_get_value_string_utf8(env, argv[0], address, sizeof address, &len));
  CHECK(get_i32(env, argv[1], &port) == 0 && get_i32(env, argv[2], &rcvbuf) == 0 && get_i32(env, argv[3], &sndbuf) == 0
            ? napi_ok
            : napi_invalid_arg);
  struct sockaddr_storage ss;
  socklen_t sl = parse_addr(address, port, &ss);
  if (sl == 0) return int_value(env, -EINVAL);
  int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return int_value(env, -errno);
  if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  if (sndbuf > 0) setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
    int e = errno;
    close(fd);
    return int_value(env, -e);
  }
  return int_value(env, fd);
}

/* localPort(fd) → the bound port (tests bind port 0). */
static napi_value js_local_port(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int32_t fd;
  CHECK(get_args(env, info, 1, argv) == 0 && get_i32(env, argv[0], &fd) == 0 ? napi_ok : napi_invalid_arg);
  struct sockaddr_storage ss;
  socklen_t sl = sizeof ss;
  if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0) return int_value(env, -errno);
  int port = ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
                                      : ntohs(((struct sockaddr_in *)&ss)->sin_port);
  return int_value(env, port);
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int32_t fd;
  CHECK(get_args(env, info, 1, argv) == 0 && get_i32(env, argv[0], &fd) == 0 ? napi_ok : napi_invalid_arg);
  return int_value(env, close(fd) < 0 ? -errno : 0);
}

static napi_value js_epoll_create(napi_env env, napi_callback_info info) {
  (void)info;
  int fd = epoll_create1(EPOLL_CLOEXEC);
  return int_value(env, fd < 0 ? -errno : fd);
}

/*
 * epollAdd(epfd, fd, tag): edge-triggered — every ready socket is read until recvmmsg returns short,
 * so nothing is lost, and epoll does not poll each socket a second time on the next call.
 */
static napi_value js_epoll_add(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  int32_t epfd, fd, tag;
  CHECK(get_args(env, info, 3, argv) == 0 && get_i32(env, argv[0], &epfd) == 0 && get_i32(env, argv[1], &fd) == 0 &&
                get_i32(env, argv[2], &tag) == 0
            ? napi_ok
            : napi_invalid_arg);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = ((uint64_t)(uint32_t)tag << 32) | (uint32_t)fd};
  return int_value(env, epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0);
}

static void put_source(int32_t *m, const struct sockaddr_storage *ss) {
  if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
    m[2] |= FLAG_IPV6;
    m[3] = ntohs(s6->sin6_port);
    memcpy(&m[4], &s6->sin6_addr, 16);
  } else {
    const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
    m[3] = ntohs(s4->sin_port);
    m[4] = (int32_t)ntohl(s4->sin_addr.s_addr);
    m[5] = m[6] = m[7] = 0;
  }
}

static uint32_t be32(const uint8_t *b) {
  return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static void put_be32(uint8_t *b, uint32_t v) {
  b[0] = (uint8_t)(v >> 24);
  b[1] = (uint8_t)(v >> 16);
  b[2] = (uint8_t)(v >> 8);
  b[3] = (uint8_t)v;
}

/* The same structural checks as parseRtp (rtp-packet.ts): what it would call malformed goes to JS. */
static int well_formed_rtp(const uint8_t *b, int len) {
  if (len < 12 || (b[0] >> 6) != 2) return 0;
  if (b[1] >= 192 && b[1] <= 223) return 0; /* looks like RTCP (RFC 5761 4) */
  int offset = 12 + (b[0] & 0x0f) * 4;
  if (offset > len) return 0;
  if (b[0] & 0x10) {
    if (offset + 4 > len) return 0;
    offset += 4 + (((int)b[offset + 2] << 8) | b[offset + 3]) * 4;
    if (offset > len) return 0;
  }
  if (b[0] & 0x20) {
    int pad = b[len - 1];
    if (pad == 0 || offset + pad > len) return 0;
  }
  return 1;
}

/*
 * Try the relay fast path for one datagram that arrived at the socket of rule r (meta m as stored by
 * put_source). Returns 1 when it was rewritten in place and should be sent; 0 leaves it for JS,
 * untouched, with no state changed. Mirrors MediaEndpoint.onDatagram + ReceiveStats.onPacket +
 * RelayRewriter.rewrite for the common packet.
 */
static int forward_one(int32_t *r, double *d, const int32_t *m, uint8_t *b, int len, double now_ms) {
  if ((m[2] & FLAG_IPV6) != r[R_SRC_FLAGS] || m[3] != r[R_SRC_PORT] || m[4] != r[R_SRC_A0] ||
      m[5] != r[R_SRC_A0 + 1] || m[6] != r[R_SRC_A0 + 2] || m[7] != r[R_SRC_A0 + 3])
    return 0; /* not the latched source: JS decides (relatch after silence, or reject) */
  if (!well_formed_rtp(b, len) || (b[1] & 0x7f) != r[R_IN_PT] || be32(b + 8) != (uint32_t)r[R_SSRC]) return 0;
  uint16_t seq = (uint16_t)((b[2] << 8) | b[3]);
  uint32_t ts = be32(b + 4);
  /* RFC 3550 A.1 update_seq without probation (over before a rule is activated). */
  uint16_t max_seq = (uint16_t)r[R_MAX_SEQ];
  uint16_t udelta = (uint16_t)(seq - max_seq);
  int counts_jitter = 1;
  if (udelta == 0) {
    r[R_DUPLICATES]++;
    counts_jitter = 0;
  } else if (udelta < MAX_DROPOUT) {
    if (seq < max_seq) r[R_CYCLES] += 0x10000;
    r[R_MAX_SEQ] = seq;
    r[R_RECEIVED]++;
  } else if (udelta <= 0x10000 - MAX_MISORDER) {
    return 0; /* a big jump: maybe a restart; JS keeps the bad_seq logic */
  } else {
    r[R_RECEIVED]++; /* late (reordered): counted, does not move max */
  }
  if (counts_jitter) {
    /* A.8, in floating point exactly as receive-stats.ts does it. */
    double transit = now_ms * r[R_CLOCK_KHZ] - ts;
    if (r[R_HAS_TRANSIT]) {
      double diff = transit - d[F_TRANSIT];
      if (diff < 0) diff = -diff;
      if (diff > 2147483648.0) {
        diff -= 4294967296.0;
        if (diff < 0) diff = -diff;
      }
      d[F_JITTER] += (diff - d[F_JITTER]) / 16;
    }
    d[F_TRANSIT] = transit;
    r[R_HAS_TRANSIT] = 1;
  }
  r[R_PACKETS]++;
  r[R_RELAYED]++;
  r[R_SENT]++;
  d[F_LAST_FROM_MS] = now_ms;
  /* The rewrite of relay-rewriter.ts: keep the marker, map the payload type, sequence, timestamp, SSRC. */
  uint16_t out_seq = (uint16_t)(seq + (uint16_t)r[R_SEQ_OFF]);
  uint32_t out_ts = ts + (uint32_t)r[R_TS_OFF];
  b[1] = (uint8_t)((b[1] & 0x80) | (r[R_OUT_PT] & 0x7f));
  b[2] = (uint8_t)(out_seq >> 8);
  b[3] = (uint8_t)out_seq;
  put_be32(b + 4, out_ts);
  put_be32(b + 8, (uint32_t)r[R_OUT_SSRC]);
  /* Late packets keep their mapped numbers but do not move the other leg's stream backwards. */
  if (r[R_LAST_SEQ] < 0 || (int16_t)(uint16_t)(out_seq - (uint16_t)r[R_LAST_SEQ]) > 0) {
    r[R_LAST_SEQ] = out_seq;
    r[R_LAST_TS] = (int32_t)out_ts;
    r[R_CONTINUED]++;
  }
  return 1;
}

static socklen_t rule_dest(const int32_t *r, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof(struct sockaddr_in6));
  if (r[R_DST_FLAGS] & FLAG_IPV6) {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((uint16_t)r[R_DST_PORT]);
    memcpy(&s6->sin6_addr, &r[R_DST_A0], 16);
    return sizeof *s6;
  }
  struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
  s4->sin_family = AF_INET;
  s4->sin_port = htons((uint16_t)r[R_DST_PORT]);
  s4->sin_addr.s_addr = htonl((uint32_t)r[R_DST_A0]);
  return sizeof *s4;
}

/*
 * Slots [at, at + n) were just filled from the socket with `tag`. Forward what the rule takes (one
 * sendmmsg from the other leg's socket), move the rest down so they stay contiguous for JS, and
 * return how many remain. Once one datagram of this socket went to JS, the later ones go too, so JS
 * sees them in arrival order (its state must not be overtaken by the native path).
 */
static int forward_batch(forwarding *fw, int tag, uint8_t *buf, int slot, int at, int n, int32_t *meta, int *to_js) {
  if (!fw || !fw->rules || tag < 0 || (size_t)tag >= fw->count) return n;
  int32_t *r = fw->rules + (size_t)tag * RULE_WORDS;
  double *d = fw->doubles + (size_t)tag * RULE_DOUBLES;
  if (r[R_ACTIVE] != 1) return n;
  struct mmsghdr msgs[CHUNK];
  struct iovec iovs[CHUNK];
  char forwarded[CHUNK];
  int out = 0, kept = 0;
  for (int i = 0; i < n; i++) {
    int32_t *m = meta + (size_t)(at + i) * RECV_META;
    uint8_t *b = buf + (size_t)(at + i) * slot;
    forwarded[i] = !*to_js && !(m[2] & FLAG_TRUNCATED) && forward_one(r, d, m, b, m[1], fw->now_ms);
    if (!forwarded[i]) {
      *to_js = 1;
      continue;
    }
    iovs[out].iov_base = b;
    iovs[out].iov_len = (size_t)m[1];
    out++;
  }
  if (out > 0) {
    struct sockaddr_storage dst;
    socklen_t sl = rule_dest(r, &dst);
    for (int i = 0; i < out; i++)
      msgs[i].msg_hdr = (struct msghdr){.msg_name = &dst, .msg_namelen = sl, .msg_iov = &iovs[i], .msg_iovlen = 1};
    /* Sent before the slots are reused below: the forwarded datagrams live in the receive buffer. */
    int done = 0;
    while (done < out) {
      int k = sendmmsg(r[R_OUT_FD], msgs + done, out - done, MSG_DONTWAIT);
      fw->fstats[1]++;
      if (k > 0) {
        done += k;
        fw->fstats[0] += k;
        continue;
      }
      if (k < 0 && errno == EINTR) continue;
      fw->fstats[4] = k < 0 ? errno : EIO;
      if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)) {
        fw->fstats[2] += out - done; /* a full send buffer: UDP drops, as the JS path would */
        break;
      }
      fw->fstats[3]++;
      done++;
    }
  }
  for (int i = 0; i < n; i++) {
    if (forwarded[i]) continue;
    if (kept != i) {
      int32_t *m = meta + (size_t)(at + i) * RECV_META;
      memmove(buf + (size_t)(at + kept) * slot, buf + (size_t)(at + i) * slot, (size_t)m[1]);
      memmove(meta + (size_t)(at + kept) * RECV_META, m, RECV_META * sizeof *m);
    }
    kept++;
  }
  return kept;
}

/*
 * Drain one socket into slots [first, first + room): recvmmsg until it returns fewer than asked
 * (the queue was empty at that instant — with edge-triggered epoll a later datagram raises a new
 * event) or the slots run out. Returns the number stored; *more is set when slots ran out first.
 */
static int drain(int fd, int tag, uint8_t *buf, int slot, int first, int room, int32_t *meta, int32_t *stats, int *more,
                 forwarding *fw) {
  struct mmsghdr msgs[CHUNK];
  struct iovec iovs[CHUNK];
  struct sockaddr_storage addrs[CHUNK];
  int got = 0;
  int errors = 0;
  int ask = FIRST_ASK;
  int to_js = 0;
  *more = 0;
  while (got < room) {
    int want = room - got;
    if (want > ask) want = ask;
    for (int i = 0; i < want; i++) {
      iovs[i].iov_base = buf + (size_t)(first + got + i) * slot;
      iovs[i].iov_len = slot;
      msgs[i].msg_hdr = (struct msghdr){
          .msg_name = &addrs[i], .msg_namelen = sizeof addrs[i], .msg_iov = &iovs[i], .msg_iovlen = 1};
    }
    /* MSG_TRUNC: a datagram longer than its slot reports its real length (and is flagged, not passed on whole). */
    int n = recvmmsg(fd, msgs, want, MSG_DONTWAIT | MSG_TRUNC, NULL);
    stats[0]++;
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return got;
      /* A queued socket error (ICMP unreachable on a connected peer, …) is consumed by this call. */
      stats[1]++;
      stats[2] = errno;
      if (++errors >= 4) {
        *more = 1;
        return got;
      }
      continue;
    }
    for (int i = 0; i < n; i++) {
      int32_t *m = meta + (size_t)(first + got + i) * RECV_META;
      int length = (int)msgs[i].msg_len;
      m[0] = tag;
      m[1] = length > slot ? slot : length;
      m[2] = (length > slot || (msgs[i].msg_hdr.msg_flags & MSG_TRUNC)) ? FLAG_TRUNCATED : 0;
      put_source(m, &addrs[i]);
    }
    got += forward_batch(fw, tag, buf, slot, first + got, n, meta, &to_js);
    if (n < want) return got;
    ask = CHUNK;
  }
  *more = 1;
  return got;
}

/*
 * recv(epfd, buf: Uint8Array, slotSize, meta: Int32Array, stats: Int32Array
 *      [, rules: Int32Array, ruleDoubles: Float64Array, nowMs, fstats: Int32Array]) → datagrams stored.
 * The number of slots is min(buf.length / slotSize, meta.length / RECV_META). A full result means
 * more may be waiting: call again. stats: [recvmmsg calls, errors, last errno, ready sockets].
 * With the rule table, datagrams the relay fast path forwards are not stored (see the header).
 */
static napi_value js_recv(napi_env env, napi_callback_info info) {
  napi_value argv[9];
  int32_t epfd, slot;
  uint8_t *buf;
  int32_t *meta, *stats;
  size_t buf_len, meta_len, stats_len;
  size_t argc = 9;
  forwarding fw_store, *fw = NULL;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc >= 9) {
    size_t rules_len, doubles_len, fstats_len;
    CHECK(get_typed(env, argv[5], napi_int32_array, (void **)&fw_store.rules, &rules_len) == 0 &&
                  get_typed(env, argv[6], napi_float64_array, (void **)&fw_store.doubles, &doubles_len) == 0 &&
                  napi_get_value_double(env, argv[7], &fw_store.now_ms) == napi_ok &&
                  get_typed(env, argv[8], napi_int32_array, (void **)&fw_store.fstats, &fstats_len) == 0 && fstats_len >= 5
              ? napi_ok
              : napi_invalid_arg);
    fw_store.count = rules_len / RULE_WORDS;
    if (doubles_len / RULE_DOUBLES < fw_store.count) fw_store.count = doubles_len / RULE_DOUBLES;
    fw = &fw_store;
  }
  CHECK(argc >= 5 && get_i32(env, argv[0], &epfd) == 0 && get_i32(env, argv[2], &slot) == 0 &&
                get_typed(env, argv[1], napi_uint8_array, (void **)&buf, &buf_len) == 0 &&
                get_typed(env, argv[3], napi_int32_array, (void **)&meta, &meta_len) == 0 &&
                get_typed(env, argv[4], napi_int32_array, (void **)&stats, &stats_len) == 0 && slot > 0 &&
                stats_len >= 4
            ? napi_ok
            : napi_invalid_arg);
  size_t slots = buf_len / (size_t)slot;
  if (meta_len / RECV_META < slots) slots = meta_len / RECV_META;
  if (slots == 0) return int_value(env, 0);
  struct epoll_event events[MAX_EVENTS];
  int ready = epoll_wait(epfd, events, MAX_EVENTS, 0);
  if (ready < 0) return int_value(env, errno == EINTR ? 0 : -errno);
  stats[3] += ready;
  int stored = 0;
  for (int i = 0; i < ready; i++) {
    int fd = (int)(uint32_t)events[i].data.u64;
    int tag = (int)(events[i].data.u64 >> 32);
    int more = 1;
    if ((size_t)stored < slots) stored += drain(fd, tag, buf, slot, stored, (int)slots - stored, meta, stats, &more, fw);
    /* Not drained (the slots ran out): re-arm, so the edge-triggered set reports it again next call. */
    if (more) epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &events[i]);
  }
  return int_value(env, stored);
}

/*
 * recvFds(fds: Int32Array, count, buf, slotSize, meta, stats) → datagrams stored: the same, but over
 * a list of sockets without epoll (each socket is asked whether or not it has data; the tag of a
 * datagram is the index of its socket in `fds`). Kept to measure the alternative to epoll.
 */
static napi_value js_recv_fds(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  int32_t count, slot;
  int32_t *fds, *meta, *stats;
  uint8_t *buf;
  size_t fds_len, buf_len, meta_len, stats_len;
  CHECK(get_args(env, info, 6, argv) == 0 && get_typed(env, argv[0], napi_int32_array, (void **)&fds, &fds_len) == 0 &&
                get_i32(env, argv[1], &count) == 0 && get_typed(env, argv[2], napi_uint8_array, (void **)&buf, &buf_len) == 0 &&
                get_i32(env, argv[3], &slot) == 0 && get_typed(env, argv[4], napi_int32_array, (void **)&meta, &meta_len) == 0 &&
                get_typed(env, argv[5], napi_int32_array, (void **)&stats, &stats_len) == 0 && slot > 0 && stats_len >= 4 &&
                count >= 0 && (size_t)count <= fds_len
            ? napi_ok
            : napi_invalid_arg);
  size_t slots = buf_len / (size_t)slot;
  if (meta_len / RECV_META < slots) slots = meta_len / RECV_META;
  int stored = 0;
  int more;
  for (int i = 0; i < count && (size_t)stored < slots; i++) {
    stored += drain(fds[i], i, buf, slot, stored, (int)slots - stored, meta, stats, &more, NULL);
  }
  return int_value(env, stored);
}

static socklen_t dest_of(const int32_t *m, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof(struct sockaddr_in6));
  if (m[3] & FLAG_IPV6) {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((uint16_t)m[4]);
    memcpy(&s6->sin6_addr, &m[5], 16);
    return sizeof *s6;
  }
  struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
  s4->sin_family = AF_INET;
  s4->sin_port = htons((uint16_t)m[4]);
  s4->sin_addr.s_addr = htonl((uint32_t)m[5]);
  return sizeof *s4;
}

/*
 * send(buf: Uint8Array, meta: Int32Array, count, stats: Int32Array) → datagrams sent.
 * Consecutive datagrams leaving the same socket go out in one sendmmsg. A datagram the kernel
 * refuses (EMSGSIZE, unreachable, …) is dropped and the rest still go; when a socket's send buffer
 * is full (EAGAIN/ENOBUFS) the rest of that socket's run is dropped — UDP semantics, and what a
 * real-time relay wants rather than queueing stale audio.
 * stats: [sendmmsg calls, dropped for a full buffer, dropped for other errors, last errno].
 */
static napi_value js_send(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  int32_t count;
  uint8_t *buf;
  int32_t *meta, *stats;
  size_t buf_len, meta_len, stats_len;
  CHECK(get_args(env, info, 4, argv) == 0 && get_typed(env, argv[0], napi_uint8_array, (void **)&buf, &buf_len) == 0 &&
                get_typed(env, argv[1], napi_int32_array, (void **)&meta, &meta_len) == 0 &&
                get_i32(env, argv[2], &count) == 0 &&
                get_typed(env, argv[3], napi_int32_array, (void **)&stats, &stats_len) == 0 && stats_len >= 4 &&
                count >= 0 && (size_t)count * SEND_META <= meta_len
            ? napi_ok
            : napi_invalid_arg);
  struct mmsghdr msgs[CHUNK];
  struct iovec iovs[CHUNK];
  struct sockaddr_storage addrs[CHUNK];
  int sent = 0;
  int i = 0;
  while (i < count) {
    int fd = meta[(size_t)i * SEND_META];
    int run = 0;
    while (i + run < count && run < CHUNK && meta[(size_t)(i + run) * SEND_META] == fd) {
      const int32_t *m = meta + (size_t)(i + run) * SEND_META;
      size_t offset = (size_t)(uint32_t)m[1], length = (size_t)(uint32_t)m[2];
      if (offset + length > buf_len) length = offset > buf_len ? 0 : buf_len - offset;
      iovs[run].iov_base = buf + offset;
      iovs[run].iov_len = length;
      socklen_t sl = dest_of(m, &addrs[run]);
      msgs[run].msg_hdr =
          (struct msghdr){.msg_name = &addrs[run], .msg_namelen = sl, .msg_iov = &iovs[run], .msg_iovlen = 1};
      run++;
    }
    int done = 0;
    while (done < run) {
      int n = sendmmsg(fd, msgs + done, run - done, MSG_DONTWAIT);
      stats[0]++;
      if (n > 0) {
        done += n;
        sent += n;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      stats[3] = n < 0 ? errno : EIO;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)) {
        stats[1] += run - done;
        break;
      }
      stats[2]++;
      done++; /* this datagram cannot go (sendmmsg reports the failing one first): skip it */
    }
    i += run;
  }
  return int_value(env, sent);
}

/* pton(address) → [isIPv6 ? 2 : 0, a0, a1, a2, a3] in the metadata encoding, or undefined. */
static napi_value js_pton(napi_env env, napi_callback_info info) {
  napi_value argv[1], out, undef;
  char address[64];
  size_t len;
  CHECK(get_args(env, info, 1, argv) == 0 ? napi_ok : napi_invalid_arg);
  napi_get_undefined(env, &undef);
  if (napi_get_value_string_utf8(env, argv[0], address, sizeof address, &len) != napi_ok) return undef;
  struct sockaddr_storage ss;
  if (parse_addr(address, 0, &ss) == 0) return undef;
  int32_t m[8] = {0};
  put_source(m, &ss);
  napi_create_array_with_length(env, 5, &out);
  napi_set_element(env, out, 0, int_value(env, m[2]));
  for (int k = 0; k < 4; k++) napi_set_element(env, out, k + 1, int_value(env, m[4 + k]));
  return out;
}

/* ntop(flags, a0, a1, a2, a3) → address string as Node prints it (inet_ntop, RFC 5952 for IPv6). */
static napi_value js_ntop(napi_env env, napi_callback_info info) {
  napi_value argv[5], out;
  int32_t m[5];
  CHECK(get_args(env, info, 5, argv) == 0 ? napi_ok : napi_invalid_arg);
  for (int k = 0; k < 5; k++) CHECK(get_i32(env, argv[k], &m[k]) == 0 ? napi_ok : napi_invalid_arg);
  char text[INET6_ADDRSTRLEN];
  if (m[0] & FLAG_IPV6) {
    inet_ntop(AF_INET6, &m[1], text, sizeof text);
  } else {
    struct in_addr a = {.s_addr = htonl((uint32_t)m[1])};
    inet_ntop(AF_INET, &a, text, sizeof text);
  }
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &out);
  return out;
}

/*
 * Readiness instead of a timer (measured against it; see docs/media.md): a helper thread sleeps in
 * poll() on the epoll set and wakes JavaScript through a thread-safe function when a socket has data,
 * then waits until JavaScript has drained (rearm) and at least `minGapUs` have passed before watching
 * again — so an idle shard costs nothing and a busy one is woken at most 1 / minGap times a second.
 */
typedef struct {
  int epfd;
  int stopfd;
  int min_gap_us;
  volatile int stopping;
  sem_t drained;
  pthread_t thread;
  napi_threadsafe_function tsfn;
} watcher;

static void *watch_loop(void *arg) {
  watcher *w = arg;
  struct pollfd p[2] = {{.fd = w->epfd, .events = POLLIN}, {.fd = w->stopfd, .events = POLLIN}};
  while (!w->stopping) {
    int r = poll(p, 2, -1);
    if (r < 0 && errno == EINTR) continue;
    if (w->stopping || r < 0 || (p[1].revents & POLLIN)) break;
    if (!(p[0].revents & POLLIN)) continue;
    if (napi_call_threadsafe_function(w->tsfn, NULL, napi_tsfn_nonblocking) != napi_ok) break;
    while (sem_wait(&w->drained) < 0 && errno == EINTR) {
    }
    if (w->min_gap_us > 0 && !w->stopping) {
      struct timespec gap = {.tv_sec = w->min_gap_us / 1000000, .tv_nsec = (long)(w->min_gap_us % 1000000) * 1000};
      nanosleep(&gap, NULL);
    }
  }
  return NULL;
}

/* watch(epfd, callback, minGapUs) → handle; callback() must end with rearm(handle). */
static napi_value js_watch(napi_env env, napi_callback_info info) {
  napi_value argv[3], name, handle;
  int32_t epfd, gap;
  CHECK(get_args(env, info, 3, argv) == 0 && get_i32(env, argv[0], &epfd) == 0 && get_i32(env, argv[2], &gap) == 0
            ? napi_ok
            : napi_invalid_arg);
  watcher *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->epfd = epfd;
  w->min_gap_us = gap;
  w->stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  sem_init(&w->drained, 0, 0);
  napi_create_string_utf8(env, "udp_batch.watch", NAPI_AUTO_LENGTH, &name);
  CHECK(napi_create_threadsafe_function(env, argv[1], NULL, name, 1, 1, NULL, NULL, NULL, NULL, &w->tsfn));
  napi_unref_threadsafe_function(env, w->tsfn); /* the worker's own timers and port keep it alive */
  if (w->stopfd < 0 || pthread_create(&w->thread, NULL, watch_loop, w) != 0) {
    napi_release_threadsafe_function(w->tsfn, napi_tsfn_abort);
    if (w->stopfd >= 0) close(w->stopfd);
    free(w);
    napi_throw_error(env, "ERR_UDP_BATCH", "udp_batch: cannot start the watcher thread");
    return NULL;
  }
  CHECK(napi_create_external(env, w, NULL, NULL, &handle));
  return handle;
}

static watcher *watcher_of(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void *w = NULL;
  if (get_args(env, info, 1, argv) != 0 || napi_get_value_external(env, argv[0], &w) != napi_ok) return NULL;
  return w;
}

static napi_value js_rearm(napi_env env, napi_callback_info info) {
  watcher *w = watcher_of(env, info);
  CHECK(w ? napi_ok : napi_invalid_arg);
  sem_post(&w->drained);
  return NULL;
}

/* unwatch(handle): stop and join the thread. The handle must not be used again. */
static napi_value js_unwatch(napi_env env, napi_callback_info info) {
  watcher *w = watcher_of(env, info);
  CHECK(w ? napi_ok : napi_invalid_arg);
  uint64_t one = 1;
  w->stopping = 1;
  if (write(w->stopfd, &one, sizeof one) < 0) { /* the thread also sees `stopping` */
  }
  sem_post(&w->drained);
  pthread_join(w->thread, NULL);
  napi_release_threadsafe_function(w->tsfn, napi_tsfn_abort);
  close(w->stopfd);
  sem_destroy(&w->drained);
  free(w);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"localPort", NULL, js_local_port, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_enumerable, NULL},
      {"epollCreate", NULL, js_epoll_create, NULL, NULL, NULL, napi_enumerable, NULL},
      {"epollAdd", NULL, js_epoll_add, NULL, NULL, NULL, napi_enumerable, NULL},
      {"recv", NULL, js_recv, NULL, NULL, NULL, napi_enumerable, NULL},
      {"recvFds", NULL, js_recv_fds, NULL, NULL, NULL, napi_enumerable, NULL},
      {"send", NULL, js_send, NULL, NULL, NULL, napi_enumerable, NULL},
      {"pton", NULL, js_pton, NULL, NULL, NULL, napi_enumerable, NULL},
      {"ntop", NULL, js_ntop, NULL, NULL, NULL, napi_enumerable, NULL},
      {"watch", NULL, js_watch, NULL, NULL, NULL, napi_enumerable, NULL},
      {"rearm", NULL, js_rearm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"unwatch", NULL, js_unwatch, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_value recv_meta = int_value(env, RECV_META), send_meta = int_value(env, SEND_META);
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  napi_set_named_property(env, exports, "RECV_META", recv_meta);
  napi_set_named_property(env, exports, "SEND_META", send_meta);
  napi_set_named_property(env, exports, "RULE_WORDS", int_value(env, RULE_WORDS));
  napi_set_named_property(env, exports, "RULE_DOUBLES", int_value(env, RULE_DOUBLES));
  return exports;
}
