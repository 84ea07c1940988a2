# inrfit - build, test, demo and benchmark.
#
#   make            build build/inrfit (CPU backend; CUDA too when nvcc is found)
#   make demo       fit the bundled sample and write demo/ outputs
#   make test       build and run every test (prints "N passed, N failed, N skipped")
#   make bench      CPU benchmark: inrfit vs PyTorch on the same SIREN (figures printed)
#   make bench-gpu  GPU benchmark: inrfit vs PyTorch on one GPU (needs CUDA and a GPU)
#   make gpu-bundle build/gpu-bundle/: binaries + libraries + run_gpu_checks.sh
#                   for a GPU machine that lacks libpng/libsndfile/OpenBLAS/FFTW
#
# Detection: libpng, libjpeg, libsndfile, FFTW3 (single), OpenBLAS and OpenMP are
# required; SDL2 and nvcc are optional and switch their parts off with a note.
# CUDA=auto (default) builds the CUDA backend when $(NVCC) is found, CUDA=0
# leaves it out, CUDA=1 insists; NVCC=/path/to/nvcc picks the compiler.

CC      ?= cc
ARCH    ?= -march=x86-64-v3
OPT     ?= -O3
CFLAGS  ?= $(OPT) $(ARCH) -g
CFLAGS  += -std=c11 -Wall -Wextra -fopenmp -D_GNU_SOURCE
LDLIBS  += -fopenmp -lm
BUILD   ?= build

# Layers (README "Layout"), each compiled with the include paths of its own
# folder and of those it may use, so a wrong-way include does not compile
# (tests/layers_check.sh proves it):
#   base/                     status, rng, atomic files
#   spectral/ | inr/ + cuda/  spectra | the engine; they do not see each other
#   io/                       the signal codecs, over the engine
#   api/                      include/inr.h over io/; with the above, libinr
#   app/report/               messages, progress, report, JSON (io/, engine)
#   app/figures/ | app/cli/   pictures | argument parsing, signals (report/)
#   app/fit/                  fit's options and steps (cli/, report/)
#   app/view/                 the viewer (figures/, cli/, report/)
#   app/cmd/, app/main.c      the commands: everything; so do tests and tools
BASE_INC     := -Ibase
SPECTRAL_INC := -Ibase -Ispectral
ENGINE_INC   := -Ibase -Iinr -Icuda
IO_INC       := $(ENGINE_INC) -Iio
API_INC      := $(ENGINE_INC) -Ispectral -Iio -Iapi -Iinclude
REPORT_INC   := -Ibase -Ispectral -Iinr -Icuda -Iinclude -Iio -Iapp/report
FIGURES_INC  := $(REPORT_INC) -Iapp/figures
CLI_INC      := $(REPORT_INC) -Iapp/cli
FIT_INC      := $(CLI_INC) -Iapi -Iapp/fit
VIEW_INC     := $(CLI_INC) -Iapp/figures -Iapp/view
APP_DIRS     := app/cmd app/cli app/fit app/report app/figures app/view
ALL_INC      := $(REPORT_INC) -Iapi $(patsubst %,-I%,$(filter-out app/report,$(APP_DIRS)))
INC           = $(ALL_INC)
# Each layer's folder and include paths; also written to $(BUILD)/layer-flags.
LAYERS       := base:BASE spectral:SPECTRAL inr:ENGINE cuda:ENGINE io:IO api:API \
                app/report:REPORT app/figures:FIGURES app/cli:CLI app/fit:FIT app/view:VIEW
layer_dir     = $(firstword $(subst :, ,$(1)))
layer_inc     = $($(lastword $(subst :, ,$(1)))_INC)
$(foreach d,$(BUILD) $(BUILD)/pic $(BUILD)/emul,$(foreach l,$(LAYERS),\
  $(eval $(d)/$(call layer_dir,$(l))/%.o: INC = $(call layer_inc,$(l)))))

PKGS      := libpng libjpeg sndfile fftw3f
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ifeq ($(strip $(PKG_LIBS)),)
$(error libpng, libjpeg, libsndfile or fftw3f not found by pkg-config: run scripts/install-deps.sh)
endif
CFLAGS  += $(PKG_CFLAGS)
# OpenBLAS is not linked: inr/blas.c opens it at run time, after setting
# its kernels from the CPU's features (OPENBLAS_CORETYPE), since OpenBLAS
# itself picks them from model numbers when it loads.
BLAS_SONAME ?= libopenblas.so.0
CFLAGS  += -DINR_BLAS_SONAME='"$(BLAS_SONAME)"'
LDLIBS  += $(PKG_LIBS) -ldl -lpthread
ifneq ($(shell pkg-config --exists fftw3f && test -e $$(pkg-config --variable=libdir fftw3f)/libfftw3f_omp.so && echo y),)
  CFLAGS += -DHAVE_FFTW_OMP
  LDLIBS += -lfftw3f_omp
endif

# oneDNN (Debian's libdnnl-dev): bf16 products on AMX / AVX512-BF16 for
# fit --precision bf16 (inr/dnnl_matmul.c); without it bf16 is refused.
HAVE_DNNL := $(shell printf '\043include <oneapi/dnnl/dnnl.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 && echo 1)
ifeq ($(HAVE_DNNL),1)
  CFLAGS += -DINR_HAVE_DNNL
  LDLIBS += -ldnnl
endif

# What libinr.so links (the viewer and CUDA are not in it).
LIB_LDLIBS := $(LDLIBS)

# jansson: the commands' --json output (app/report/json_out.c; not in libinr).
ifeq ($(shell pkg-config --exists jansson && echo y),)
  $(error jansson not found by pkg-config: run scripts/install-deps.sh)
endif
CFLAGS += $(shell pkg-config --cflags jansson)
LDLIBS += $(shell pkg-config --libs jansson)
# cairo: the pictures (app/figures/; text in Debian's fonts-dejavu-core).
ifeq ($(shell pkg-config --exists cairo && echo y),)
  $(error cairo not found by pkg-config: run scripts/install-deps.sh)
endif
CFLAGS += $(shell pkg-config --cflags cairo)
LDLIBS += $(shell pkg-config --libs cairo)

HAVE_SDL2 := $(shell pkg-config --exists sdl2 && echo 1)
ifeq ($(HAVE_SDL2),1)
  CFLAGS += -DHAVE_SDL2 $(shell pkg-config --cflags sdl2)
  LDLIBS += $(shell pkg-config --libs sdl2)
endif

# CUDA backend (cuda/): kernels for sm_90 (H100/H200) plus compute_80 PTX
# that the driver compiles for any other GPU from sm_80 on. cudart is linked
# statically (the binary then starts, and reports "no GPU", where no CUDA
# driver is installed); cuBLAS is opened at run time (cuda/cublas_dl.h) from
# the loader path, the rpath or the toolkit found here.
NVCC    ?= nvcc
CUDA    ?= auto
NVCC_BIN := $(if $(filter 0,$(CUDA)),,$(shell command -v $(NVCC) 2>/dev/null))
ifeq ($(CUDA),1)
  ifeq ($(NVCC_BIN),)
    $(error CUDA=1 but $(NVCC) was not found (set NVCC=/path/to/nvcc or CUDA=0))
  endif
endif
HAVE_CUDA := $(if $(NVCC_BIN),1,)
ifeq ($(HAVE_CUDA),1)
  CUDA_HOME   ?= $(patsubst %/bin/nvcc,%,$(realpath $(NVCC_BIN)))
  CUDA_LIBDIR := $(firstword $(wildcard $(CUDA_HOME)/lib64 $(CUDA_HOME)/lib) $(CUDA_HOME)/lib64)
  CUDA_VERSION := $(shell $(NVCC_BIN) --version | sed -n 's/.*release \([0-9.]*\).*/\1/p')
  CUDA_ARCH ?= -gencode arch=compute_90,code=sm_90 -gencode arch=compute_80,code=compute_80
  NVCCFLAGS ?= -O3 -std=c++17 $(CUDA_ARCH)
  NVCCFLAGS += -Xcompiler -Wall,-Wextra $(ENGINE_INC) -DINR_CUDA_LIBDIR='"$(CUDA_LIBDIR)"'
  CFLAGS  += -DINR_HAVE_CUDA
  LDLIBS  += -L$(CUDA_LIBDIR) -Wl,-rpath,$(CUDA_LIBDIR) -lcudart_static -ldl -lrt -lpthread \
             -lstdc++
endif
# Objects that depend on whether CUDA is built in are remade when that changes.
CUDA_STAMP := $(BUILD)/cuda-config
$(shell mkdir -p $(BUILD) && { echo "$(HAVE_CUDA)" | cmp -s - $(CUDA_STAMP) || echo "$(HAVE_CUDA)" > $(CUDA_STAMP); })

LIB_SRC  := $(wildcard base/*.c inr/*.c spectral/*.c io/*.c api/*.c) $(if $(HAVE_CUDA),$(wildcard cuda/*.c))
CU_SRC   := $(if $(HAVE_CUDA),$(wildcard cuda/*.cu))
APP_SRC  := $(filter-out app/main.c,$(wildcard app/*.c $(APP_DIRS:%=%/*.c)))
TEST_SRC := $(wildcard tests/test_*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(CU_SRC:%.cu=$(BUILD)/%.o)
APP_OBJ  := $(APP_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_BIN := $(BUILD)/bench/bench_cpu
GPU_BENCH_BIN := $(BUILD)/bench/bench_gpu

.PHONY: all demo test bench bench-gpu gpu-bundle clean found
all: found $(BUILD)/inrfit

found:
	@echo "inrfit build: OpenBLAS, OpenMP, libpng, libjpeg, libsndfile, FFTW3f" \
	  "$(if $(HAVE_SDL2),+ SDL2 viewer,(no SDL2: viewer off))" \
	  "$(if $(HAVE_DNNL),+ oneDNN bf16 products,(no oneDNN: --precision bf16 off))"
	@echo "inrfit build: $(if $(HAVE_CUDA),CUDA backend with nvcc $(CUDA_VERSION) ($(NVCC_BIN); sm_90 + compute_80 PTX; cuBLAS at run time from $(CUDA_LIBDIR)),$(if $(filter 0,$(CUDA)),CUDA=0: CUDA backend left out,no $(NVCC) found: CUDA backend left out (--device cuda will say so)))"

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC) -MMD -MP -c $< -o $@

# The AVX-512 builds of the elementwise and hash-grid kernels (picked at run
# time by cpuid, inr/elementwise.c, inr/hashgrid.c); everything else stays
# x86-64-v3.
AVX512_FLAGS := -march=x86-64-v4 -mprefer-vector-width=512
$(BUILD)/inr/elementwise_avx512.o $(BUILD)/inr/hashgrid_avx512.o: CFLAGS += $(AVX512_FLAGS)
# sqrtf without errno (Adam's argument is never negative), so that Adam's
# loop vectorises; vsqrtps rounds as sqrtss does.
$(BUILD)/inr/elementwise_%.o $(BUILD)/pic/inr/elementwise_%.o: CFLAGS += -fno-math-errno

$(BUILD)/%.o: %.cu
	@mkdir -p $(dir $@)
	$(NVCC) $(NVCCFLAGS) -MMD -MP -MF $(@:.o=.d) -c $< -o $@

$(BUILD)/inr/backend.o $(BUILD)/tests/test_cuda_ops $(GPU_BENCH_BIN): $(CUDA_STAMP)

# Rebuilt from scratch so that objects of a CUDA build leave with CUDA=0.
$(BUILD)/libinr.a: $(LIB_OBJ) $(CUDA_STAMP)
	@rm -f $@
	rm -f $@ && $(AR) rcs $@ $(filter %.o,$^)
$(BUILD)/libapp.a: $(APP_OBJ)
	@rm -f $@
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/inrfit: $(BUILD)/app/main.o $(BUILD)/libapp.a $(BUILD)/libinr.a
	$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libapp.a $(BUILD)/libinr.a tests/check.h tests/test_arrays.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ALL_INC) -Itests $< $(BUILD)/libapp.a $(BUILD)/libinr.a -o $@ $(LDLIBS)

$(BENCH_BIN): bench/bench_cpu.c $(BUILD)/libapp.a $(BUILD)/libinr.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ALL_INC) $< $(BUILD)/libapp.a $(BUILD)/libinr.a -o $@ $(LDLIBS)

$(GPU_BENCH_BIN): bench/bench_gpu.c $(BUILD)/libapp.a $(BUILD)/libinr.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ALL_INC) $< $(BUILD)/libapp.a $(BUILD)/libinr.a -o $@ $(LDLIBS)

# tests/test_cuda_host: the CUDA backend's host code (cuda/*.c, compiled
# with $(CC) into $(BUILD)/emul/, also with CUDA=0) over a host emulation
# of the CUDA ops (tests/emul_cuda_ops.c), so it runs without a GPU. The
# objects come before the archives and the emulation defines every op of
# ops_cuda.h and hcinr_cuda.h, so no real CUDA object of libinr.a is pulled in; nm checks
# (cudart's launch function would come with one). In a CUDA build the GPU
# test itself (tests/test_cuda_ops.c) also runs over the emulation, as
# test_cuda_ops_emul: its checks and tolerances are exercised before a GPU
# ever runs them.
EMUL_OBJ := $(patsubst %.c,$(BUILD)/emul/%.o,$(wildcard cuda/*.c) tests/emul_cuda_ops.c)
EMUL_TESTS := $(BUILD)/tests/test_cuda_host $(if $(HAVE_CUDA),$(BUILD)/tests/test_cuda_ops_emul)
TEST_BIN += $(EMUL_TESTS)

$(BUILD)/emul/%.o: %.c $(CUDA_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC) -Itests -MMD -MP -c $< -o $@

$(BUILD)/emul/tests/test_cuda_ops_emul.o: tests/test_cuda_ops.c $(CUDA_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ALL_INC) -Itests -DINR_CUDA_EMUL -MMD -MP -c $< -o $@

$(EMUL_TESTS): $(BUILD)/tests/%: $(BUILD)/emul/tests/%.o $(EMUL_OBJ) \
               $(BUILD)/libapp.a $(BUILD)/libinr.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(filter %.o,$^) $(BUILD)/libapp.a $(BUILD)/libinr.a -o $@ $(LDLIBS)
	@if nm $@ | grep -q cudaLaunchKernel; then \
	  echo "$@: a real CUDA object was linked in (an op missing from tests/emul_cuda_ops.c?)"; \
	  rm -f $@; exit 1; fi

-include $(EMUL_OBJ:.o=.d) $(EMUL_TESTS:$(BUILD)/tests/%=$(BUILD)/emul/tests/%.d)

demo: all
	@mkdir -p demo
	$(BUILD)/inrfit fit assets/camera_128.png --width 64 --layers 3 --steps 300 -o demo/camera \
	  --plot demo/camera_psnr.png
	$(BUILD)/inrfit render demo/camera.inr --scale 2 -o demo/camera_x2.png
	$(BUILD)/inrfit info demo/camera.inr

# What tests/layers_check.sh compiles its probes with: one line per layer,
# "FOLDER CC CFLAGS INCLUDES", written on every make test (the flags of
# this run, whatever OPT or CUDA say).
define newline


endef
.PHONY: $(BUILD)/layer-flags
$(BUILD)/layer-flags:
	$(file >$@,$(foreach l,$(LAYERS),$(call layer_dir,$(l)) $(CC) $(CFLAGS) $(call layer_inc,$(l))$(newline)))

test: all lib $(TEST_BIN) $(BUILD)/layer-flags
	@tests/run_tests.sh $(BUILD)

bench: all $(BENCH_BIN)
	@bench/run_bench.sh $(BUILD)

bench-gpu: all $(GPU_BENCH_BIN)
	@bench/run_bench_gpu.sh $(BUILD) || test $$? -eq 77

gpu-bundle: all $(BUILD)/tests/test_cuda_ops $(GPU_BENCH_BIN)
	@$(if $(HAVE_CUDA),scripts/gpu_bundle.sh $(BUILD),echo "gpu-bundle: CUDA is not built in ($(NVCC) not found or CUDA=0)"; exit 1)

clean:
	rm -rf $(BUILD)

# ---- libinr and make install (README "Installing") ----------------------
#   make lib        $(BUILD)/pic/libinr.a and libinr.so: the public API
#                   (include/inr.h, api/) over inr/, spectral/ and the
#                   signal loaders of io/, CPU only, from position-
#                   independent objects of their own ($(BUILD)/pic/)
#   make install    PREFIX (/usr/local) and DESTDIR: bin/inrfit, the man
#                   page, include/inr.h, lib/libinr.{a,so}, lib/pkgconfig/inr.pc
#   make uninstall  removes exactly those
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
SOVERSION  := 0
LIB_VERSION := $(shell sed -n 's/^\#define INRFIT_VERSION "\(.*\)"/\1/p' $(wildcard app/runtime_info.h app/report/runtime_info.h))
SONAME     := libinr.so.$(SOVERSION)
PIC_SRC    := $(wildcard base/*.c inr/*.c spectral/*.c io/*.c api/*.c)
PIC_OBJ    := $(PIC_SRC:%.c=$(BUILD)/pic/%.o)
PIC_CFLAGS  = $(filter-out -DINR_HAVE_CUDA -DHAVE_SDL2,$(CFLAGS)) -fPIC
LIB_PRIVATE := $(strip $(PKG_LIBS)) -lm -ldl -lpthread -lgomp $(filter -lfftw3f_omp -ldnnl,$(LIB_LDLIBS))
INSTALLED  := $(BINDIR)/inrfit $(MANDIR)/man1/inrfit.1 $(INCLUDEDIR)/inr.h $(LIBDIR)/libinr.a \
              $(LIBDIR)/libinr.so.$(LIB_VERSION) $(LIBDIR)/$(SONAME) $(LIBDIR)/libinr.so \
              $(LIBDIR)/pkgconfig/inr.pc
.PHONY: lib install uninstall
lib: $(BUILD)/pic/libinr.a $(BUILD)/pic/libinr.so.$(LIB_VERSION)

$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(PIC_CFLAGS) $(INC) -MMD -MP -c $< -o $@
$(BUILD)/pic/inr/elementwise_avx512.o $(BUILD)/pic/inr/hashgrid_avx512.o: CFLAGS += $(AVX512_FLAGS)
-include $(PIC_OBJ:.o=.d)

$(BUILD)/pic/libinr.a: $(PIC_OBJ)
	@rm -f $@
	rm -f $@ && $(AR) rcs $@ $^
# Only the inrfit_* functions of include/inr.h are exported (api/libinr.map).
$(BUILD)/pic/libinr.so.$(LIB_VERSION): $(PIC_OBJ) api/libinr.map
	$(CC) $(PIC_CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=api/libinr.map \
	  -Wl,-z,defs $(PIC_OBJ) -o $@ $(LIB_LDLIBS)

install: all lib
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 755 $(BUILD)/inrfit $(DESTDIR)$(BINDIR)/inrfit
	install -m 644 man/inrfit.1 $(DESTDIR)$(MANDIR)/man1/inrfit.1
	install -m 644 include/inr.h $(DESTDIR)$(INCLUDEDIR)/inr.h
	install -m 644 $(BUILD)/pic/libinr.a $(DESTDIR)$(LIBDIR)/libinr.a
	install -m 755 $(BUILD)/pic/libinr.so.$(LIB_VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libinr.so.$(LIB_VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libinr.so
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	  -e 's|@VERSION@|$(LIB_VERSION)|; s|@PRIVATE@|$(LIB_PRIVATE)|' api/inr.pc.in \
	  > $(DESTDIR)$(LIBDIR)/pkgconfig/inr.pc

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

# What a program linking $(BUILD)/pic/libinr.a statically needs after it
# (python/setup.py reads it: one line).
.PHONY: print-lib-ldflags
print-lib-ldflags:
	@echo $(LIB_LDLIBS)

-include $(LIB_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(BUILD)/app/main.d

# ---- reliability (README "Reliability"): sanitizers, valgrind, fuzzing ----
#   make test-asan       every test built with ASan + UBSan (-O1) in $(ASAN_BUILD)/
#                        (slow quality tests skipped), then valgrind-check
#   make valgrind-check  fit + render + info under valgrind: no leaks, no errors
#   make fuzz            libFuzzer targets (clang) in $(FUZZ_BUILD)/, each run for
#                        FUZZ_SECONDS (60); make fuzz-smoke: 10 s each (CI)
# GCC's "undefined" leaves out float-cast-overflow (out-of-range float ->
# int), which fuzzing found once (tests/regressions/checkpoint/), so it is
# named; any UB report fails the run (no recover).
SAN_OPT      ?= -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                -fsanitize=float-cast-overflow -fno-sanitize-recover=undefined,float-cast-overflow
ASAN_BUILD   ?= build-asan
FUZZ_BUILD   ?= build-fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := png jpeg audio checkpoint checkpoint_crc config cli
.PHONY: test-asan valgrind-check fuzz fuzz-smoke fuzz-build

test-asan:
	@INRFIT_SKIP_SLOW=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1 \
	  $(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) CUDA=0 OPT="$(SAN_OPT)" test
	@$(MAKE) --no-print-directory valgrind-check

valgrind-check: all
	@tests/valgrind_check.sh $(BUILD)

# -Wno-pass-failed: at -O1 clang reports every `omp simd` loop it leaves scalar.
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) CUDA=0 \
	  OPT="$(SAN_OPT) -fsanitize=fuzzer-no-link -Wno-pass-failed" $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz/fuzz_%)

# Only made through fuzz-build (clang, instrumented libraries).
$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_targets.c fuzz/fuzz_targets.h $(BUILD)/libapp.a $(BUILD)/libinr.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ALL_INC) -fsanitize=fuzzer -Ifuzz $< fuzz/fuzz_targets.c $(BUILD)/libapp.a \
	  $(BUILD)/libinr.a -o $@ $(LDLIBS)

fuzz: all fuzz-build
	@fuzz/run_fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(BUILD)/inrfit $(FUZZ_TARGETS)

fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10

# The regression replay compiles the fuzz entry points in.
$(BUILD)/tests/test_fuzz_regressions: fuzz/fuzz_targets.c fuzz/fuzz_targets.h
