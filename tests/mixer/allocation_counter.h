#pragma once
// Counts heap allocations (global operator new) made between Start and Stop, for the tests
// that prove a steady-state tick allocates nothing (DESIGN.md "Threads"). The counting
// operator new lives in allocation_counter_test.cc, which replaces the global one for the
// whole mixer_tests binary; counting is off outside a measured block, so the other tests
// are unaffected. malloc() called by C libraries (libyuv's row buffers) is not seen.

namespace softmcu::testing {

void StartCountingAllocations();
// Allocations since StartCountingAllocations(); stops counting.
long StopCountingAllocations();

}  // namespace softmcu::testing
