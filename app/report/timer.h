/* timer.h - the clock durations are measured with: monotonic seconds, so
 * a change of the wall clock never shows as a step's time. */
#ifndef INR_TIMER_H
#define INR_TIMER_H

/* Seconds since an arbitrary start (CLOCK_MONOTONIC). */
double timer_now(void);

#endif
