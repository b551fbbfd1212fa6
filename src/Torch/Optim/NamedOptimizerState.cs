using System.Globalization;
using Mlops.Core.Errors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mlops.Torch.Optim;

/// <summary>
/// An optimizer's state as named tensors, ready for a safetensors checkpoint: per parameter
/// <c>&lt;param&gt;.momentum_buffer</c> (SGD) or <c>&lt;param&gt;.step</c>, <c>.exp_avg</c>, <c>.exp_avg_sq</c>
/// (AdamW), and per group <c>param_groups.&lt;i&gt;.lr</c> and <c>.initial_lr</c>. TorchSharp keeps optimizer state
/// by position; naming it by parameter means a checkpoint still resumes after the optimizer is built in another
/// order, and a missing or extra parameter is an error that names it instead of a silent shift.
/// </summary>
public static class NamedOptimizerState
{
    public static Dictionary<string, Tensor> Save(optim.Optimizer optimizer, nn.Module model)
    {
        var names = NamesOf(model);
        var saved = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var groups = optimizer.ParamGroups.ToList();
        for (int g = 0; g < groups.Count; g++)
        {
            saved[GroupKey(g, "lr")] = tensor(groups[g].LearningRate, float64);
            saved[GroupKey(g, "initial_lr")] = tensor(groups[g].InitialLearningRate, float64);
        }
        var state = ((OptimizerHelper)optimizer).state_dict().State;
        foreach (var (parameter, entry) in optimizer.parameters().Zip(state))
        {
            string name = names[parameter.Handle];
            foreach (var (key, value) in Tensors(entry))
                if (value is not null)
                    saved[$"{name}.{key}"] = value.detach().clone();
        }
        return saved;
    }

    /// <summary>Puts <paramref name="saved"/> back; throws, naming <paramref name="where"/>, when it does not fit
    /// the optimizer's groups and parameters.</summary>
    public static void Load(
        optim.Optimizer optimizer,
        nn.Module model,
        IReadOnlyDictionary<string, Tensor> saved,
        string where
    )
    {
        var names = NamesOf(model);
        var groups = optimizer.ParamGroups.ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);
        Tensor Take(string key) =>
            saved.TryGetValue(key, out var value) && used.Add(key)
                ? value
                : throw new MlopsException($"the optimizer state has no '{key}'", where);
        for (int g = 0; g < groups.Count; g++)
        {
            groups[g].LearningRate = Take(GroupKey(g, "lr")).item<double>();
            groups[g].InitialLearningRate = Take(GroupKey(g, "initial_lr")).item<double>();
        }
        var state = ((OptimizerHelper)optimizer).state_dict().State;
        using var noGrad = no_grad();
        foreach (var (parameter, entry) in optimizer.parameters().Zip(state))
        {
            string name = names[parameter.Handle];
            Tensor? Named(string key) => saved.ContainsKey($"{name}.{key}") ? Take($"{name}.{key}") : null;
            Restore(entry, Named, where);
        }
        var extra = saved.Keys.Where(k => !used.Contains(k)).ToList();
        if (extra.Count > 0)
            throw new MlopsException(
                $"the optimizer state has entries for no trainable parameter: {string.Join(", ", extra.Take(5))}",
                where
            );
    }

    private static string GroupKey(int group, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"param_groups.{group}.{key}");

    private static Dictionary<IntPtr, string> NamesOf(nn.Module model) =>
        model.named_parameters().ToDictionary(p => p.parameter.Handle, p => p.name);

    private static IEnumerable<(string Key, Tensor? Value)> Tensors(OptimizerState entry) =>
        entry switch
        {
            SGD.State sgd => [("momentum_buffer", sgd.momentum_buffer)],
            AdamW.State adam =>
            [
                ("step", tensor(adam.step)),
                ("exp_avg", adam.exp_avg),
                ("exp_avg_sq", adam.exp_avg_sq),
                ("max_exp_avg_sq", adam.max_exp_avg_sq),
            ],
            _ => throw new NotSupportedException($"no named state for {entry.GetType().FullName}"),
        };

    private static void Restore(OptimizerState entry, Func<string, Tensor?> named, string where)
    {
        switch (entry)
        {
            case SGD.State sgd:
                Replace(ref sgd.momentum_buffer, named("momentum_buffer"));
                break;
            case AdamW.State adam:
                adam.step = named("step")?.item<long>() ?? 0;
                Replace(ref adam.exp_avg, named("exp_avg"));
                Replace(ref adam.exp_avg_sq, named("exp_avg_sq"));
                Replace(ref adam.max_exp_avg_sq, named("max_exp_avg_sq"));
                break;
            default:
                throw new MlopsException($"cannot restore state of {entry.GetType().Name}", where);
        }
    }

    private static void Replace(ref Tensor field, Tensor? value)
    {
        if (value is null)
            return;
        field?.Dispose();
        field = value.detach().clone().DetachFromDisposeScope();
    }
}
