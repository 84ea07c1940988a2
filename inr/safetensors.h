/* safetensors.h - a model's weights as a .safetensors file, the format
 * Python's `safetensors` package (and PyTorch, JAX, numpy through it) loads.
 *
 * Layout: an 8-byte little-endian header length N, N bytes of JSON
 * ({"W0": {"dtype": "F32", "shape": [256, 2], "data_offsets": [b, e]}, ...,
 * "__metadata__": {"model": "siren", "w0": "30", ...}}, padded with spaces
 * to a multiple of 8), then the tensors' float32 data, little-endian, in the
 * model's order. Tensors carry the checkpoint's names and shapes (weights
 * (out, in) as in PyTorch); the metadata holds the configuration and the
 * signal's mapping back (every field of the .inr header, as strings). No
 * optimizer state. Written atomically. */
#ifndef INR_SAFETENSORS_H
#define INR_SAFETENSORS_H

#include "checkpoint.h"

inr_status inr_safetensors_save(const char *path, const inr_model *m, const inr_fit_info *info);

#endif
