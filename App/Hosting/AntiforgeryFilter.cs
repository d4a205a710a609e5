using Microsoft.AspNetCore.Antiforgery;

namespace SchoolAssessment.Hosting;

/// <summary>
/// Answers 400 when the antiforgery middleware found the request's token invalid, before the endpoint reads
/// the form (reading it would throw). Endpoints read the form themselves, after this check.
/// </summary>
public static class AntiforgeryFilter
{
    public static RouteHandlerBuilder RequireAntiforgeryToken(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
                ? Results.Problem(title: "请求已过期或来源无效,请刷新页面后重试", statusCode: StatusCodes.Status400BadRequest)
                : await next(context));
}
