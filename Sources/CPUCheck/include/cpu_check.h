#ifndef SENSEVEC_CPU_CHECK_H
#define SENSEVEC_CPU_CHECK_H

/// The instruction-set extensions this build of SenseVec was compiled for, comma-separated ("" for a
/// portable build).
const char *sensevec_required_cpu_features(void);

/// The required extensions this CPU lacks, comma-separated ("" when it has them all).
const char *sensevec_missing_cpu_features(void);

#endif
