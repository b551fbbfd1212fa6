// torch.nn.functional: the layers and losses of image classifiers.
#include "mlt.h"

using mlt::ints;
using mlt::opt;
using mlt::wrap;

MLT_API int mlt_conv2d(at::Tensor* input, at::Tensor* weight, at::Tensor* bias, const int64_t* stride,
                       const int64_t* padding, const int64_t* dilation, int64_t groups, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::conv2d(*input, *weight, opt(bias), ints(stride, 2), ints(padding, 2), ints(dilation, 2), groups));
  MLT_END
}

// In training mode the running statistics are updated in place and num_batches_tracked (if given) counts up.
MLT_API int mlt_batch_norm(at::Tensor* input, at::Tensor* weight, at::Tensor* bias, at::Tensor* running_mean,
                           at::Tensor* running_var, at::Tensor* num_batches_tracked, int32_t training,
                           double momentum, double eps, at::Tensor** out) {
  MLT_TRY
  if (training && num_batches_tracked != nullptr) {
    c10::AutoGradMode no_grad(false);
    num_batches_tracked->add_(1);
  }
  *out = wrap(at::batch_norm(*input, opt(weight), opt(bias), opt(running_mean), opt(running_var), training != 0,
                             momentum, eps, true));
  MLT_END
}

MLT_API int mlt_linear(at::Tensor* input, at::Tensor* weight, at::Tensor* bias, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::linear(*input, *weight, opt(bias)));
  MLT_END
}

MLT_API int mlt_max_pool2d(at::Tensor* input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                           const int64_t* dilation, int32_t ceil_mode, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::max_pool2d(*input, ints(kernel, 2), ints(stride, 2), ints(padding, 2), ints(dilation, 2),
                             ceil_mode != 0));
  MLT_END
}

MLT_API int mlt_avg_pool2d(at::Tensor* input, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                           int32_t ceil_mode, int32_t count_include_pad, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::avg_pool2d(*input, ints(kernel, 2), ints(stride, 2), ints(padding, 2), ceil_mode != 0,
                             count_include_pad != 0));
  MLT_END
}

MLT_API int mlt_adaptive_avg_pool2d(at::Tensor* input, const int64_t* output_size, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::adaptive_avg_pool2d(*input, ints(output_size, 2)));
  MLT_END
}

// Bilinear resampling to an output size (upsample_bilinear2d: no antialiasing, also used to shrink).
MLT_API int mlt_interpolate_bilinear(at::Tensor* input, const int64_t* output_size, int32_t align_corners,
                                     at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::upsample_bilinear2d(*input, ints(output_size, 2), align_corners != 0, c10::nullopt, c10::nullopt));
  MLT_END
}

MLT_API int mlt_dropout(at::Tensor* input, double p, int32_t training, int32_t inplace, at::Tensor** out) {
  MLT_TRY
  if (inplace) at::dropout_(*input, p, training != 0);
  else *out = wrap(at::dropout(*input, p, training != 0));
  MLT_END
}

// dtype < 0: compute in the input's dtype.
MLT_API int mlt_softmax(at::Tensor* input, int64_t dim, int32_t log, int32_t dtype, at::Tensor** out) {
  MLT_TRY
  c10::optional<at::ScalarType> t =
      dtype < 0 ? c10::nullopt : c10::optional<at::ScalarType>(static_cast<at::ScalarType>(dtype));
  *out = wrap(log ? at::log_softmax(*input, dim, t) : at::softmax(*input, dim, t));
  MLT_END
}

// reduction: 0 none, 1 mean, 2 sum (at::Reduction).
MLT_API int mlt_cross_entropy(at::Tensor* input, at::Tensor* target, at::Tensor* weight, int64_t reduction,
                              int64_t ignore_index, double label_smoothing, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::cross_entropy_loss(*input, *target, opt(weight), reduction, ignore_index, label_smoothing));
  MLT_END
}

MLT_API int mlt_nll_loss(at::Tensor* input, at::Tensor* target, at::Tensor* weight, int64_t reduction,
                         int64_t ignore_index, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::nll_loss_nd(*input, *target, opt(weight), reduction, ignore_index));
  MLT_END
}

MLT_API int mlt_mse_loss(at::Tensor* input, at::Tensor* target, int64_t reduction, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::mse_loss(*input, *target, reduction));
  MLT_END
}
