// Creating tensors and moving data between tensors and caller memory.
#include "mlt.h"
#include <cstring>

using mlt::ints;
using mlt::options;
using mlt::wrap;

enum class Fill : int32_t { Empty = 0, Zeros = 1, Ones = 2, Rand = 3, Randn = 4 };

static at::Tensor filled(Fill kind, at::IntArrayRef shape, const at::TensorOptions& o) {
  switch (kind) {
    case Fill::Empty: return at::empty(shape, o);
    case Fill::Zeros: return at::zeros(shape, o);
    case Fill::Ones: return at::ones(shape, o);
    case Fill::Rand: return at::rand(shape, o);
    case Fill::Randn: return at::randn(shape, o);
  }
  throw std::invalid_argument("unknown fill kind");
}

static at::Tensor filled_like(Fill kind, const at::Tensor& a, const at::TensorOptions& o) {
  switch (kind) {
    case Fill::Empty: return at::empty_like(a, o);
    case Fill::Zeros: return at::zeros_like(a, o);
    case Fill::Ones: return at::ones_like(a, o);
    case Fill::Rand: return at::rand_like(a, o);
    case Fill::Randn: return at::randn_like(a, o);
  }
  throw std::invalid_argument("unknown fill kind");
}

MLT_API int mlt_new(int32_t kind, const int64_t* shape, int32_t ndim, int32_t dtype, int32_t requires_grad,
                    at::Tensor** out) {
  MLT_TRY
  // at:: factories ignore requires_grad in the options (torch:: ones set it afterwards, as here).
  auto t = filled(static_cast<Fill>(kind), ints(shape, ndim), options(dtype));
  if (requires_grad) t.requires_grad_(true);
  *out = wrap(std::move(t));
  MLT_END
}

// dtype < 0 keeps the dtype of `a`.
MLT_API int mlt_new_like(int32_t kind, at::Tensor* a, int32_t dtype, at::Tensor** out) {
  MLT_TRY
  auto o = dtype < 0 ? at::TensorOptions() : options(dtype);
  *out = wrap(filled_like(static_cast<Fill>(kind), *a, o));
  MLT_END
}

MLT_API int mlt_full(const int64_t* shape, int32_t ndim, MltScalar value, int32_t dtype, int32_t requires_grad,
                     at::Tensor** out) {
  MLT_TRY
  auto t = at::full(ints(shape, ndim), mlt::scalar(value), options(dtype));
  if (requires_grad) t.requires_grad_(true);
  *out = wrap(std::move(t));
  MLT_END
}

MLT_API int mlt_full_like(at::Tensor* a, MltScalar value, int32_t dtype, at::Tensor** out) {
  MLT_TRY
  auto o = dtype < 0 ? at::TensorOptions() : options(dtype);
  *out = wrap(at::full_like(*a, mlt::scalar(value), o));
  MLT_END
}

MLT_API int mlt_arange(MltScalar start, MltScalar end, MltScalar step, int32_t dtype, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::arange(mlt::scalar(start), mlt::scalar(end), mlt::scalar(step), options(dtype)));
  MLT_END
}

MLT_API int mlt_randint(int64_t low, int64_t high, const int64_t* shape, int32_t ndim, int32_t dtype,
                        at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::randint(low, high, ints(shape, ndim), options(dtype)));
  MLT_END
}

MLT_API int mlt_randperm(int64_t n, int32_t dtype, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::randperm(n, options(dtype)));
  MLT_END
}

// Copies `nbytes` from caller memory into a new tensor.
MLT_API int mlt_from_data(const void* data, int64_t nbytes, const int64_t* shape, int32_t ndim, int32_t dtype,
                          at::Tensor** out) {
  MLT_TRY
  auto t = at::empty(ints(shape, ndim), options(dtype));
  TORCH_CHECK(static_cast<int64_t>(t.nbytes()) == nbytes, "data holds ", nbytes, " bytes but shape ",
              t.sizes(), " of ", t.dtype(), " needs ", t.nbytes());
  if (nbytes > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(nbytes));
  *out = wrap(std::move(t));
  MLT_END
}

// A tensor over caller memory, no copy: the caller keeps the memory alive (pinned) while the tensor lives.
MLT_API int mlt_from_blob(void* data, const int64_t* shape, int32_t ndim, int32_t dtype, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::from_blob(data, ints(shape, ndim), options(dtype)));
  MLT_END
}

static at::Tensor check_buffer(const at::Tensor& t, int64_t nbytes) {
  TORCH_CHECK(t.is_contiguous(), "tensor must be contiguous to share memory with a buffer");
  TORCH_CHECK(static_cast<int64_t>(t.nbytes()) == nbytes, "buffer holds ", nbytes, " bytes but tensor of shape ",
              t.sizes(), " and ", t.dtype(), " holds ", t.nbytes());
  return t;
}

MLT_API int mlt_copy_to_buffer(at::Tensor* a, void* dst, int64_t nbytes) {
  MLT_TRY
  auto c = a->contiguous();
  check_buffer(c, nbytes);
  if (nbytes > 0) std::memcpy(dst, c.data_ptr(), static_cast<size_t>(nbytes));
  MLT_END
}

MLT_API int mlt_copy_from_buffer(at::Tensor* a, const void* src, int64_t nbytes) {
  MLT_TRY
  check_buffer(*a, nbytes);
  if (nbytes > 0) std::memcpy(a->data_ptr(), src, static_cast<size_t>(nbytes));
  MLT_END
}

MLT_API int mlt_data_ptr(at::Tensor* a, void** out) {
  MLT_TRY
  TORCH_CHECK(a->is_contiguous(), "data pointer of a non-contiguous tensor");
  *out = a->data_ptr();
  MLT_END
}

MLT_API int mlt_item(at::Tensor* a, double* d, int64_t* i) {
  MLT_TRY
  auto s = a->item();
  if (s.isFloatingPoint()) {
    *d = s.toDouble();
    *i = static_cast<int64_t>(*d);
  } else {
    *i = s.toLong();
    *d = static_cast<double>(*i);
  }
  MLT_END
}

// Shape and type queries; they cannot fail on a defined tensor.
MLT_API int32_t mlt_dim(at::Tensor* a) { return static_cast<int32_t>(a->dim()); }
MLT_API int32_t mlt_sizes(at::Tensor* a, int64_t* out, int32_t capacity) {
  auto s = a->sizes();
  for (size_t k = 0; k < s.size() && static_cast<int32_t>(k) < capacity; ++k) out[k] = s[k];
  return static_cast<int32_t>(s.size());
}
MLT_API int32_t mlt_dtype(at::Tensor* a) { return static_cast<int32_t>(a->scalar_type()); }
MLT_API int64_t mlt_numel(at::Tensor* a) { return a->numel(); }
MLT_API int32_t mlt_is_contiguous(at::Tensor* a) { return a->is_contiguous() ? 1 : 0; }

MLT_API int mlt_size(at::Tensor* a, int32_t dim, int64_t* out) {
  MLT_TRY
  *out = a->size(dim);
  MLT_END
}
