namespace Mlops.Ui;

/// <summary>A request the console refuses: the HTTP status, the field that was wrong (a query parameter, a path
/// part) and why.</summary>
public sealed class UiRequestException(int status, string field, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Field { get; } = field;
}
