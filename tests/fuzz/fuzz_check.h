#pragma once
// The fuzz targets' assertion: a broken invariant stops the run at once (libFuzzer keeps
// the input as a crash artifact), in every build type. SOFTMCU_CHECK would do the same but
// prints and aborts, which libFuzzer reports less directly.

namespace softmcu::fuzz {

inline void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace softmcu::fuzz
