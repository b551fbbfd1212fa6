// Optimizer updates over a whole parameter list in one call, following torch/optim/sgd.py and adamw.py
// (PyTorch 1.13, single-tensor path) operation for operation.
#include "mlt.h"

// Parameters without a gradient are skipped. A NULL momentum buffer is created on first use
// and handed back through `buffers` (the caller owns it).
MLT_API int mlt_sgd_step(at::Tensor* const* params, at::Tensor** buffers, int32_t n, double lr, double momentum,
                         double dampening, double weight_decay, int32_t nesterov, int32_t maximize) {
  MLT_TRY
  c10::AutoGradMode no_grad(false);
  for (int32_t k = 0; k < n; ++k) {
    at::Tensor& param = *params[k];
    const at::Tensor& grad = param.grad();
    if (!grad.defined()) continue;
    at::Tensor d_p = maximize ? grad.neg() : grad;
    if (weight_decay != 0) d_p = d_p.add(param, weight_decay);
    if (momentum != 0) {
      if (buffers[k] == nullptr) {
        buffers[k] = mlt::wrap(d_p.clone().detach());
      } else {
        buffers[k]->mul_(momentum).add_(d_p, 1 - dampening);
      }
      const at::Tensor& buf = *buffers[k];
      d_p = nesterov ? d_p.add(buf, momentum) : buf;
    }
    param.add_(d_p, -lr);
  }
  MLT_END
}

// steps[k] counts the updates of parameter k (PyTorch keeps it as state['step']).
MLT_API int mlt_adamw_step(at::Tensor* const* params, at::Tensor** exp_avgs, at::Tensor** exp_avg_sqs,
                           double* steps, int32_t n, double lr, double beta1, double beta2, double eps,
                           double weight_decay, int32_t maximize) {
  MLT_TRY
  c10::AutoGradMode no_grad(false);
  for (int32_t k = 0; k < n; ++k) {
    at::Tensor& param = *params[k];
    const at::Tensor& g = param.grad();
    if (!g.defined()) continue;
    at::Tensor grad = maximize ? g.neg() : g;
    if (exp_avgs[k] == nullptr) exp_avgs[k] = mlt::wrap(at::zeros_like(param, at::MemoryFormat::Preserve));
    if (exp_avg_sqs[k] == nullptr) exp_avg_sqs[k] = mlt::wrap(at::zeros_like(param, at::MemoryFormat::Preserve));
    at::Tensor& exp_avg = *exp_avgs[k];
    at::Tensor& exp_avg_sq = *exp_avg_sqs[k];

    steps[k] += 1;
    param.mul_(1 - lr * weight_decay);
    exp_avg.mul_(beta1).add_(grad, 1 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);

    const double step = steps[k];
    const double bias_correction1 = 1 - std::pow(beta1, step);
    const double bias_correction2 = 1 - std::pow(beta2, step);
    const double step_size = lr / bias_correction1;
    const double bias_correction2_sqrt = std::sqrt(bias_correction2);
    at::Tensor denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps);
    param.addcdiv_(exp_avg, denom, -step_size);
  }
  MLT_END
}

// Scales gradients so their global L2 norm is at most max_norm; *total_norm receives the norm before clipping.
MLT_API int mlt_clip_grad_norm(at::Tensor* const* params, int32_t n, double max_norm, double* total_norm) {
  MLT_TRY
  c10::AutoGradMode no_grad(false);
  std::vector<at::Tensor> norms;
  for (int32_t k = 0; k < n; ++k) {
    const at::Tensor& g = params[k]->grad();
    if (g.defined()) norms.push_back(at::linalg_vector_norm(g, 2));
  }
  if (norms.empty()) { *total_norm = 0; return 0; }
  const double total = at::linalg_vector_norm(at::stack(norms), 2).item<double>();
  *total_norm = total;
  const double coef = max_norm / (total + 1e-6);
  if (coef < 1) {
    for (int32_t k = 0; k < n; ++k) {
      at::Tensor g = params[k]->grad();
      if (g.defined()) g.mul_(coef);
    }
  }
  MLT_END
}
