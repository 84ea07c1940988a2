/* test_atomic_file.c - outputs are committed all or nothing: a set whose
 * second rename fails gives the first its previous file back; devices are
 * written in place and never replaced; symbolic links are written through;
 * inputs and directories are refused; temporary files are removed on a
 * signal (temp_files_unlink_all) and stale ones of dead processes by the
 * next run (issue 12, items 4, 6, 10, 11). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>

#include "atomic_file.h"
#include "check.h"
#include "temp_files.h"
#include "test_files.h"

static void put_text(const char *path, const char *text)
{
    CHECK(write_file(path, text, strlen(text)) == 0, "cannot write %s", path);
}

static int has_text(const char *path, const char *text)
{
    size_t n;
    unsigned char *d = read_file_bytes(path, &n);
    int same = d && n == strlen(text) && memcmp(d, text, n) == 0;
    free(d);
    return same;
}

/* Entries of tmpdir holding ".tmp-" (temporary files left behind). */
static int temporaries(void)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) n += strstr(e->d_name, ".tmp-") != NULL;
    if (d) closedir(d);
    return n;
}

/* Opens a and b and writes text into both. */
static void open_pair(atomic_file *fa, atomic_file *fb, const char *a, const char *b)
{
    CHECK(atomic_open(a, fa) == INR_OK && atomic_open(b, fb) == INR_OK, "%s", inr_error());
    fputs("new-a", fa->file);
    fputs("new-b", fb->file);
}

/* b's final name turns into a non-empty directory after the files were
 * written, so its rename fails: a must come back as it was (or vanish when
 * it is new), with no temporary file left. */
static void set_rollback(int a_existed)
{
    char a[512], b[512], inside[600];
    tmp_path(a, sizeof a, "a.png");
    tmp_path(b, sizeof b, "b.inr");
    snprintf(inside, sizeof inside, "%s/x", b);
    unlink(a);
    if (a_existed) put_text(a, "old-a");
    put_text(b, "old-b");
    atomic_file fa, fb;
    open_pair(&fa, &fb, a, b);
    unlink(b);
    CHECK(mkdir(b, 0755) == 0, "mkdir %s", b);
    put_text(inside, "x");
    atomic_file *set[2] = { &fa, &fb };
    CHECK(atomic_commit_set(set, 2) != INR_OK, "commit into a directory succeeded");
    CHECK(strstr(inr_error(), "b.inr") != NULL, "reason: %s", inr_error());
    if (a_existed) CHECK(has_text(a, "old-a"), "the previous a.png was not restored");
    else CHECK(!file_exists(a), "a new a.png was left after a failed set");
    CHECK(temporaries() == 0, "%d temporary files left", temporaries());
    unlink(inside);
    rmdir(b);
}

static void set_success(void)
{
    char a[512], b[512];
    tmp_path(a, sizeof a, "a.png");
    tmp_path(b, sizeof b, "b.inr");
    put_text(a, "old-a");
    atomic_file fa, fb;
    open_pair(&fa, &fb, a, b);
    atomic_file *set[2] = { &fa, &fb };
    CHECK(atomic_commit_set(set, 2) == INR_OK, "%s", inr_error());
    CHECK(has_text(a, "new-a") && has_text(b, "new-b"), "set not written");
    CHECK(temporaries() == 0, "%d temporary files left", temporaries());
}

/* /dev/full: written in place, ENOSPC reported at commit, still a device. */
static void device_in_place(void)
{
    atomic_file af;
    CHECK(atomic_open("/dev/full", &af) == INR_OK, "%s", inr_error());
    if (!af.file) return;
    CHECK(af.direct, "/dev/full is not written in place");
    for (int i = 0; i < 10000; i++) fprintf(af.file, "%d,line\n", i);
    CHECK(atomic_commit(&af) != INR_OK, "writing /dev/full succeeded");
    CHECK(strstr(inr_error(), strerror(ENOSPC)) != NULL, "reason: %s", inr_error());
    struct stat st;
    CHECK(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode), "/dev/full is no longer a device");
}

static void refusals_and_links(void)
{
    char target[512], link[512], dangling[512], input[512];
    tmp_path(target, sizeof target, "target.png");
    tmp_path(link, sizeof link, "link.png");
    tmp_path(dangling, sizeof dangling, "dangling.png");
    tmp_path(input, sizeof input, "input.png");
    put_text(target, "old");
    CHECK(symlink("target.png", link) == 0 && symlink("missing.png", dangling) == 0, "symlink");
    atomic_file af;
    CHECK(atomic_open(link, &af) == INR_OK, "%s", inr_error());
    if (af.file) {
        fputs("new", af.file);
        CHECK(atomic_commit(&af) == INR_OK, "%s", inr_error());
    }
    struct stat st;
    CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "the link was replaced");
    CHECK(has_text(target, "new"), "not written through the link");
    CHECK(atomic_open(dangling, &af) != INR_OK && !file_exists(dangling),
          "a link to nothing was accepted");
    CHECK(atomic_open(tmpdir, &af) != INR_OK && strstr(inr_error(), "directory"),
          "a directory was accepted: %s", inr_error());
    put_text(input, "input");
    int fd = open(input, O_RDONLY);
    atomic_protect_fd(fd);
    close(fd);
    CHECK(atomic_open(input, &af) != INR_OK && strstr(inr_error(), "input"),
          "an input was accepted: %s", inr_error());
    CHECK(atomic_open(link, &af) == INR_OK, "%s", inr_error());   /* unrelated: still fine */
    atomic_abort(&af);
    CHECK(temporaries() == 0, "%d temporary files left", temporaries());
    unlink(link);
    unlink(dangling);
}

static void signal_cleanup_and_stale(void)
{
    char out[512], path[600];
    tmp_path(out, sizeof out, "sig.png");
    atomic_file af;
    CHECK(atomic_open(out, &af) == INR_OK, "%s", inr_error());
    CHECK(temporaries() == 1, "no temporary file while writing");
    temp_files_unlink_all();   /* what the signal handler does */
    CHECK(temporaries() == 0, "the signal cleanup left %d files", temporaries());
    atomic_abort(&af);

    pid_t dead = fork();
    if (dead == 0) _exit(0);
    waitpid(dead, NULL, 0);
    const char *names[] = { "pre.inr.tmp-%ld", "pre.tmp-%ld", "pre.png.old.tmp-%ld",
                            "prefix2.inr.tmp-%ld", "pre.png.tmp-%ldx" };
    for (int i = 0; i < 5; i++) {
        char name[64];
        snprintf(name, sizeof name, names[i], (long)dead);
        tmp_path(path, sizeof path, name);
        put_text(path, "stale");
    }
    snprintf(path, sizeof path, "%s/pre.png.tmp-%ld", tmpdir, (long)getppid());   /* alive */
    put_text(path, "alive");
    char prefix[512];
    tmp_path(prefix, sizeof prefix, "pre");
    int removed = temp_files_remove_stale(prefix, NULL, NULL);
    CHECK(removed == 3, "removed %d stale files, expected 3", removed);
    CHECK(file_exists(path), "a live process's temporary file was removed");
    CHECK(temporaries() == 3, "%d files with .tmp- left, expected 3", temporaries());
}

int main(void)
{
    if (make_tmpdir("atomic")) return 1;
    set_rollback(1);
    set_rollback(0);
    set_success();
    device_in_place();
    refusals_and_links();
    signal_cleanup_and_stale();
    remove_tmpdir();
    return check_result();
}
