using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Mlops.Ui.SignIn;

namespace Mlops.Ui.Actions;

/// <summary>
/// Reads a console form the safe way round: who is signed in first, then a bounded body of the one content type a
/// form has, then its CSRF token. Each refusal names what was wrong; nothing is acted on before all of them pass.
/// </summary>
internal sealed class ConsoleForm
{
    public const int MaxBytes = 16 * 1024;
    public const int MaxReasonLength = 500;

    private readonly IFormCollection _fields;

    private ConsoleForm(IFormCollection fields) => _fields = fields;

    /// <summary>The signed-in user, or a 401 that says why the request counts as signed out.</summary>
    public static ConsoleUser RequireUser(HttpContext context) =>
        ConsoleUser.From(context.User)
        ?? throw new UiRequestException(
            StatusCodes.Status401Unauthorized,
            context.Request.Cookies.ContainsKey(ConsoleAuthentication.SessionCookie)
                ? $"cookie {ConsoleAuthentication.SessionCookie}"
                : "sign-in",
            context.Request.Cookies.ContainsKey(ConsoleAuthentication.SessionCookie)
                ? "the session cookie could not be read (changed, expired, or from an earlier start of the console): "
                    + "sign in again; nothing was changed"
                : "changing anything needs a signed-in user: sign in first; nothing was changed"
        );

    public static async Task<ConsoleForm> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (
            !request.HasFormContentType
            || request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
        )
            throw new UiRequestException(
                StatusCodes.Status415UnsupportedMediaType,
                "Content-Type",
                $"expected application/x-www-form-urlencoded, got '{request.ContentType}'"
            );
        if (request.ContentLength > MaxBytes)
        {
            // The body is left unread: the connection cannot be reused for another request.
            context.Response.Headers.Connection = "close";
            throw TooLarge();
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBytes;
        IFormCollection fields;
        try
        {
            fields = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
        catch (Exception error) when (error is InvalidDataException or BadHttpRequestException)
        {
            throw new UiRequestException(StatusCodes.Status400BadRequest, "form", $"malformed form: {error.Message}");
        }
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            throw new UiRequestException(
                StatusCodes.Status400BadRequest,
                ConsoleAuthentication.CsrfField,
                "the form's CSRF token is missing or belongs to another session: reload the page and submit it "
                    + "again; nothing was changed"
            );
        }
        return new ConsoleForm(fields);
    }

    /// <summary>A required field, trimmed, at most <paramref name="maxLength"/> characters.</summary>
    public string Required(string name, int maxLength = 200)
    {
        var value = Optional(name, maxLength);
        return string.IsNullOrEmpty(value)
            ? throw new UiRequestException(StatusCodes.Status400BadRequest, name, "is required")
            : value;
    }

    public string? Optional(string name, int maxLength = 200)
    {
        var values = _fields[name];
        if (values.Count > 1)
            throw new UiRequestException(StatusCodes.Status400BadRequest, name, "was sent more than once");
        var value = values.Count == 0 ? null : values[0]?.Trim();
        if (value is { Length: var length } && length > maxLength)
            throw new UiRequestException(
                StatusCodes.Status400BadRequest,
                name,
                $"is {length} characters; at most {maxLength}"
            );
        return value;
    }

    public int RequiredInt(string name) =>
        int.TryParse(Required(name, 12), System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UiRequestException(StatusCodes.Status400BadRequest, name, "is not a whole number");

    /// <summary>The alias field, checked by the registry's own naming rule.</summary>
    public string RequiredAlias()
    {
        var alias = Required("alias", 64);
        try
        {
            return Registry.Models.RegistryNames.Alias(alias);
        }
        catch (Core.Errors.MlopsException error)
        {
            throw new UiRequestException(StatusCodes.Status400BadRequest, "alias", error.Message);
        }
    }

    public bool Ticked(string name) => Optional(name, 10) is "on" or "true";

    private static UiRequestException TooLarge() =>
        new(
            StatusCodes.Status413PayloadTooLarge,
            "form",
            $"the form is larger than {MaxBytes / 1024} KiB; nothing was changed"
        );
}
