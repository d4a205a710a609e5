// The floor of bench/startup.sh: the same host builder and Kestrel, one endpoint, no app.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/healthz", () => "Healthy");
app.Run();
