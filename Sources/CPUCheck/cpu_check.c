// Stops a SenseVec binary on a CPU that lacks the instructions it was compiled for, with one line on stderr,
// before any Swift code runs (a constructor), instead of dying later on an illegal instruction.
//
// This file is compiled without the target-CPU flags of the Swift modules, so the check itself runs on any
// x86-64 CPU. SENSEVEC_TARGET_HASWELL is defined by Package.swift exactly when the Swift modules are compiled
// with `-target-cpu haswell`; the list below is the part of LLVM's Haswell feature set that code generation
// uses (AVX/AVX2 and FMA for the SIMD kernels, BMI1/2, LZCNT, POPCNT, MOVBE, F16C for scalar code), plus the
// operating system's support for the AVX register state (OSXSAVE and XCR0).
#include "cpu_check.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__) && defined(SENSEVEC_TARGET_HASWELL)
#include <cpuid.h>

static char missing[160];

static void note(const char *name, int present) {
    if (present) return;
    if (missing[0]) strncat(missing, ", ", sizeof missing - strlen(missing) - 1);
    strncat(missing, name, sizeof missing - strlen(missing) - 1);
}

static unsigned long long xcr0(void) {
    unsigned eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

static void find_missing(void) {
    unsigned a = 0, b = 0, c = 0, d = 0;
    unsigned ecx1 = 0, ebx7 = 0, ecx81 = 0;
    if (__get_cpuid(1, &a, &b, &c, &d)) ecx1 = c;
    if (__get_cpuid_max(0, 0) >= 7) { __cpuid_count(7, 0, a, b, c, d); ebx7 = b; }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d)) ecx81 = c;
    int osAVX = (ecx1 & bit_OSXSAVE) && (xcr0() & 6) == 6;
    missing[0] = 0;
    note("sse4.2", ecx1 & bit_SSE4_2);
    note("popcnt", ecx1 & bit_POPCNT);
    note("avx", (ecx1 & bit_AVX) && osAVX);
    note("avx2", (ebx7 & bit_AVX2) && osAVX);
    note("fma", (ecx1 & bit_FMA) && osAVX);
    note("f16c", ecx1 & bit_F16C);
    note("movbe", ecx1 & bit_MOVBE);
    note("bmi1", ebx7 & bit_BMI);
    note("bmi2", ebx7 & bit_BMI2);
    note("lzcnt", ecx81 & bit_LZCNT);
}

const char *sensevec_required_cpu_features(void) {
    return "sse4.2, popcnt, avx, avx2, fma, f16c, movbe, bmi1, bmi2, lzcnt";
}

const char *sensevec_missing_cpu_features(void) {
    find_missing();
    return missing;
}

__attribute__((constructor)) static void sensevec_check_cpu(void) {
    find_missing();
    if (!missing[0]) return;
    char line[320];
    int n = snprintf(line, sizeof line,
                     "Error: this sensevec was built for x86-64 CPUs with %s; this CPU lacks %s "
                     "(rebuild it on this machine, or with SENSEVEC_PORTABLE=1)\n",
                     sensevec_required_cpu_features(), missing);
    if (n > 0) { ssize_t ignored = write(2, line, (size_t)(n < (int)sizeof line ? n : (int)sizeof line - 1)); (void)ignored; }
    _exit(1);
}

#else
const char *sensevec_required_cpu_features(void) { return ""; }
const char *sensevec_missing_cpu_features(void) { return ""; }
#endif
