/* test_status.c - inr_fail may take inr_error() as an argument: the reason
 * is formatted aside before it replaces the old one, so wrapping a reason in
 * context keeps it (it once read the buffer it was writing). */
#include <string.h>

#include "check.h"
#include "status.h"

int main(void)
{
    CHECK(inr_fail(INR_ERR_FORMAT, "width %d is not positive", 0) == INR_ERR_FORMAT, "code");
    CHECK(inr_fail(INR_ERR_INVALID, "x: %s", inr_error()) == INR_ERR_INVALID, "code");
    CHECK(strcmp(inr_error(), "x: width 0 is not positive") == 0, "got '%s'", inr_error());
    inr_fail(INR_ERR_FORMAT, "'%s': %s", "m.inr", inr_error());
    CHECK(strcmp(inr_error(), "'m.inr': x: width 0 is not positive") == 0, "got '%s'", inr_error());
    /* The reason twice in one message. */
    inr_fail(INR_ERR_FORMAT, "%s", "ab");
    inr_fail(INR_ERR_FORMAT, "%s/%s", inr_error(), inr_error());
    CHECK(strcmp(inr_error(), "ab/ab") == 0, "got '%s'", inr_error());
    return check_result();
}
