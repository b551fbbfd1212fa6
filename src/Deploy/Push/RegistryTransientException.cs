using Mlops.Core.Errors;

namespace Mlops.Deploy.Push;

/// <summary>A failure worth trying again (network cut, 429, 5xx): the pusher restarts that blob's upload.</summary>
public sealed class RegistryTransientException(string message, string? where, Exception? inner = null)
    : MlopsException(message, where, inner);
