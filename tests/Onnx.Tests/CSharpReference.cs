namespace Mlops.Onnx.Tests;

/// <summary>Plain C# versions of the operators in <see cref="TestModels"/>, the expected values for ORT's outputs.</summary>
internal static class CSharpReference
{
    public static float[] GemmRelu(float[] x, int batch, float[] w, float[] b, int inFeatures, int outFeatures)
    {
        var y = new float[batch * outFeatures];
        for (var n = 0; n < batch; n++)
        {
            for (var o = 0; o < outFeatures; o++)
            {
                var sum = b[o];
                for (var i = 0; i < inFeatures; i++)
                {
                    sum += x[n * inFeatures + i] * w[o * inFeatures + i];
                }

                y[n * outFeatures + o] = Math.Max(0f, sum);
            }
        }

        return y;
    }

    /// <summary>Conv 3x3 pad 1 → BN → ReLU → global average, for x: [batch, cin, h, w].</summary>
    public static float[] ConvBnPool(float[] x, int batch, int cin, int h, int w, TestModels.ConvBnWeights p, int cout)
    {
        var y = new float[batch * cout];
        for (var n = 0; n < batch; n++)
        {
            for (var o = 0; o < cout; o++)
            {
                double total = 0;
                for (var r = 0; r < h; r++)
                {
                    for (var c = 0; c < w; c++)
                    {
                        double sum = p.Bias[o];
                        for (var i = 0; i < cin; i++)
                        {
                            for (var kr = 0; kr < 3; kr++)
                            {
                                for (var kc = 0; kc < 3; kc++)
                                {
                                    int rr = r + kr - 1,
                                        cc = c + kc - 1;
                                    if (rr < 0 || rr >= h || cc < 0 || cc >= w)
                                    {
                                        continue;
                                    }

                                    sum +=
                                        x[((n * cin + i) * h + rr) * w + cc]
                                        * p.Weight[((o * cin + i) * 3 + kr) * 3 + kc];
                                }
                            }
                        }

                        var normalised = (sum - p.Mean[o]) / Math.Sqrt(p.Var[o] + p.Epsilon) * p.Scale[o] + p.Shift[o];
                        total += Math.Max(0, normalised);
                    }
                }

                y[n * cout + o] = (float)(total / (h * w));
            }
        }

        return y;
    }
}
