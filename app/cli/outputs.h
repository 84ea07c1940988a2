/* outputs.h - the output paths of a command, checked before any work: none
 * may be an input of the run (compared by device and inode, so hard links
 * and other spellings count) or another output, a prefix must name files;
 * and the temporary files that killed runs left next to them are removed. */
#ifndef INR_OUTPUTS_H
#define INR_OUTPUTS_H

typedef struct {
    const char *what;   /* for messages: "the checkpoint", "--log", "the input" */
    const char *path;   /* NULL: not used in this run */
} named_path;

/* Whether two paths name the same file: the same device and inode when both
 * exist, else the same directory and name. */
int paths_same(const char *a, const char *b);

/* 0, or 2 after one line when an output is one of the inputs or two outputs
 * are one file. */
int outputs_check(const named_path *in, int n_in, const named_path *out, int n_out);

/* 0, or 2 after one line when an -o prefix names no file ("", "dir/", "."). */
int output_prefix_check(const char *option, const char *prefix);

/* Removes PREFIX.tmp-PID / PREFIX.*.tmp-PID files of processes that are
 * gone (temp_files.h), saying so on stderr. */
void outputs_remove_stale(const char *prefix);

#endif
