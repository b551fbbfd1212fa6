namespace Mlops.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>torch.nn.init: in-place initialisers (they record no autograd history).</summary>
        public static class init
        {
            public static Tensor uniform_(Tensor tensor, double a = 0, double b = 1)
            {
                using (no_grad())
                    return tensor.uniform_(a, b);
            }

            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1)
            {
                using (no_grad())
                    return tensor.normal_(mean, std);
            }

            public static Tensor constant_(Tensor tensor, double value)
            {
                using (no_grad())
                    return tensor.fill_(value);
            }

            public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0);

            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

            /// <summary>He initialisation, uniform: bound = gain * sqrt(3 / fan).</summary>
            public static Tensor kaiming_uniform_(
                Tensor tensor,
                double a = 0,
                FanMode mode = FanMode.FanIn,
                Nonlinearity nonlinearity = Nonlinearity.LeakyRelu
            )
            {
                var std = calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
                var bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound);
            }

            /// <summary>He initialisation, normal: std = gain / sqrt(fan).</summary>
            public static Tensor kaiming_normal_(
                Tensor tensor,
                double a = 0,
                FanMode mode = FanMode.FanIn,
                Nonlinearity nonlinearity = Nonlinearity.LeakyRelu
            )
            {
                var std = calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
                return normal_(tensor, 0, std);
            }

            public static double calculate_gain(Nonlinearity nonlinearity, double param = 0) =>
                nonlinearity switch
                {
                    Nonlinearity.Linear or Nonlinearity.Sigmoid => 1.0,
                    Nonlinearity.Tanh => 5.0 / 3,
                    Nonlinearity.Relu => Math.Sqrt(2.0),
                    Nonlinearity.LeakyRelu => Math.Sqrt(2.0 / (1 + param * param)),
                    _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity)),
                };

            /// <summary>(fan_in, fan_out) of a weight [out, in, k...], as torch.nn.init computes them.</summary>
            public static (long fan_in, long fan_out) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                var shape = tensor.shape;
                if (shape.Length < 2)
                    throw new ArgumentException("fan in and fan out need a tensor with at least 2 dimensions");
                long receptive = 1;
                for (int k = 2; k < shape.Length; k++)
                    receptive *= shape[k];
                return (shape[1] * receptive, shape[0] * receptive);
            }

            private static long Fan(Tensor tensor, FanMode mode)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                return mode == FanMode.FanIn ? fanIn : fanOut;
            }
        }

        public enum FanMode
        {
            FanIn,
            FanOut,
        }

        public enum Nonlinearity
        {
            Linear,
            Sigmoid,
            Tanh,
            Relu,
            LeakyRelu,
        }
    }
}
