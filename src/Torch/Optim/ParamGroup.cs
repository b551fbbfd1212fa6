namespace Mlops.Torch.Optim;

/// <summary>
/// One entry of torch's param_groups, reduced to what may differ between groups here: the weight decay, e.g.
/// <c>SGD([new(decayed), new(normsAndBiases, weight_decay: 0)], lr: 0.1, weight_decay: 5e-4)</c>. A group without its
/// own weight decay takes the optimizer's. The learning rate stays shared: the schedulers move the optimizer's one lr.
/// </summary>
public sealed record ParamGroup(IReadOnlyList<(string name, Parameter parameter)> @params, double? weight_decay = null);
