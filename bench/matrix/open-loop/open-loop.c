/*
 * An open-loop HTTP/1.1 load generator for the bench's added-latency
 * figures: request i is due at start + i / rate, whatever happened to
 * earlier ones, and its latency runs from that due time (a slow answer
 * delays the requests queued behind it, and they are charged for it).
 *
 * Written in C because the figures are fractions of a millisecond: the
 * Node.js client the bench used before lagged its own schedule by one to
 * three milliseconds at p99 (garbage collection, promise turns), more
 * than the gateway's whole budget. Here a timerfd wakes the loop at each
 * due time and the client's own lag is reported (sendLagP50Ms and
 * sendLagP99Ms).
 *
 * Usage: open-loop ADDRESS PORT PATH RATE DURATION_S WARMUP_S CONNECTIONS
 *        TIMEOUT_MS HEADERS_FILE
 * HEADERS_FILE holds one line per request (request i uses line i modulo
 * the count): its headers separated by tabs. ADDRESS must be loopback.
 * Prints one line `BENCH_OPEN_LOOP_JSON {...}`; exit 2 on bad arguments.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define READ_BUFFER (256 * 1024)
#define MAX_CONNECTIONS 1024

enum { IDLE, CONNECTING, WAITING };

struct connection {
  int fd;
  int state;
  long request;
  char *in;
  size_t used;
};

struct run {
  struct sockaddr_storage address;
  socklen_t address_length;
  const char *path;
  char **headers;
  long header_count;
  double rate;
  long total;
  long first_recorded;
  int64_t start_ns;
  int64_t timeout_ns;
  int64_t *latency_ns;
  int64_t *lag_ns;
  long latencies;
  long lags;
  long completed;
  long non2xx;
  long errors;
  long finished;
};

static void fail(const char *what) {
  fprintf(stderr, "open-loop: %s: %s\n", what, strerror(errno));
  exit(1);
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t due_ns(const struct run *run, long request) {
  return run->start_ns + (int64_t)((double)request * 1e9 / run->rate);
}

static void usage(const char *why);

/* The whole of `text` as a number in [min, max], else a usage error. */
static double number(const char *text, double min, double max,
                     const char *name) {
  char *end;
  errno = 0;
  double value = strtod(text, &end);
  if (errno != 0 || end == text || *end != '\0' || !(value >= min) ||
      !(value <= max)) {
    fprintf(stderr, "open-loop: %s must be a number from %g to %g\n", name,
            min, max);
    exit(2);
  }
  return value;
}

static void usage(const char *why) {
  fprintf(stderr,
          "open-loop: %s\nusage: open-loop ADDRESS PORT PATH RATE "
          "DURATION_S WARMUP_S CONNECTIONS TIMEOUT_MS HEADERS_FILE\n",
          why);
  exit(2);
}

/* Loopback only: the bench never aims load anywhere else. */
static void parse_address(struct run *run, const char *text, int port) {
  struct sockaddr_in *v4 = (struct sockaddr_in *)&run->address;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&run->address;

  memset(&run->address, 0, sizeof run->address);
  if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
    if ((ntohl(v4->sin_addr.s_addr) >> 24) != 127)
      usage("ADDRESS must be a loopback address");
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    run->address_length = sizeof *v4;
    return;
  }
  if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
    if (!IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr))
      usage("ADDRESS must be a loopback address");
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    run->address_length = sizeof *v6;
    return;
  }
  usage("ADDRESS is not an IP address");
}

/* Each line's tabs become CRLFs: the header block of one request. */
static void read_headers(struct run *run, const char *file) {
  FILE *in = fopen(file, "r");
  if (in == NULL) fail(file);

  long capacity = 1024;
  run->headers = malloc(sizeof(char *) * (size_t)capacity);
  char *line = NULL;
  size_t size = 0;
  ssize_t length;
  while ((length = getline(&line, &size, in)) > 0) {
    if (line[length - 1] == '\n') line[--length] = '\0';
    if (length == 0) continue;
    char *block = malloc((size_t)length * 2 + 3);
    size_t at = 0;
    for (ssize_t i = 0; i < length; i++) {
      if (line[i] == '\t') {
        block[at++] = '\r';
        block[at++] = '\n';
      } else {
        block[at++] = line[i];
      }
    }
    block[at++] = '\r';
    block[at++] = '\n';
    block[at] = '\0';
    if (run->header_count == capacity) {
      capacity *= 2;
      run->headers = realloc(run->headers, sizeof(char *) * (size_t)capacity);
    }
    run->headers[run->header_count++] = block;
  }
  free(line);
  fclose(in);
  if (run->header_count == 0) usage("HEADERS_FILE has no line");
}

static void open_connection(struct run *run, struct connection *c, int epoll) {
  c->fd = socket(run->address.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (c->fd < 0) fail("socket");
  int one = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(c->fd, (struct sockaddr *)&run->address, run->address_length) <
          0 &&
      errno != EINPROGRESS)
    fail("connect");
  c->state = CONNECTING;
  c->used = 0;
  c->request = -1;

  struct epoll_event event = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
  if (epoll_ctl(epoll, EPOLL_CTL_ADD, c->fd, &event) < 0) fail("epoll_ctl");
}

static void record(struct run *run, long request, int status) {
  run->finished++;
  if (request < run->first_recorded) return;
  if (status < 0) {
    run->errors++;
    return;
  }
  run->completed++;
  if (status < 200 || status >= 400) run->non2xx++;
  run->latency_ns[run->latencies++] = now_ns() - due_ns(run, request);
}

/* A broken connection fails its request and is replaced. */
static void reset(struct run *run, struct connection *c, int epoll) {
  if (c->request >= 0) record(run, c->request, -1);
  epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  open_connection(run, c, epoll);
}

static int send_request(struct run *run, struct connection *c, long request) {
  char buffer[16384];
  const char *headers = run->headers[request % run->header_count];
  int length = snprintf(buffer, sizeof buffer,
                        "GET %s HTTP/1.1\r\nhost: localhost\r\n%s\r\n",
                        run->path, headers);
  if (length <= 0 || length >= (int)sizeof buffer) {
    errno = EMSGSIZE;
    fail("request too large");
  }

  int64_t sent = now_ns();
  if (write(c->fd, buffer, (size_t)length) != length) return -1;
  if (request >= run->first_recorded)
    run->lag_ns[run->lags++] = sent - due_ns(run, request);

  c->state = WAITING;
  c->request = request;
  c->used = 0;
  return 0;
}

/*
 * Whether the buffer holds one whole response: status line, headers, and a
 * content-length body or a chunked one. Sets *status.
 */
static int response_complete(const struct connection *c, int *status) {
  c->in[c->used] = '\0';
  char *end = strstr(c->in, "\r\n\r\n");
  if (end == NULL) return 0;
  if (c->used < 12 || strncmp(c->in, "HTTP/1.", 7) != 0) return -1;
  *status = atoi(c->in + 9);

  size_t head = (size_t)(end - c->in) + 4;
  char *line = strstr(c->in, "\r\n") + 2;
  long content_length = -1;
  int chunked = 0;
  while (line < end) {
    char *next = strstr(line, "\r\n");
    if (strncasecmp(line, "content-length:", 15) == 0)
      content_length = strtol(line + 15, NULL, 10);
    else if (strncasecmp(line, "transfer-encoding:", 18) == 0) {
      char *value = strcasestr(line, "chunked");
      chunked = value != NULL && value < next;
    }
    line = next + 2;
  }

  /* One answer per request: bytes past it are a protocol error. */
  if (content_length >= 0) {
    size_t whole = head + (size_t)content_length;
    return c->used < whole ? 0 : c->used == whole ? 1 : -1;
  }
  if (!chunked) return *status == 204 || *status == 304 ? 1 : -1;

  size_t at = head;
  for (;;) {
    char *size_end = memmem(c->in + at, c->used - at, "\r\n", 2);
    if (size_end == NULL) return 0;
    char *digits_end;
    long size = strtol(c->in + at, &digits_end, 16);
    if (digits_end == c->in + at || size < 0 || size > READ_BUFFER ||
        (*digits_end != '\r' && *digits_end != ';'))
      return -1;
    at = (size_t)(size_end - c->in) + 2;
    if (size == 0) {
      /* Trailers, if any, end with an empty line. */
      char *end_of_trailers = memmem(c->in + at, c->used - at, "\r\n\r\n", 4);
      if (c->used - at >= 2 && memcmp(c->in + at, "\r\n", 2) == 0)
        return c->used == at + 2 ? 1 : -1;
      if (end_of_trailers == NULL) return 0;
      return c->used == (size_t)(end_of_trailers - c->in) + 4 ? 1 : -1;
    }
    at += (size_t)size + 2;
    if (at > c->used) return 0;
  }
}

static int compare(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile in milliseconds, or -1 with no sample. */
static double percentile_ms(int64_t *values, long count, double p) {
  if (count == 0) return -1;
  long rank = (long)((p / 100.0) * (double)count + 0.999999) - 1;
  if (rank < 0) rank = 0;
  if (rank >= count) rank = count - 1;
  return (double)values[rank] / 1e6;
}

static void print_ms(const char *name, double value, const char *after) {
  if (value < 0)
    printf("\"%s\":null%s", name, after);
  else
    printf("\"%s\":%.3f%s", name, value, after);
}

int main(int argc, char **argv) {
  if (argc != 10) usage("wrong number of arguments");

  struct run run = {0};
  int port = (int)number(argv[2], 1, 65535, "PORT");
  run.path = argv[3];
  run.rate = number(argv[4], 0.001, 100000, "RATE");
  double duration = number(argv[5], 0.001, 600, "DURATION_S");
  double warmup = number(argv[6], 0, 600, "WARMUP_S");
  int connections = (int)number(argv[7], 1, MAX_CONNECTIONS, "CONNECTIONS");
  long timeout_ms = (long)number(argv[8], 1, 600000, "TIMEOUT_MS");
  if (run.path[0] != '/') usage("PATH must start with /");
  for (const char *c = run.path; *c != '\0'; c++)
    if ((unsigned char)*c <= ' ' || *c == 0x7f)
      usage("PATH must not hold spaces or control characters");
  parse_address(&run, argv[1], port);
  read_headers(&run, argv[9]);

  run.total = lround(run.rate * (warmup + duration));
  run.first_recorded = lround(run.rate * warmup);
  if (run.total - run.first_recorded < 1)
    usage("RATE x DURATION_S schedules no request");
  run.timeout_ns = (int64_t)timeout_ms * 1000000;
  run.latency_ns = calloc((size_t)run.total + 1, sizeof(int64_t));
  run.lag_ns = calloc((size_t)run.total + 1, sizeof(int64_t));
  long *queue = calloc((size_t)run.total + 1, sizeof(long));
  long queue_head = 0, queue_tail = 0;

  int epoll = epoll_create1(0);
  if (epoll < 0) fail("epoll_create1");
  struct connection *pool = calloc((size_t)connections, sizeof *pool);
  for (int i = 0; i < connections; i++) {
    pool[i].in = malloc(READ_BUFFER + 1);
    open_connection(&run, &pool[i], epoll);
  }

  /* Wake at each due time, not up to 50 us later (the default slack). */
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
  int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  if (timer < 0) fail("timerfd_create");
  struct epoll_event timer_event = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(epoll, EPOLL_CTL_ADD, timer, &timer_event);

  run.start_ns = now_ns() + 100000000; /* connections open meanwhile */
  long next = 0;
  int64_t give_up = due_ns(&run, run.total) + run.timeout_ns + 1000000000;
  struct epoll_event events[64];

  while (run.finished < run.total && now_ns() < give_up) {
    int64_t now = now_ns();
    while (next < run.total && due_ns(&run, next) <= now)
      queue[queue_tail++] = next++;

    for (int i = 0; i < connections && queue_head < queue_tail; i++) {
      if (pool[i].state != IDLE) continue;
      if (send_request(&run, &pool[i], queue[queue_head]) < 0) {
        reset(&run, &pool[i], epoll);
        continue;
      }
      queue_head++;
    }

    for (int i = 0; i < connections; i++) {
      struct connection *c = &pool[i];
      if (c->state == WAITING &&
          now - due_ns(&run, c->request) > run.timeout_ns)
        reset(&run, c, epoll);
    }

    if (next < run.total) {
      int64_t due = due_ns(&run, next);
      struct itimerspec at = {.it_value = {.tv_sec = due / 1000000000,
                                           .tv_nsec = due % 1000000000}};
      timerfd_settime(timer, TFD_TIMER_ABSTIME, &at, NULL);
    }

    int ready = epoll_wait(epoll, events, 64, 100);
    if (ready < 0 && errno != EINTR) fail("epoll_wait");
    for (int e = 0; e < ready; e++) {
      struct connection *c = events[e].data.ptr;
      if (c == NULL) {
        uint64_t expirations;
        if (read(timer, &expirations, sizeof expirations) < 0 &&
            errno != EAGAIN)
          fail("timerfd read");
        continue;
      }
      if (c->state == CONNECTING) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
          errno = error;
          fail("connect");
        }
        struct epoll_event event = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(epoll, EPOLL_CTL_MOD, c->fd, &event);
        c->state = IDLE;
        continue;
      }
      ssize_t got = read(c->fd, c->in + c->used, READ_BUFFER - c->used);
      if (got < 0 && errno == EAGAIN) continue;
      if (got <= 0 || c->state != WAITING) {
        reset(&run, c, epoll);
        continue;
      }
      c->used += (size_t)got;
      int status = 0;
      int complete = response_complete(c, &status);
      if (complete < 0 || (complete == 0 && c->used == READ_BUFFER)) {
        reset(&run, c, epoll);
      } else if (complete > 0) {
        record(&run, c->request, status);
        c->state = IDLE;
        c->request = -1;
        c->used = 0;
      }
    }
  }

  /* What never got an answer, or never left the queue, failed. */
  for (int i = 0; i < connections; i++)
    if (pool[i].state == WAITING) record(&run, pool[i].request, -1);
  for (long i = queue_head; i < queue_tail; i++) record(&run, queue[i], -1);
  for (long i = next; i < run.total; i++) record(&run, i, -1);

  qsort(run.latency_ns, (size_t)run.latencies, sizeof(int64_t), compare);
  qsort(run.lag_ns, (size_t)run.lags, sizeof(int64_t), compare);
  printf("BENCH_OPEN_LOOP_JSON {\"rateRps\":%g,\"scheduled\":%ld,"
         "\"completed\":%ld,\"non2xx\":%ld,\"errors\":%ld,",
         run.rate, run.total - run.first_recorded, run.completed, run.non2xx,
         run.errors);
  print_ms("p50Ms", percentile_ms(run.latency_ns, run.latencies, 50), ",");
  print_ms("p99Ms", percentile_ms(run.latency_ns, run.latencies, 99), ",");
  print_ms("maxMs", percentile_ms(run.latency_ns, run.latencies, 100), ",");
  print_ms("sendLagP50Ms", percentile_ms(run.lag_ns, run.lags, 50), ",");
  print_ms("sendLagP99Ms", percentile_ms(run.lag_ns, run.lags, 99), "}\n");
  return 0;
}
