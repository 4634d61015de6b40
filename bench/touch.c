/* Session 4's experiment on this VM's free page reporting (docs/performance.md,
 * "Two kinds of run"): touch MB megabytes of fresh memory, either in one burst
 * or spread over about a second on two threads (a 4 MiB step every 15 ms), then exit.
 *
 *   gcc -O2 -pthread bench/touch.c -o /tmp/touch
 *   for i in $(seq 10); do /usr/bin/time -f "%e %S" /tmp/touch 600 burst; done
 *   for i in $(seq 10); do /usr/bin/time -f "%e %S" /tmp/touch 600 spread; done
 *
 * System time well above ~0.05 s for 600 MB is host faults on pages the host
 * took back. Not built by cargo or CI. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static size_t half;
static int spread;

static void *touch(void *arg) {
  (void)arg;
  char *p = mmap(0, half, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 0;
  madvise(p, half, MADV_HUGEPAGE);
  for (size_t i = 0; i < half; i += 4096) {
    p[i] = 1;
    if (spread && (i & ((1 << 22) - 1)) == 0) usleep(15000);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  half = ((size_t)atol(argv[1]) << 20) / 2;
  spread = strcmp(argv[2], "spread") == 0;
  pthread_t a, b;
  pthread_create(&a, 0, touch, 0);
  pthread_create(&b, 0, touch, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
