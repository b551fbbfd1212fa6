// Autograd: requires_grad, gradients, backward.
#include "mlt.h"

using mlt::wrap;

MLT_API int mlt_requires_grad_(at::Tensor* a, int32_t requires_grad) {
  MLT_TRY
  a->requires_grad_(requires_grad != 0);
  MLT_END
}

MLT_API int32_t mlt_requires_grad(at::Tensor* a) { return a->requires_grad() ? 1 : 0; }

MLT_API int32_t mlt_is_leaf(at::Tensor* a) { return a->is_leaf() ? 1 : 0; }

// *out is NULL when no gradient has been accumulated.
MLT_API int mlt_grad(at::Tensor* a, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->grad());
  MLT_END
}

// grad == NULL clears the gradient (set_to_none).
MLT_API int mlt_set_grad(at::Tensor* a, at::Tensor* grad) {
  MLT_TRY
  if (grad != nullptr) {
    // The same checks as PyTorch's `x.grad = g` setter.
    TORCH_CHECK(grad->sizes() == a->sizes(), "assigned grad has data of a different size: ", grad->sizes(), " vs ", a->sizes());
    TORCH_CHECK(grad->scalar_type() == a->scalar_type(), "assigned grad has data of a different type: ", grad->scalar_type(),
                " vs ", a->scalar_type());
  }
  a->mutable_grad() = grad == nullptr ? at::Tensor() : *grad;
  MLT_END
}

// Clears the gradients of many tensors in one call: set_to_none, or zero them in place.
MLT_API int mlt_zero_grads(at::Tensor* const* ts, int32_t n, int32_t set_to_none) {
  MLT_TRY
  for (int32_t k = 0; k < n; ++k) {
    auto& g = ts[k]->mutable_grad();
    if (!g.defined()) continue;
    if (set_to_none) {
      g = at::Tensor();
    } else {
      if (g.grad_fn()) g = g.detach();
      else g.requires_grad_(false);
      g.zero_();
    }
  }
  MLT_END
}

MLT_API int mlt_backward(at::Tensor* a, at::Tensor* gradient, int32_t retain_graph, int32_t create_graph) {
  MLT_TRY
  a->backward(gradient == nullptr ? at::Tensor() : *gradient, c10::optional<bool>(retain_graph != 0),
              create_graph != 0);
  MLT_END
}
