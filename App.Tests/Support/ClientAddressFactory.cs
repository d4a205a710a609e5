using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SchoolAssessment.Tests.Support;

/// <summary>
/// The school tree app where a test chooses the client's address (header X-Test-Client-Address), as a real
/// connection would carry it: the in-process server has none of its own. Sign-in limits are small here.
/// </summary>
public class ClientAddressFactory : SchoolTreeFactory
{
    public const string AddressHeader = "X-Test-Client-Address";

    protected override void Configure(IWebHostBuilder builder)
    {
        base.Configure(builder);
        builder.UseSetting("SignIn:PostsPerAddressPerMinute", "12");
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", "10.9.9.9");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new AddressFilter()));
    }

    /// <summary>A client (not following redirects) whose requests come from the address.</summary>
    public HttpClient ClientFrom(string address, string baseAddress = "https://localhost")
    {
        var client = CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress),
        });
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    private sealed class AddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[AddressHeader].ToString(), out var address)) context.Connection.RemoteIpAddress = address;
                await nextMiddleware();
            });
            next(app);
        };
    }
}
