#pragma once
// Programmer-error checks (CONVENTIONS.md §6). Wire input never reaches these: a bad
// packet is a counted drop, not a failed check. SOFTMCU_CHECK stays in release builds;
// SOFTMCU_DCHECK compiles away with NDEBUG.

#include <cstdio>
#include <cstdlib>

namespace softmcu::detail {
[[noreturn]] inline void CheckFailed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
  std::abort();
}
}  // namespace softmcu::detail

#define SOFTMCU_CHECK(cond) \
  ((cond) ? (void)0 : ::softmcu::detail::CheckFailed(#cond, __FILE__, __LINE__))

#ifdef NDEBUG
#define SOFTMCU_DCHECK(cond) ((void)0)
#else
#define SOFTMCU_DCHECK(cond) SOFTMCU_CHECK(cond)
#endif
