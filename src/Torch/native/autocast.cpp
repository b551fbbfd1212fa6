// CPU autocast (mixed precision): the thread's autocast state, entered and left by the managed torch.autocast scope.
#include "mlt.h"
#include <ATen/autocast_mode.h>

// Reads the calling thread's CPU autocast state so the managed scope can restore it on exit.
MLT_API int mlt_autocast_cpu_state(int32_t* enabled, int32_t* dtype) {
  MLT_TRY
  *enabled = at::autocast::is_cpu_enabled() ? 1 : 0;
  *dtype = static_cast<int32_t>(at::autocast::get_autocast_cpu_dtype());
  MLT_END
}

// Enters a scope: sets the state and counts nesting (as torch.autocast.__enter__ does).
MLT_API int mlt_autocast_cpu_enter(int32_t enabled, int32_t dtype) {
  MLT_TRY
  const auto type = static_cast<at::ScalarType>(dtype);
  TORCH_CHECK(type == at::kBFloat16 || type == at::kFloat,
              "CPU autocast supports bfloat16 only (or float32 to disable), got ", c10::toString(type));
  at::autocast::set_autocast_cpu_dtype(type);
  at::autocast::set_cpu_enabled(enabled != 0);
  at::autocast::increment_nesting();
  MLT_END
}

// Leaves a scope: restores the previous state; the outermost exit frees the cached low-precision weight casts.
MLT_API int mlt_autocast_cpu_exit(int32_t previous_enabled, int32_t previous_dtype) {
  MLT_TRY
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  at::autocast::set_cpu_enabled(previous_enabled != 0);
  at::autocast::set_autocast_cpu_dtype(static_cast<at::ScalarType>(previous_dtype));
  MLT_END
}
