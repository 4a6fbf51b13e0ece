// SPDX-License-Identifier: GPL-2.0
/*
 * ums_example [NWORKERS]: one scheduler per CPU runs NWORKERS workers that
 * do nothing, half of which yield once; prints how long each switch (one
 * execute, until the worker yields or ends) and the whole run took.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "libums.h"

#define MAX_SCHEDS	64

static struct {
	long long switches, total_ns, max_ns;
} stats[MAX_SCHEDS];

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void worker(long index)
{
	if (index % 2)
		ums_thread_yield();
}

static void scheduler(void)
{
	int id = ums_scheduler_id() % MAX_SCHEDS;
	int n, w;

	if (enter_ums_scheduling_mode()) {
		perror("enter_ums_scheduling_mode");
		return;
	}
	while ((n = dequeue_ums_completion_list_items()) >= 0) {
		while ((w = get_next_ums_list_item()) >= 0) {
			long long t = now_ns();

			execute_ums_thread(w);
			t = now_ns() - t;
			stats[id].switches++;
			stats[id].total_ns += t;
			if (t > stats[id].max_ns)
				stats[id].max_ns = t;
		}
	}
}

int main(int argc, char **argv)
{
	int nworkers = argc > 1 ? atoi(argv[1]) : 6;
	long long t, switches = 0, total = 0, max = 0;
	int i;

	t = now_ns();
	if (UMSScheduler(nworkers, scheduler, worker)) {
		perror("UMSScheduler");
		return 1;
	}
	t = now_ns() - t;
	for (i = 0; i < MAX_SCHEDS; i++) {
		if (!stats[i].switches)
			continue;
		printf("scheduler %d: %lld switches, average %.1f us, max %.1f us\n",
		       i, stats[i].switches,
		       stats[i].total_ns / 1e3 / stats[i].switches,
		       stats[i].max_ns / 1e3);
		switches += stats[i].switches;
		total += stats[i].total_ns;
		if (stats[i].max_ns > max)
			max = stats[i].max_ns;
	}
	printf("%d workers: %lld switches, average %.1f us, max %.1f us, all ended after %.1f ms\n",
	       nworkers, switches, switches ? total / 1e3 / switches : 0.0,
	       max / 1e3, t / 1e6);
	return 0;
}
