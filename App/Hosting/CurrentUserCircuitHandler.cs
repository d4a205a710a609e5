using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using SchoolAssessment.Features.Access;

namespace SchoolAssessment.Hosting;

/// <summary>
/// Feeds <see cref="CurrentUser"/> from the circuit's authentication state when the circuit opens, and again
/// whenever the state changes (the revalidating provider turns a changed security stamp into an anonymous user).
/// </summary>
internal sealed class CurrentUserCircuitHandler(AuthenticationStateProvider authentication, CurrentUser current, NavigationManager navigation)
    : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnChanged;
        await SetAsync(authentication.GetAuthenticationStateAsync());
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            current.MakeAmbient();
            return next(context);
        };

    private void OnChanged(Task<AuthenticationState> state) => _ = SetAsync(state);

    private async Task SetAsync(Task<AuthenticationState> state)
    {
        var user = (await state).User;
        current.EnterCircuit(user, () => new Uri(navigation.Uri).AbsolutePath);
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;
}
