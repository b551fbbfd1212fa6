// Element-wise math, comparisons, reductions and in-place updates.
#include "mlt.h"

using mlt::ints;
using mlt::scalar;
using mlt::wrap;

enum class Unary : int32_t {
  Neg, Exp, Log, Abs, Sqrt, Relu, Sigmoid, Tanh, Rsqrt, Floor, Ceil, Round, LogicalNot, Sin, Cos, Clone, Detach,
  Contiguous, Zero, Sign, Square, Log1p
};

static at::Tensor unary(Unary op, const at::Tensor& a) {
  switch (op) {
    case Unary::Neg: return a.neg();
    case Unary::Exp: return a.exp();
    case Unary::Log: return a.log();
    case Unary::Abs: return a.abs();
    case Unary::Sqrt: return a.sqrt();
    case Unary::Relu: return a.relu();
    case Unary::Sigmoid: return a.sigmoid();
    case Unary::Tanh: return a.tanh();
    case Unary::Rsqrt: return a.rsqrt();
    case Unary::Floor: return a.floor();
    case Unary::Ceil: return a.ceil();
    case Unary::Round: return a.round();
    case Unary::LogicalNot: return a.logical_not();
    case Unary::Sin: return a.sin();
    case Unary::Cos: return a.cos();
    case Unary::Clone: return a.clone();
    case Unary::Detach: return a.detach();
    case Unary::Contiguous: return a.contiguous();
    case Unary::Zero: return at::zeros_like(a);
    case Unary::Sign: return a.sign();
    case Unary::Square: return a.square();
    case Unary::Log1p: return a.log1p();
  }
  throw std::invalid_argument("unknown unary op");
}

static void unary_(Unary op, at::Tensor& a) {
  switch (op) {
    case Unary::Neg: a.neg_(); return;
    case Unary::Exp: a.exp_(); return;
    case Unary::Log: a.log_(); return;
    case Unary::Abs: a.abs_(); return;
    case Unary::Sqrt: a.sqrt_(); return;
    case Unary::Relu: a.relu_(); return;
    case Unary::Sigmoid: a.sigmoid_(); return;
    case Unary::Tanh: a.tanh_(); return;
    case Unary::Rsqrt: a.rsqrt_(); return;
    case Unary::Floor: a.floor_(); return;
    case Unary::Ceil: a.ceil_(); return;
    case Unary::Round: a.round_(); return;
    case Unary::Zero: a.zero_(); return;
    case Unary::Detach: a.detach_(); return;
    case Unary::Square: a.square_(); return;
    case Unary::Log1p: a.log1p_(); return;
    default: throw std::invalid_argument("this op has no in-place form");
  }
}

MLT_API int mlt_unary(int32_t op, at::Tensor* a, at::Tensor** out) {
  MLT_TRY
  *out = wrap(unary(static_cast<Unary>(op), *a));
  MLT_END
}

MLT_API int mlt_unary_(int32_t op, at::Tensor* a) {
  MLT_TRY
  unary_(static_cast<Unary>(op), *a);
  MLT_END
}

enum class Binary : int32_t {
  Add, Sub, Mul, Div, Pow, Eq, Ne, Gt, Ge, Lt, Le, Maximum, Minimum, Matmul, Mm, Remainder, LogicalAnd, LogicalOr,
  Copy
};

template <typename B>
static at::Tensor binary(Binary op, const at::Tensor& a, const B& b) {
  switch (op) {
    case Binary::Add: return a.add(b);
    case Binary::Sub: return a.sub(b);
    case Binary::Mul: return a.mul(b);
    case Binary::Div: return a.div(b);
    case Binary::Pow: return a.pow(b);
    case Binary::Eq: return a.eq(b);
    case Binary::Ne: return a.ne(b);
    case Binary::Gt: return a.gt(b);
    case Binary::Ge: return a.ge(b);
    case Binary::Lt: return a.lt(b);
    case Binary::Le: return a.le(b);
    case Binary::Remainder: return a.remainder(b);
    default: break;
  }
  if constexpr (std::is_same_v<B, at::Tensor>) {
    switch (op) {
      case Binary::Maximum: return a.maximum(b);
      case Binary::Minimum: return a.minimum(b);
      case Binary::Matmul: return a.matmul(b);
      case Binary::Mm: return a.mm(b);
      case Binary::LogicalAnd: return a.logical_and(b);
      case Binary::LogicalOr: return a.logical_or(b);
      default: break;
    }
  }
  throw std::invalid_argument("this binary op does not take this kind of operand");
}

template <typename B>
static void binary_(Binary op, at::Tensor& a, const B& b) {
  switch (op) {
    case Binary::Add: a.add_(b); return;
    case Binary::Sub: a.sub_(b); return;
    case Binary::Mul: a.mul_(b); return;
    case Binary::Div: a.div_(b); return;
    case Binary::Pow: a.pow_(b); return;
    case Binary::Remainder: a.remainder_(b); return;
    default: break;
  }
  if constexpr (std::is_same_v<B, at::Tensor>) {
    if (op == Binary::Copy) { a.copy_(b); return; }
  } else {
    if (op == Binary::Copy) { a.fill_(b); return; }
  }
  throw std::invalid_argument("this op has no in-place form");
}

MLT_API int mlt_binary(int32_t op, at::Tensor* a, at::Tensor* b, at::Tensor** out) {
  MLT_TRY
  *out = wrap(binary(static_cast<Binary>(op), *a, *b));
  MLT_END
}

MLT_API int mlt_binary_scalar(int32_t op, at::Tensor* a, MltScalar b, at::Tensor** out) {
  MLT_TRY
  *out = wrap(binary(static_cast<Binary>(op), *a, scalar(b)));
  MLT_END
}

// scalar - tensor, scalar / tensor, scalar ** tensor
MLT_API int mlt_scalar_binary(int32_t op, MltScalar a, at::Tensor* b, at::Tensor** out) {
  MLT_TRY
  switch (static_cast<Binary>(op)) {
    case Binary::Sub: *out = wrap(at::rsub(*b, scalar(a))); break;
    case Binary::Div: *out = wrap(at::reciprocal(*b).mul_(scalar(a))); break;
    case Binary::Pow: *out = wrap(at::pow(scalar(a), *b)); break;
    default: throw std::invalid_argument("unsupported scalar-first op");
  }
  MLT_END
}

MLT_API int mlt_binary_(int32_t op, at::Tensor* a, at::Tensor* b) {
  MLT_TRY
  binary_(static_cast<Binary>(op), *a, *b);
  MLT_END
}

MLT_API int mlt_binary_scalar_(int32_t op, at::Tensor* a, MltScalar b) {
  MLT_TRY
  binary_(static_cast<Binary>(op), *a, scalar(b));
  MLT_END
}

MLT_API int mlt_add_alpha(at::Tensor* a, at::Tensor* b, MltScalar alpha, int32_t inplace, at::Tensor** out) {
  MLT_TRY
  if (inplace) a->add_(*b, scalar(alpha));
  else *out = wrap(a->add(*b, scalar(alpha)));
  MLT_END
}

MLT_API int mlt_addcmul(at::Tensor* a, at::Tensor* t1, at::Tensor* t2, MltScalar value, int32_t inplace,
                        at::Tensor** out) {
  MLT_TRY
  if (inplace) a->addcmul_(*t1, *t2, scalar(value));
  else *out = wrap(a->addcmul(*t1, *t2, scalar(value)));
  MLT_END
}

MLT_API int mlt_addcdiv(at::Tensor* a, at::Tensor* t1, at::Tensor* t2, MltScalar value, int32_t inplace,
                        at::Tensor** out) {
  MLT_TRY
  if (inplace) a->addcdiv_(*t1, *t2, scalar(value));
  else *out = wrap(a->addcdiv(*t1, *t2, scalar(value)));
  MLT_END
}

MLT_API int mlt_lerp(at::Tensor* a, at::Tensor* end, MltScalar weight, int32_t inplace, at::Tensor** out) {
  MLT_TRY
  if (inplace) a->lerp_(*end, scalar(weight));
  else *out = wrap(a->lerp(*end, scalar(weight)));
  MLT_END
}

MLT_API int mlt_clamp(at::Tensor* a, MltScalar min, int32_t has_min, MltScalar max, int32_t has_max,
                      int32_t inplace, at::Tensor** out) {
  MLT_TRY
  c10::optional<at::Scalar> lo = has_min ? c10::optional<at::Scalar>(scalar(min)) : c10::nullopt;
  c10::optional<at::Scalar> hi = has_max ? c10::optional<at::Scalar>(scalar(max)) : c10::nullopt;
  if (inplace) a->clamp_(lo, hi);
  else *out = wrap(a->clamp(lo, hi));
  MLT_END
}

MLT_API int mlt_where(at::Tensor* cond, at::Tensor* a, at::Tensor* b, at::Tensor** out) {
  MLT_TRY
  *out = wrap(at::where(*cond, *a, *b));
  MLT_END
}

MLT_API int mlt_uniform_(at::Tensor* a, double from, double to) {
  MLT_TRY
  a->uniform_(from, to);
  MLT_END
}

MLT_API int mlt_normal_(at::Tensor* a, double mean, double std) {
  MLT_TRY
  a->normal_(mean, std);
  MLT_END
}

MLT_API int mlt_to_dtype(at::Tensor* a, int32_t dtype, at::Tensor** out) {
  MLT_TRY
  *out = wrap(a->to(static_cast<at::ScalarType>(dtype)));
  MLT_END
}

MLT_API int mlt_allclose(at::Tensor* a, at::Tensor* b, double rtol, double atol, int32_t* out) {
  MLT_TRY
  *out = at::allclose(*a, *b, rtol, atol) ? 1 : 0;
  MLT_END
}

enum class Reduce : int32_t { Sum, Mean, Max, Min, Prod, All, Any, Std, Var };

// ndim < 0 reduces over every element.
MLT_API int mlt_reduce(int32_t op, at::Tensor* a, const int64_t* dims, int32_t ndim, int32_t keepdim,
                       at::Tensor** out) {
  MLT_TRY
  const bool all = ndim < 0;
  const bool keep = keepdim != 0;
  at::Tensor r;
  switch (static_cast<Reduce>(op)) {
    case Reduce::Sum: r = all ? a->sum() : a->sum(ints(dims, ndim), keep); break;
    case Reduce::Mean: r = all ? a->mean() : a->mean(ints(dims, ndim), keep); break;
    case Reduce::Max: r = all ? a->max() : a->amax(ints(dims, ndim), keep); break;
    case Reduce::Min: r = all ? a->min() : a->amin(ints(dims, ndim), keep); break;
    case Reduce::Prod:
      TORCH_CHECK(all || ndim == 1, "prod reduces over one dimension or all");
      r = all ? a->prod() : a->prod(dims[0], keep);
      break;
    case Reduce::All:
      TORCH_CHECK(all || ndim == 1, "all reduces over one dimension or all");
      r = all ? a->all() : a->all(dims[0], keep);
      break;
    case Reduce::Any:
      TORCH_CHECK(all || ndim == 1, "any reduces over one dimension or all");
      r = all ? a->any() : a->any(dims[0], keep);
      break;
    case Reduce::Std: r = all ? a->std() : a->std(ints(dims, ndim), true, keep); break;
    case Reduce::Var: r = all ? a->var() : a->var(ints(dims, ndim), true, keep); break;
    default: throw std::invalid_argument("unknown reduction");
  }
  *out = wrap(std::move(r));
  MLT_END
}

// max/min along one dimension: values and indices.
MLT_API int mlt_max_dim(at::Tensor* a, int64_t dim, int32_t keepdim, int32_t is_min, at::Tensor** values,
                        at::Tensor** indices) {
  MLT_TRY
  auto r = is_min ? a->min(dim, keepdim != 0) : a->max(dim, keepdim != 0);
  *values = wrap(std::get<0>(r));
  *indices = wrap(std::get<1>(r));
  MLT_END
}

// has_dim == 0: over the flattened tensor.
MLT_API int mlt_argmax(at::Tensor* a, int64_t dim, int32_t has_dim, int32_t keepdim, int32_t is_min,
                       at::Tensor** out) {
  MLT_TRY
  c10::optional<int64_t> d = has_dim ? c10::optional<int64_t>(dim) : c10::nullopt;
  *out = wrap(is_min ? a->argmin(d, keepdim != 0) : a->argmax(d, keepdim != 0));
  MLT_END
}
