// Process-wide services: errors, live-tensor count, freeing, seeds, threads, grad mode.
#include "mlt.h"
#include <ATen/Parallel.h>

namespace mlt {
std::atomic<int64_t> live_tensors{0};
static thread_local std::string last_error;
void set_error(const char* message) { last_error = message; }
}  // namespace mlt

MLT_API const char* mlt_last_error() { return mlt::last_error.c_str(); }

MLT_API int64_t mlt_live_tensors() { return mlt::live_tensors.load(); }

MLT_API void mlt_free(at::Tensor* t) {
  if (t == nullptr) return;
  delete t;
  mlt::live_tensors.fetch_sub(1, std::memory_order_relaxed);
}

MLT_API int mlt_manual_seed(uint64_t seed) {
  MLT_TRY
  at::manual_seed(seed);
  MLT_END
}

MLT_API int mlt_set_num_threads(int32_t n) {
  MLT_TRY
  at::set_num_threads(n);
  MLT_END
}

MLT_API int32_t mlt_get_num_threads() { return at::get_num_threads(); }

MLT_API int32_t mlt_grad_enabled() { return c10::GradMode::is_enabled() ? 1 : 0; }

MLT_API void mlt_set_grad_enabled(int32_t enabled) { c10::GradMode::set_enabled(enabled != 0); }
