# inrfit - build, test, demo and benchmark.
#
#   make            build build/inrfit (CPU backend; CUDA too when nvcc is found)
#   make demo       fit the bundled sample and write demo/ outputs
#   make test       build and run every test (prints "N passed, N failed, N skipped")
#   make bench      CPU benchmark: inrfit vs PyTorch on the same SIREN (figures printed)
#
# Detection: libpng, libsndfile, FFTW3 (single), OpenBLAS and OpenMP are
# required; SDL2 and nvcc are optional and switch their parts off with a note.

CC      ?= cc
ARCH    ?= -march=x86-64-v3
OPT     ?= -O3
CFLAGS  ?= $(OPT) $(ARCH) -g
CFLAGS  += -std=c11 -Wall -Wextra -fopenmp -D_GNU_SOURCE -Iinr -Ispectral -Iapp
LDLIBS  += -fopenmp -lm
BUILD   ?= build

PKGS      := libpng sndfile fftw3f
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ifeq ($(strip $(PKG_LIBS)),)
$(error libpng, libsndfile or fftw3f not found by pkg-config: run scripts/install-deps.sh)
endif
CFLAGS  += $(PKG_CFLAGS)
BLAS_LIBS ?= -lopenblas
LDLIBS  += $(PKG_LIBS) $(BLAS_LIBS)
ifneq ($(shell pkg-config --exists fftw3f && test -e $$(pkg-config --variable=libdir fftw3f)/libfftw3f_omp.so && echo y),)
  CFLAGS += -DHAVE_FFTW_OMP
  LDLIBS += -lfftw3f_omp
endif

HAVE_SDL2 := $(shell pkg-config --exists sdl2 && echo 1)
ifeq ($(HAVE_SDL2),1)
  CFLAGS += -DHAVE_SDL2 $(shell pkg-config --cflags sdl2)
  LDLIBS += $(shell pkg-config --libs sdl2)
endif

LIB_SRC  := $(wildcard inr/*.c) $(wildcard spectral/*.c)
APP_SRC  := $(filter-out app/main.c,$(wildcard app/*.c))
TEST_SRC := $(wildcard tests/test_*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
APP_OBJ  := $(APP_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_BIN := $(BUILD)/bench/bench_cpu

.PHONY: all demo test bench clean found
all: found $(BUILD)/inrfit

found:
	@echo "inrfit build: OpenBLAS, OpenMP, libpng, libsndfile, FFTW3f" \
	  "$(if $(HAVE_SDL2),+ SDL2 viewer,(no SDL2: viewer off))"

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libinr.a: $(LIB_OBJ)
	$(AR) rcs $@ $^
$(BUILD)/libapp.a: $(APP_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/inrfit: $(BUILD)/app/main.o $(BUILD)/libapp.a $(BUILD)/libinr.a
	$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libapp.a $(BUILD)/libinr.a tests/check.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests $< $(BUILD)/libapp.a $(BUILD)/libinr.a -o $@ $(LDLIBS)

$(BENCH_BIN): bench/bench_cpu.c $(BUILD)/libapp.a $(BUILD)/libinr.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< $(BUILD)/libapp.a $(BUILD)/libinr.a -o $@ $(LDLIBS)

demo: all
	@mkdir -p demo
	$(BUILD)/inrfit fit assets/camera_128.png --steps 300 -o demo/camera
	$(BUILD)/inrfit render demo/camera.inr --scale 2 -o demo/camera_x2.png
	$(BUILD)/inrfit info demo/camera.inr

test: all $(TEST_BIN)
	@tests/run_tests.sh $(BUILD)

bench: all $(BENCH_BIN)
	@bench/run_bench.sh $(BUILD)

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(BUILD)/app/main.d
