using Microsoft.AspNetCore.Http;
using Mlops.Core.Errors;
using Mlops.Ui.Access;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Actions;

/// <summary>What every action checks after its form: the access rule for the alias it moves, and the library's own
/// refusals (the registry's gate, Cloud Run's state) turned into a 409 page.</summary>
internal static class ActionGuards
{
    public static void Allow(AccessPolicy policy, ConsoleUser user, string alias)
    {
        if (policy.Refusal(user, alias) is { } refusal)
            throw new UiRequestException(StatusCodes.Status403Forbidden, "alias", refusal);
    }

    public static async Task RefusedAsConflict(Func<Task> act)
    {
        try
        {
            await act();
        }
        catch (MlopsException error)
        {
            throw new UiRequestException(StatusCodes.Status409Conflict, error.Where ?? "registry", error.Message);
        }
    }
}
