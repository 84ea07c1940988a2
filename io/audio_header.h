/* audio_header.h - how much sample data an audio file's header declares,
 * read from the container's own chunks: libsndfile shortens a data chunk
 * that runs past the end of the file without a word, so a truncated file
 * can only be told from the header it came with.
 */
#ifndef INRFIT_AUDIO_HEADER_H
#define INRFIT_AUDIO_HEADER_H

/* A file's bytes: from memory when data is set, else read from fd. */
typedef struct {
    int fd;
    const unsigned char *data;
    long long size; /* the file's length in bytes; < 0 when unknown */
} audio_source;

/* Bytes of sample data the header of a WAV (RIFF, RIFX, RF64), W64, AIFF
 * (AIFC) or AU file declares; `major` is libsndfile's SF_FORMAT_* type.
 * -1 when unknown: another container, a header that cannot be read, or a
 * size a streaming writer left as a placeholder (audio_header.c). */
long long audio_header_data_bytes(const audio_source *src, int major);

#endif
