/* path_name.h - the parts of a file name the commands derive names and
 * titles from. */
#ifndef INR_PATH_NAME_H
#define INR_PATH_NAME_H

#include <stddef.h>

/* The last component of path ("a/b/photo.png" -> "photo.png"). */
const char *path_base_name(const char *path);
/* The last component without its extension into out (n bytes):
 * "a/b/photo.png" -> "photo"; a leading dot is no extension (".png"). */
void path_stem(const char *path, char *out, size_t n);

#endif
