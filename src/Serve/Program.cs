// Entry point of the serving image: the same server `mlops serve` starts, without the rest of the CLI.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health", () => Results.Ok(new { status = "alive" }));
app.Run();

public partial class Program;
