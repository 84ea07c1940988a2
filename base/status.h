/* status.h - one return convention for the inr/ and spectral/ libraries.
 *
 * Every fallible library function returns an inr_status (INR_OK == 0) and, on
 * failure, leaves a one-line reason retrievable with inr_error(). Libraries
 * never print or exit; only app/ talks to the user.
 */
#ifndef INR_STATUS_H
#define INR_STATUS_H

typedef enum {
    INR_OK = 0,
    INR_ERR_IO,        /* open/read/write failed (errno-style reason)      */
    INR_ERR_FORMAT,    /* file exists but its content is malformed         */
    INR_ERR_INVALID,   /* argument or value out of range (NaN, bad option) */
    INR_ERR_NOMEM,     /* allocation failed or size limit exceeded         */
    INR_ERR_UNSUPPORTED/* feature not built in / not available here        */
} inr_status;

/* Records a printf-style reason for the calling thread and returns `code`,
 * so that failure paths read `return inr_fail(INR_ERR_IO, "...", ...);`.
 * An argument may be inr_error() (a reason wrapped in context). */
inr_status inr_fail(inr_status code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The reason recorded by the last inr_fail() on this thread ("" if none). */
const char *inr_error(void);

/* Bugs (never bad input) abort loudly with file:line. */
#define INR_ASSERT(cond)                                                    \
    do {                                                                    \
        if (!(cond)) inr_assert_fail(#cond, __FILE__, __LINE__);            \
    } while (0)
void inr_assert_fail(const char *expr, const char *file, int line)
    __attribute__((noreturn));

#endif
