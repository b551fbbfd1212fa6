using Mlops.Torch.Optim;

namespace Mlops.Torch;

public static partial class torch
{
    /// <summary>torch.optim: <c>torch.optim.SGD(model.named_parameters(), lr: 0.1, momentum: 0.9, nesterov:
    /// true)</c>.</summary>
    public static class optim
    {
        public static Optim.SGD SGD(
            IEnumerable<(string name, Parameter parameter)> parameters,
            double lr,
            double momentum = 0,
            double dampening = 0,
            double weight_decay = 0,
            bool nesterov = false,
            bool maximize = false
        ) => new(parameters, lr, momentum, dampening, weight_decay, nesterov, maximize);

        public static Optim.SGD SGD(
            IEnumerable<Parameter> parameters,
            double lr,
            double momentum = 0,
            double dampening = 0,
            double weight_decay = 0,
            bool nesterov = false,
            bool maximize = false
        ) => new(parameters, lr, momentum, dampening, weight_decay, nesterov, maximize);

        /// <summary>Groups with their own weight decay (torch.optim.SGD([{'params': ..., 'weight_decay': 0},
        /// ...])).</summary>
        public static Optim.SGD SGD(
            IEnumerable<ParamGroup> groups,
            double lr,
            double momentum = 0,
            double dampening = 0,
            double weight_decay = 0,
            bool nesterov = false,
            bool maximize = false
        ) => new(groups, lr, momentum, dampening, weight_decay, nesterov, maximize);

        public static Optim.AdamW AdamW(
            IEnumerable<ParamGroup> groups,
            double lr = 1e-3,
            (double beta1, double beta2)? betas = null,
            double eps = 1e-8,
            double weight_decay = 1e-2,
            bool maximize = false
        ) => new(groups, lr, betas?.beta1 ?? 0.9, betas?.beta2 ?? 0.999, eps, weight_decay, maximize);

        public static Optim.AdamW AdamW(
            IEnumerable<(string name, Parameter parameter)> parameters,
            double lr = 1e-3,
            (double beta1, double beta2)? betas = null,
            double eps = 1e-8,
            double weight_decay = 1e-2,
            bool maximize = false
        ) => new(parameters, lr, betas?.beta1 ?? 0.9, betas?.beta2 ?? 0.999, eps, weight_decay, maximize);

        public static Optim.AdamW AdamW(
            IEnumerable<Parameter> parameters,
            double lr = 1e-3,
            (double beta1, double beta2)? betas = null,
            double eps = 1e-8,
            double weight_decay = 1e-2,
            bool maximize = false
        ) => new(parameters, lr, betas?.beta1 ?? 0.9, betas?.beta2 ?? 0.999, eps, weight_decay, maximize);

        /// <summary>torch.optim.lr_scheduler.</summary>
        public static class lr_scheduler
        {
            public static Optim.StepLR StepLR(
                Optimizer optimizer,
                int step_size,
                double gamma = 0.1,
                int last_epoch = -1
            ) => new(optimizer, step_size, gamma, last_epoch);

            public static Optim.CosineAnnealingLR CosineAnnealingLR(
                Optimizer optimizer,
                int T_max,
                double eta_min = 0,
                int last_epoch = -1
            ) => new(optimizer, T_max, eta_min, last_epoch);

            public static Optim.LinearLR LinearLR(
                Optimizer optimizer,
                double start_factor = 1.0 / 3,
                double end_factor = 1.0,
                int total_iters = 5,
                int last_epoch = -1
            ) => new(optimizer, start_factor, end_factor, total_iters, last_epoch);

            public static Optim.SequentialLR SequentialLR(
                Optimizer optimizer,
                IReadOnlyList<LRScheduler> schedulers,
                IReadOnlyList<int> milestones,
                int last_epoch = -1
            ) => new(optimizer, schedulers, milestones, last_epoch);
        }
    }
}
