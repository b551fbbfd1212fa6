// Views, reshapes, joins and indexing.
#include "mlt.h"

using mlt::ints;
using mlt::wrap;

enum class Reshape : int32_t { Reshape, View, Permute, Expand, Repeat };

MLT_API int mlt_reshape(int32_t op, at::Tensor* a, const int64_t* shape, int32_t ndim, at::Tensor** out) {
  MLT_TRY
  auto s = ints(shape, ndim);
  switch (static_cast<Reshape>(op)) {
    case Reshape::Reshape: *out = wrap(a->reshape(s)); break;
    case Reshape::View: *out = wrap(a->view(s)); break;
    case Reshape::Permute: *out = wrap(a->permute(s)); break;
    case Reshape::Expand: *out = wrap(a->expand(s)); break;
    case Reshape::Repeat: *out = wrap(a->repeat(s)); break;
    default: throw std::invalid_argument("unknown reshape op");
  }
  MLT_END
}

MLT_API int mlt_transpose(at::Tensor* a, int64_t dim0, int64_t dim1, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->transpose(dim0, dim1));
  MLT_END
}

MLT_API int mlt_t(at::Tensor* a, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->t());
  MLT_END
}

MLT_API int mlt_flatten(at::Tensor* a, int64_t start, int64_t end, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->flatten(start, end));
  MLT_END
}

// has_dim == 0 squeezes every dimension of size 1.
MLT_API int mlt_squeeze(at::Tensor* a, int64_t dim, int32_t has_dim, at::Tensor** out) {
  MLT_TRY
  *out = wrap(has_dim ? a->squeeze(dim) : a->squeeze());
  MLT_END
}

MLT_API int mlt_unsqueeze(at::Tensor* a, int64_t dim, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->unsqueeze(dim));
  MLT_END
}

MLT_API int mlt_narrow(at::Tensor* a, int64_t dim, int64_t start, int64_t length, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->narrow(dim, start, length));
  MLT_END
}

MLT_API int mlt_slice(at::Tensor* a, int64_t dim, int64_t start, int64_t end, int64_t step, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->slice(dim, start, end, step));
  MLT_END
}

MLT_API int mlt_select(at::Tensor* a, int64_t dim, int64_t index, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->select(dim, index));
  MLT_END
}

MLT_API int mlt_index_select(at::Tensor* a, int64_t dim, at::Tensor* index, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->index_select(dim, *index));
  MLT_END
}

MLT_API int mlt_gather(at::Tensor* a, int64_t dim, at::Tensor* index, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->gather(dim, *index));
  MLT_END
}

// Boolean-mask or integer-index selection along the first dimension, like a[mask] in PyTorch.
MLT_API int mlt_index(at::Tensor* a, at::Tensor* index, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->index({*index}));
  MLT_END
}

MLT_API int mlt_masked_fill(at::Tensor* a, at::Tensor* mask, MltScalar value, int32_t inplace, at::Tensor** out) {
  MLT_TRY
  if (inplace) a->masked_fill_(*mask, mlt::scalar(value));
  else *out = wrap(a->masked_fill(*mask, mlt::scalar(value)));
  MLT_END
}

MLT_API int mlt_cat(at::Tensor* const* tensors, int32_t n, int64_t dim, int32_t stack, at::Tensor** out) {
  MLT_TRY
  auto v = mlt::list(tensors, n);
  *out = wrap(stack ? at::stack(v, dim) : at::cat(v, dim));
  MLT_END
}

// Memory formats (c10::MemoryFormat codes: 0 contiguous, 1 preserve, 2 channels_last).
MLT_API int mlt_contiguous_format(at::Tensor* a, int32_t format, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->contiguous(static_cast<at::MemoryFormat>(format)));
  MLT_END
}

MLT_API int mlt_is_contiguous_format(at::Tensor* a, int32_t format, int32_t* out) {
  MLT_TRY
  *out = a->is_contiguous(static_cast<at::MemoryFormat>(format)) ? 1 : 0;
  MLT_END
}

// Re-lays out a tensor's data in place (the handle and autograd identity stay), like `p.data = p.contiguous(fmt)`.
MLT_API int mlt_relayout_(at::Tensor* a, int32_t format) {
  MLT_TRY
  c10::AutoGradMode no_grad(false);
  a->set_data(a->contiguous(static_cast<at::MemoryFormat>(format)));
  MLT_END
}
