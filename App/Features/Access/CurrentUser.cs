using System.Security.Claims;

namespace SchoolAssessment.Features.Access;

/// <summary>
/// The user of the current operation, in one place. In an HTTP request (a page's prerender, an endpoint) it is
/// the request's user. Inside a circuit it is the authentication state's (set by the circuit handler in Hosting,
/// kept current by the revalidating provider), never <see cref="IHttpContextAccessor"/>: there that is the
/// <c>/_blazor</c> connection's context as of its start.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http)
{
    // The circuit's user flows with each of its inbound activities (event handlers, renders), so singletons
    // such as the audit interceptor find it without a scope of their own.
    private static readonly AsyncLocal<CurrentUser?> Ambient = new();

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    private ClaimsPrincipal? _circuitUser;
    private Func<string>? _circuitLocation;

    /// <summary>The circuit's user while one of its activities runs; null in a plain HTTP request.</summary>
    public static CurrentUser? InCircuit => Ambient.Value;

    public bool IsCircuit => _circuitUser is not null;

    public ClaimsPrincipal Principal => _circuitUser ?? http.HttpContext?.User ?? Anonymous;

    /// <summary>Where the user is: the page's path in a circuit, the request's path otherwise (recorded with a refusal).</summary>
    public string Location => IsCircuit ? _circuitLocation?.Invoke() ?? "" : http.HttpContext?.Request.Path.Value ?? "";

    /// <summary>The user name of the operation for trails: the circuit's, else the request's.</summary>
    public static string? AmbientName(IHttpContextAccessor http) =>
        InCircuit is { } circuit ? circuit.Principal.Identity?.Name : http.HttpContext?.User.Identity?.Name;

    internal void EnterCircuit(ClaimsPrincipal user, Func<string> location)
    {
        _circuitUser = user;
        _circuitLocation = location;
    }

    internal void MakeAmbient() => Ambient.Value = this;
}
