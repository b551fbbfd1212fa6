// Shared by every translation unit of the shim (also the precompiled header).
// Conventions of the C ABI:
//   * tensors cross as opaque at::Tensor* owned by the caller (freed with mlt_free); NULL = undefined;
//   * every entry point returns 0 on success or 1 after a C++ exception, whose text is kept in a
//     thread-local string read with mlt_last_error(); no exception ever crosses into .NET.
#pragma once
#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <atomic>
#include <cstdint>
#include <string>

#define MLT_API extern "C" __attribute__((visibility("default")))

// A scalar as the managed side passes it: integral values stay integral so int tensors keep their dtype.
struct MltScalar {
  double d;
  int64_t i;
  int32_t is_int;
};

namespace mlt {
extern std::atomic<int64_t> live_tensors;
void set_error(const char* message);

inline at::Tensor* wrap(at::Tensor t) {
  if (!t.defined()) return nullptr;
  live_tensors.fetch_add(1, std::memory_order_relaxed);
  return new at::Tensor(std::move(t));
}
inline at::IntArrayRef ints(const int64_t* p, int32_t n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }
inline c10::optional<at::Tensor> opt(const at::Tensor* t) {
  return t != nullptr && t->defined() ? c10::optional<at::Tensor>(*t) : c10::nullopt;
}
inline at::Scalar scalar(MltScalar s) { return s.is_int ? at::Scalar(s.i) : at::Scalar(s.d); }
inline at::TensorOptions options(int32_t dtype) {
  return at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype));
}
inline std::vector<at::Tensor> list(at::Tensor* const* ts, int32_t n) {
  std::vector<at::Tensor> v;
  v.reserve(static_cast<size_t>(n));
  for (int32_t k = 0; k < n; ++k) v.push_back(*ts[k]);
  return v;
}
}  // namespace mlt

#define MLT_TRY try {
#define MLT_END                                                                              \
  return 0;                                                                                  \
  }                                                                                          \
  catch (const c10::Error& e) { mlt::set_error(e.what_without_backtrace()); return 1; }      \
  catch (const std::exception& e) { mlt::set_error(e.what()); return 1; }                   \
  catch (...) { mlt::set_error("unknown C++ exception in libtorch"); return 1; }
